/**
 * Feature flags, for admins: the installation's own flags and the fleet flags its license
 * carries, each with its state; create, replace, kill, roll out, delete and revert
 * installation flags (If-Match on every change of an existing flag; each change is one
 * transaction with its history entry and its event); and "preview as user": every flag's
 * value for one member, with the rule that decided it.
 */
import { outboxPut } from '../events/outbox.js';
import { type Caller, callerEvent, callerOf } from '../platform/caller.js';
import { NotFound } from '../platform/errors.js';
import { etagOf, expectedVersion } from '../platform/preconditions.js';
import { defineRoute, Reply, type RequestMeta } from '../platform/route.js';
import type { Services } from '../services.js';
import { type FlagWriter, deleteFlag, patchFlag, putFlag, revertFlag } from './changes.js';
import { flagEventOf, flagSubject } from './events.js';
import { fleetFlagsInForce } from './fleet-store.js';
import { evaluateSet, userFlagContext } from './for-user.js';
import type { FlagDefinition } from './model.js';
import {
  flagBody,
  flagDetailSchema,
  flagListSchema,
  flagParams,
  flagPatchBody,
  type FlagSource,
  type FlagView,
  flagViewSchema,
  historyQuery,
  previewBody,
  previewResponse,
  revertBody,
} from './schemas.js';
import { flagState, isoDate } from './state.js';
import type { FlagChange, StoredFlag } from './store.js';
import { z } from 'zod';

/** A flag's body can hold 50 rules of up to 500 users each; this bounds what one request may send. */
const MAX_FLAG_BODY_BYTES = 128 * 1024;

export const listFlags = defineRoute({
  method: 'GET',
  path: '/api/flags',
  operationId: 'listFlags',
  summary: 'The installation’s flags and the fleet flags of its license, each with its state (on, off, rollout %, killed, stale)',
  tag: 'flags',
  access: { action: 'flags:read' },
  response: flagListSchema,
  async handle({ services }) {
    const [stored, fleet] = await Promise.all([services.flags.list(), fleetFlagsInForce(services)]);
    const today = isoDate(services.clock.now());
    const items = [...stored.map((f) => installationView(f, today)), ...fleet.flags.map((f) => fleetView(f, today))].sort(
      (a, b) => a.definition.key.localeCompare(b.definition.key) || a.source.localeCompare(b.source),
    );
    return { items, fleetFlagsVersion: fleet.flagsVersion, ring: fleet.ring, today };
  },
});

export const getFlag = defineRoute({
  method: 'GET',
  path: '/api/flags/{key}',
  operationId: 'getFlag',
  summary: 'One flag in both layers (installation, fleet) with the installation flag’s history (ETag: its version)',
  tag: 'flags',
  access: { action: 'flags:read' },
  params: flagParams,
  query: historyQuery,
  response: flagDetailSchema,
  async handle({ params, query, services }) {
    const { key } = params;
    const [stored, fleet, history] = await Promise.all([services.flags.get(key), fleetFlagsInForce(services), services.flags.history(key, query.history)]);
    const fleetFlag = fleet.flags.find((f) => f.key === key);
    if (!stored && !fleetFlag && history.length === 0) throw new NotFound(`No flag ${key}.`);
    const today = isoDate(services.clock.now());
    const detail = {
      key,
      ...(stored ? { installation: installationView(stored, today) } : {}),
      ...(fleetFlag ? { fleet: fleetView(fleetFlag, today) } : {}),
      history,
    };
    return new Reply(detail, 200, stored ? { etag: etagOf(stored.definition.version) } : {});
  },
});

export const putFlagRoute = defineRoute({
  method: 'PUT',
  path: '/api/flags/{key}',
  operationId: 'putFlag',
  summary: 'Create an installation flag, or replace it (If-Match: its version); validated as a whole, errors per field',
  tag: 'flags',
  access: { action: 'flags:manage' },
  params: flagParams,
  body: flagBody,
  maxBodyBytes: MAX_FLAG_BODY_BYTES,
  response: flagViewSchema,
  async handle(input) {
    const caller = callerOf(input);
    const change = await putFlag(writerFor(caller), input.params.key, input.body, optionalIfMatch(input.request));
    return changedView(caller.services, change, change.change === 'created' ? 201 : 200);
  },
});

export const patchFlagRoute = defineRoute({
  method: 'PATCH',
  path: '/api/flags/{key}',
  operationId: 'patchFlag',
  summary: 'Flip the kill switch or move a rollout’s percentage (If-Match: its version)',
  tag: 'flags',
  access: { action: 'flags:manage' },
  params: flagParams,
  body: flagPatchBody,
  response: flagViewSchema,
  async handle(input) {
    const caller = callerOf(input);
    return changedView(caller.services, await patchFlag(writerFor(caller), input.params.key, input.body, expectedVersion(input.request)));
  },
});

