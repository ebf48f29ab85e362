/**
 * The vendor console's routes (function `adminApi`), for vendor staff only: the fleet,
 * rings, activation codes and fleet flags. Fleet flags go through the flag module's own
 * change rules (`fleet-flags.ts`): versions, If-Match, history.
 */
import { z } from 'zod';
import { flagBody, flagParams } from '../../flags/schemas.js';
import { NotFound } from '../../platform/errors.js';
import { expectedVersion } from '../../platform/preconditions.js';
import { deleteFleetFlag, fleetFlagHistory, getFleetFlag, listFleetFlags, putFleetFlag } from '../fleet-flags.js';
import { createActivationCodeSchema, fleetQuerySchema, installationParamsSchema, setRingSchema } from '../installations/schemas.js';
import { createActivationCode, getFleetEntry, listFleet, setRing } from '../installations/use-cases.js';
import { defineVendorRoute, signedInAdmin, VendorReply, type VendorRouteDeclaration } from './route.js';

const noQuery = z.object({}).strip();
const staffName = (admin: { userId: string; email?: string }) => admin.email ?? admin.userId;

export const adminRoutes: readonly VendorRouteDeclaration[] = [
  defineVendorRoute({
    method: 'GET',
    path: '/admin/installations',
    auth: 'admin',
    query: fleetQuerySchema,
    handle: ({ query, services }) => listFleet(services, query),
  }),
  defineVendorRoute({
    method: 'GET',
    path: '/admin/installations/{installationId}',
    auth: 'admin',
    params: installationParamsSchema,
    query: noQuery,
    handle: ({ params, services }) => getFleetEntry(services, params.installationId),
  }),
  defineVendorRoute({
    method: 'PUT',
    path: '/admin/installations/{installationId}/ring',
    auth: 'admin',
    params: installationParamsSchema,
    body: setRingSchema,
    handle: (input) => setRing(input.services, signedInAdmin(input), input.request, input.params.installationId, input.body.ring),
  }),
  defineVendorRoute({
    method: 'POST',
    path: '/admin/activation-codes',
    auth: 'admin',
    body: createActivationCodeSchema,
    async handle(input) {
      return new VendorReply(await createActivationCode(input.services, signedInAdmin(input), input.request, input.body), 201);
    },
  }),
  defineVendorRoute({
    method: 'GET',
    path: '/admin/flags',
    auth: 'admin',
    query: noQuery,
    async handle({ services }) {
      return { items: await listFleetFlags(services.db, services.tableName) };
    },
  }),
  defineVendorRoute({
    method: 'GET',
    path: '/admin/flags/{key}',
    auth: 'admin',
    params: flagParams,
    query: noQuery,
    async handle({ params, services }) {
      const flag = await getFleetFlag(services.db, services.tableName, params.key);
      if (!flag) throw new NotFound(`No fleet flag ${params.key}.`);
      return { ...flag, history: await fleetFlagHistory(services.db, services.tableName, params.key) };
    },
  }),
  defineVendorRoute({
    method: 'PUT',
    path: '/admin/flags/{key}',
    auth: 'admin',
    params: flagParams,
    body: flagBody,
    async handle(input) {
      // Creating needs no version; replacing needs the one read (If-Match), which the flag module enforces.
      const expected = input.request.headers['if-match'] ? expectedVersion(input.request) : undefined;
      const options = { by: staffName(signedInAdmin(input)), now: input.services.clock.now() };
      return putFleetFlag(input.services.db, input.services.tableName, { key: input.params.key, ...input.body }, expected, options);
    },
  }),
  defineVendorRoute({
    method: 'DELETE',
    path: '/admin/flags/{key}',
    auth: 'admin',
    params: flagParams,
    async handle(input) {
      const options = { by: staffName(signedInAdmin(input)), now: input.services.clock.now() };
      await deleteFleetFlag(input.services.db, input.services.tableName, input.params.key, expectedVersion(input.request), options);
      return undefined;
    },
  }),
];
