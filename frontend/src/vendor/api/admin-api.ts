/**
 * The admin API as the vendor console uses it: the fleet (paged), an installation's ring,
 * activation codes, and fleet flags. Shapes from functions/vendor/installations/schemas.ts
 * and the flag model, shared with the control plane's routes.
 */
import { z } from 'zod';
import {
  type ActivationCodeCreated,
  activationCodeCreatedSchema,
  type createActivationCodeSchema,
  type FleetEntry,
  fleetEntrySchema,
  type FleetPage,
  fleetPageSchema,
} from '../../../../functions/vendor/installations/schemas.js';
import { type FlagDefinition, flagDefinitionSchema, type Ring } from '../../../../functions/flags/model.js';
import type { FlagBody } from '../../../../functions/flags/schemas.js';
import type { AdminRequester } from './admin-request.js';

export type { ActivationCodeCreated, FleetEntry, FleetPage };
export type NewActivationCode = z.input<typeof createActivationCodeSchema>;

/** A fleet flag as the admin API lists it: the definition and its last change. */
const fleetFlagSchema = z.object({ definition: flagDefinitionSchema, updatedAt: z.string().optional(), updatedBy: z.string().optional() });
const fleetFlagListSchema = z.object({ items: z.array(fleetFlagSchema) });
export type FleetFlag = z.infer<typeof fleetFlagSchema>;
export type { FlagBody, FlagDefinition };

export interface AdminApi {
  listInstallations(query: { cursor?: string; limit?: number }, signal?: AbortSignal): Promise<FleetPage>;
  setRing(installationId: string, ring: Ring): Promise<FleetEntry>;
  createActivationCode(input: NewActivationCode): Promise<ActivationCodeCreated>;
  listFleetFlags(signal?: AbortSignal): Promise<FleetFlag[]>;
  /** Creates the flag (`expectedVersion` undefined) or replaces the version the console showed (412 if someone saved first). */
  saveFleetFlag(key: string, body: FlagBody, expectedVersion?: number): Promise<FleetFlag>;
}

export function adminApi(send: AdminRequester): AdminApi {
  return {
    listInstallations: ({ cursor, limit = 25 }, signal) => {
      const query = new URLSearchParams({ limit: String(limit), ...(cursor ? { cursor } : {}) });
      return send({ method: 'GET', path: `/admin/installations?${query}`, response: fleetPageSchema, signal });
    },
    setRing: (installationId, ring) =>
      send({ method: 'PUT', path: `/admin/installations/${encodeURIComponent(installationId)}/ring`, body: { ring }, response: fleetEntrySchema }),
    createActivationCode: (input) => send({ method: 'POST', path: '/admin/activation-codes', body: input, response: activationCodeCreatedSchema }),
    listFleetFlags: async (signal) => (await send({ method: 'GET', path: '/admin/flags', response: fleetFlagListSchema, signal })).items,
    saveFleetFlag: (key, body, expectedVersion) =>
      send({
        method: 'PUT',
        path: `/admin/flags/${encodeURIComponent(key)}`,
        body,
        headers: expectedVersion === undefined ? {} : { 'if-match': `"${expectedVersion}"` },
        response: fleetFlagSchema,
      }),
  };
}
