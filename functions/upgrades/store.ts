/**
 * DynamoDB adapter for the update state: one item (`INSTALLATION#UPDATES` / `STATE`, a
 * GetItem away). Each write sets only the attributes it owns, so the check job, the
 * pipeline and the approval route never overwrite each other, and each goes with its
 * domain event in one transaction. An approval decision is conditional on the very
 * approval it answers still waiting, so two admins cannot both decide.
 */
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import type { DomainEvent } from '../events/domain.js';
import { outboxPut } from '../events/outbox.js';
import { writeAtomically } from '../platform/dynamo.js';
import { Conflict } from '../platform/errors.js';
import type { LastUpgrade, LatestRelease, ManifestCheck, PendingApproval, UpdateState } from './domain.js';
import type { UpdateChannel } from './manifest.js';

export const UPDATE_STATE_ENTITY = 'UpdateState';
const SCHEMA_VERSION = 1;

export const updateKeys = {
  state: () => ({ pk: 'INSTALLATION#UPDATES', sk: 'STATE' }),
};

export interface UpdateStore {
  get(): Promise<UpdateState>;
  recordCheck(check: ManifestCheck & { channel: UpdateChannel; latest?: LatestRelease }, event: DomainEvent): Promise<void>;
  awaitApproval(pending: PendingApproval, event: DomainEvent): Promise<void>;
  /** Clears the waiting approval if it is still the one with this token; Conflict otherwise. */
  decide(taskToken: string, event: DomainEvent): Promise<void>;
  recordUpgrade(upgrade: LastUpgrade, event: DomainEvent): Promise<void>;
}

export function dynamoUpdateStore(db: DynamoDBDocumentClient, tableName: string): UpdateStore {
  const update = (
    set: Record<string, unknown>,
    event: DomainEvent,
    options: { remove?: string[]; condition?: string; values?: Record<string, unknown> } = {},
  ) => {
    const names: Record<string, string> = {};
    const values: Record<string, unknown> = { ':entity': UPDATE_STATE_ENTITY, ':schemaVersion': SCHEMA_VERSION, ...options.values };
    const assignments = ['entity = :entity', 'schemaVersion = :schemaVersion'];
    for (const [name, value] of Object.entries(set)) {
      names[`#${name}`] = name;
      values[`:${name}`] = value;
      assignments.push(`#${name} = :${name}`);
    }
    for (const name of options.remove ?? []) names[`#${name}`] = name;
    const removal = options.remove?.length ? ` REMOVE ${options.remove.map((n) => `#${n}`).join(', ')}` : '';
    return writeAtomically(
      db,
      [
        {
          Update: {
            TableName: tableName,
            Key: updateKeys.state(),
            UpdateExpression: `SET ${assignments.join(', ')}${removal}`,
            ExpressionAttributeNames: names,
            ExpressionAttributeValues: values,
            ...(options.condition ? { ConditionExpression: options.condition } : {}),
          },
        },
        outboxPut(tableName, event),
      ],
      () => new Conflict('The upgrade this answers is no longer waiting for approval.'),
    );
  };

  return {
    async get() {
      const { Item } = await db.send(new GetCommand({ TableName: tableName, Key: updateKeys.state(), ConsistentRead: true }));
      if (!Item) return {};
      const { channel, lastCheck, latest, deployed, pending, lastUpgrade } = Item as UpdateState;
      return { channel, lastCheck, latest, deployed, pending, lastUpgrade };
    },
    recordCheck({ channel, latest, ...check }, event) {
      // A failed check keeps the last good manifest: the banner stays right while the vendor's bucket is unreachable.
      return update({ channel, lastCheck: check, ...(latest ? { latest } : {}) }, event);
    },
    awaitApproval(pending, event) {
      return update({ pending }, event);
    },
    decide(taskToken, event) {
      return update({}, event, { remove: ['pending'], condition: 'pending.taskToken = :token', values: { ':token': taskToken } });
    },
    recordUpgrade(upgrade, event) {
      const deployed = upgrade.outcome === 'succeeded' ? { deployed: { version: upgrade.toVersion, at: upgrade.at } } : {};
      return update({ lastUpgrade: upgrade, ...deployed }, event, { remove: ['pending'] });
    },
  };
}
