/**
 * Client methods of the updates view (admins): the running version, the channel's latest
 * release with its notes, and the decision on an upgrade waiting for approval. Shapes
 * from functions/upgrades/schemas.ts.
 */
import type { z } from 'zod';
import { type UpdatesView, updatesView, type approvalBody } from '../../../functions/upgrades/schemas.js';
import type { Requester } from './request.js';

export type { UpdatesView };
export type UpgradeDecision = z.input<typeof approvalBody>;

export interface UpdatesApi {
  /** GET /api/updates: what runs, what the channel offers, what waits for approval. */
  getUpdates(signal?: AbortSignal): Promise<UpdatesView>;
  /** POST /api/updates/approval: approve or reject the waiting upgrade; answers the new view. */
  decideUpgrade(decision: UpgradeDecision): Promise<UpdatesView>;
}

export function updatesApi(send: Requester): UpdatesApi {
  return {
    getUpdates: (signal) => send({ method: 'GET', path: '/api/updates', response: updatesView, signal }),
    decideUpgrade: (decision) => send({ method: 'POST', path: '/api/updates/approval', body: decision, response: updatesView }),
  };
}
