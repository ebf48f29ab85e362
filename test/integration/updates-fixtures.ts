/** An upgrade waiting for approval, as the pipeline's approval step writes it (a fresh task token each call). */
import { randomUUID } from 'node:crypto';
import { domainEvent } from '../../functions/events/domain.js';
import type { Services } from '../../functions/services.js';
import { SYSTEM_ACTOR, UPDATE_EVENTS, UPDATES_SUBJECT } from '../../functions/upgrades/domain.js';

export async function aPendingUpgrade(s: Services, toVersion = '9.9.9') {
  const event = domainEvent(
    { type: UPDATE_EVENTS.awaitingApproval, actor: SYSTEM_ACTOR, subject: UPDATES_SUBJECT, data: { fromVersion: s.config.OWNSTACK_VERSION, toVersion } },
    s,
  );
  const taskToken = `token-${randomUUID()}`;
  await s.updates.awaitApproval(
    { fromVersion: s.config.OWNSTACK_VERSION, toVersion, changeSetName: 'ownstack-upgrade-9-9-9-x', requestedAt: s.clock.now().toISOString(), taskToken },
    event,
  );
  return { taskToken, body: { decision: 'approve' as const, toVersion } };
}
