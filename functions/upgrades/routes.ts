/**
 * Updates, for admins: what runs, what the channel offers with its release notes, and the
 * upgrade waiting for approval, which an admin approves or rejects here (the pipeline's
 * task token is answered server-side; the browser never sees it).
 */
import { callerEvent, callerOf } from '../platform/caller.js';
import { Conflict, NotFound } from '../platform/errors.js';
import { defineRoute } from '../platform/route.js';
import { UPDATE_EVENTS, UPDATES_SUBJECT, type UpdateState } from './domain.js';
import { approvalBody, type UpdatesView, updatesView } from './schemas.js';
import { upgradePath } from './version.js';
import type { Config } from '../platform/config.js';

export const getUpdates = defineRoute({
  method: 'GET',
  path: '/api/updates',
  operationId: 'getUpdates',
  summary: 'The running version, the latest on the release channel with its notes, and any upgrade awaiting approval',
  tag: 'updates',
  access: { action: 'updates:read' },
  response: updatesView,
  async handle({ services }) {
    return viewOf(await services.updates.get(), services.config);
  },
});

export const decideUpgrade = defineRoute({
  method: 'POST',
  path: '/api/updates/approval',
  operationId: 'decideUpgrade',
  summary: 'Approve or reject the upgrade the pipeline is waiting on',
  tag: 'updates',
  access: { action: 'updates:manage' },
  body: approvalBody,
  response: updatesView,
  async handle(input) {
    const caller = callerOf(input);
    const { body, services } = input;
    const state = await services.updates.get();
    const pending = state.pending;
    if (!pending) throw new NotFound('No upgrade is waiting for approval.');
    if (pending.toVersion !== body.toVersion) throw new Conflict(`The upgrade waiting is to ${pending.toVersion}, not ${body.toVersion}.`);
    // Step Functions first: if it no longer waits (timed out, answered), nothing is recorded as decided.
    await services.approvals.answer(pending.taskToken, body.decision, caller.principal.userId);
    const event = callerEvent(caller, UPDATE_EVENTS.decided, UPDATES_SUBJECT, {
      decision: body.decision,
      fromVersion: pending.fromVersion,
      toVersion: pending.toVersion,
    });
    await services.updates.decide(pending.taskToken, event);
    return viewOf(await services.updates.get(), services.config);
  },
});

export const updateRoutes = [getUpdates, decideUpgrade];

function viewOf(state: UpdateState, config: Pick<Config, 'OWNSTACK_VERSION' | 'UPDATE_CHANNEL' | 'AUTO_UPDATE' | 'MAINTENANCE_WINDOW'>): UpdatesView {
  const current = config.OWNSTACK_VERSION;
  const path = state.latest ? upgradePath(current, state.latest) : undefined;
  const { pending, latest, lastCheck, lastUpgrade } = state;
  return {
    currentVersion: current,
    channel: config.UPDATE_CHANNEL,
    autoUpdate: config.AUTO_UPDATE,
    maintenanceWindow: config.MAINTENANCE_WINDOW,
    updateAvailable: path?.kind === 'available',
    ...(latest
      ? {
          latest: {
            version: latest.version,
            releaseNotes: latest.releaseNotes,
            publishedAt: latest.publishedAt,
            minimumUpgradableVersion: latest.minimumUpgradableVersion,
          },
        }
      : {}),
    ...(path?.kind === 'below-minimum' ? { blockedReason: `${path.to} needs ${path.minimum} or later first; take an intermediate release.` } : {}),
    ...(lastCheck ? { lastCheck } : {}),
    ...(pending
      ? {
          pendingApproval: {
            fromVersion: pending.fromVersion,
            toVersion: pending.toVersion,
            changeSetName: pending.changeSetName,
            requestedAt: pending.requestedAt,
          },
        }
      : {}),
    ...(lastUpgrade ? { lastUpgrade } : {}),
  };
}