export const deleteFlagRoute = defineRoute({
  method: 'DELETE',
  path: '/api/flags/{key}',
  operationId: 'deleteFlag',
  summary: 'Delete an installation flag (If-Match: its version); its history stays, so it can be restored',
  tag: 'flags',
  access: { action: 'flags:manage' },
  params: flagParams,
  response: z.undefined(),
  status: 204,
  async handle(input) {
    const caller = callerOf(input);
    await deleteFlag(writerFor(caller), input.params.key, expectedVersion(input.request));
    await inForceHere(caller.services);
    return new Reply(undefined, 204);
  },
});

export const revertFlagRoute = defineRoute({
  method: 'POST',
  path: '/api/flags/{key}/revert',
  operationId: 'revertFlag',
  summary: 'Restore an earlier version as a new version (If-Match: the current version; none for a deleted flag)',
  tag: 'flags',
  access: { action: 'flags:manage' },
  params: flagParams,
  body: revertBody,
  response: flagViewSchema,
  async handle(input) {
    const caller = callerOf(input);
    return changedView(caller.services, await revertFlag(writerFor(caller), input.params.key, input.body.version, optionalIfMatch(input.request)));
  },
});

export const previewFlags = defineRoute({
  method: 'POST',
  path: '/api/flags/preview',
  operationId: 'previewFlags',
  summary: 'Preview as user: every flag’s value for one member, and which rule decided it',
  tag: 'flags',
  access: { action: 'flags:read' },
  body: previewBody,
  response: previewResponse,
  async handle({ body, services }) {
    const user = await services.users.get(body.userId);
    if (!user) throw new NotFound('No such member.');
    // Fresh definitions, not the request path's cache: the admin sees what the next refresh serves.
    const [stored, fleet, entitlements] = await Promise.all([services.flags.list(), fleetFlagsInForce(services), services.entitlements()]);
    const context = userFlagContext(user, entitlements);
    const evaluations = evaluateSet({ installation: stored.map((f) => f.definition), fleet: fleet.flags }, context);
    return {
      user: { id: user.userId, email: user.email, displayName: user.displayName, role: user.role, groupIds: user.groupIds },
      plan: entitlements.plan,
      ring: context.ring,
      flags: evaluations.map(({ key, value, variant, reason, explanation, sources }) => ({ key, value, variant, reason, explanation, sources })),
    };
  },
});

export const flagRoutes = [listFlags, previewFlags, getFlag, putFlagRoute, patchFlagRoute, deleteFlagRoute, revertFlagRoute];

function writerFor(caller: Caller): FlagWriter {
  const { services } = caller;
  return {
    store: services.flags,
    now: services.clock.now(),
    by: caller.principal.userId,
    alsoWrite: (change) => {
      const { type, data } = flagEventOf(change);
      const key = (change.after ?? change.before)?.key ?? '';
      return [outboxPut(services.tableName, callerEvent(caller, type, flagSubject(key), data))];
    },
  };
}

/** A change is in force in this process at once; other processes pick it up within the cache's TTL. */
async function inForceHere(services: Services) {
  // The change is written: a failed reload only delays it to the next refresh.
  await services.flagsInForce.changed().catch(() => undefined);
}

/** If-Match is optional where a flag may not exist yet (create, restore); the use case asks for it when one does. */
function optionalIfMatch(request: Pick<RequestMeta, 'headers'>): number | undefined {
  return request.headers['if-match'] ? expectedVersion(request) : undefined;
}

async function changedView(services: Services, change: FlagChange, status = 200) {
  if (!change.after) throw new Error('A put, patch or revert always leaves a flag.');
  await inForceHere(services);
  const view = installationView({ definition: change.after, updatedAt: change.at, updatedBy: change.by }, isoDate(services.clock.now()));
  return new Reply(view, status, { etag: etagOf(change.after.version) });
}

function installationView(flag: StoredFlag, today: string): FlagView {
  return { ...viewOf('installation', flag.definition, today), updatedAt: flag.updatedAt, updatedBy: flag.updatedBy };
}

const fleetView = (definition: FlagDefinition, today: string): FlagView => viewOf('fleet', definition, today);

const viewOf = (source: FlagSource, definition: FlagDefinition, today: string): FlagView => ({ source, definition, state: flagState(definition, today) });
