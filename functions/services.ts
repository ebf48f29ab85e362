/**
 * The composition root: builds every adapter a function needs, once per process (cold
 * start), from validated configuration. Tests and the local runtime call the same
 * function with their own configuration, so nothing here is Lambda-specific.
 */
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { dynamoUserStore, type UserStore } from './identity/store.js';
import type { Config } from './platform/config.js';
import { createDocumentClient } from './platform/dynamo.js';
import { ulidSource } from './platform/ids.js';
import type { Clock, IdSource } from './platform/ports.js';
import { systemClock } from './platform/ports.js';

export interface Services {
  config: Config;
  db: DynamoDBDocumentClient;
  tableName: string;
  clock: Clock;
  ids: IdSource;
  users: UserStore;
  settings: { requireMfaForAdmin: boolean };
}

export function createServices(config: Config, overrides: Partial<Pick<Services, 'clock' | 'ids' | 'db'>> = {}): Services {
  const db = overrides.db ?? createDocumentClient(config);
  return {
    config,
    db,
    tableName: config.TABLE_NAME,
    clock: overrides.clock ?? systemClock,
    ids: overrides.ids ?? ulidSource,
    users: dynamoUserStore(db, config.TABLE_NAME),
    settings: { requireMfaForAdmin: config.REQUIRE_MFA_FOR_ADMIN },
  };
}
