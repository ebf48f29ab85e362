/** Fixture builders for unit tests: fresh objects per call, no shared mutable state. */
import { Logger } from '@aws-lambda-powertools/logger';
import { communityEntitlements } from '../../functions/entitlements/domain.js';
import { flagsInForce } from '../../functions/flags/in-force.js';
import type { User } from '../../functions/identity/domain.js';
import type { UserStore } from '../../functions/identity/store.js';
import { loadConfig } from '../../functions/platform/config.js';
import type { Clock, IdSource } from '../../functions/platform/ports.js';
import type { ApiEvent } from '../../functions/platform/router.js';
import { createServices, type Services } from '../../functions/services.js';
import { DEFAULT_SECURITY, type SecuritySettings, type SettingsStore } from '../../functions/authz/settings-store.js';

export const fixedClock = (iso = '2026-11-24T10:00:00.000Z'): Clock => ({ now: () => new Date(iso) });

export function sequentialIds(prefix = 'ID'): IdSource {
  let n = 0;
  return { next: () => `${prefix}${String(++n).padStart(4, '0')}` };
}

export const silentLogger = () => new Logger({ logLevel: 'SILENT' });

export function inMemoryUsers(initial: User[] = []): UserStore & { users: Map<string, User>; events: unknown[] } {
  const users = new Map(initial.map((u) => [u.userId, u]));
  const events: unknown[] = [];
  return {
    users,
    events,
    async get(userId) {
      return users.get(userId);
    },
    async createWithEvent(user, event) {
      if (users.has(user.userId)) return false;
      users.set(user.userId, user);
      events.push(event);
      return true;
    },
    async findByEmail(email) {
      return [...users.values()].find((u) => u.email === email);
    },
    async list({ limit }) {
      return { items: [...users.values()].slice(0, limit) };
    },
    async update(_before, after, change) {
      users.set(after.userId, after);
      events.push(change.event);
    },
  };
}

export function aUser(overrides: Partial<User> = {}): User {
  return {
    userId: 'user-1',
    email: 'ada@example.com',
    displayName: 'Ada',
    role: 'member',
    status: 'active',
    createdAt: '2026-11-01T00:00:00.000Z',
    groupIds: [],
    ...overrides,
  };
}

/** Services for router unit tests: in-memory users and settings; the other stores talk to a closed port. */
export function testServices(overrides: Partial<Services> = {}): Services {
  const config = loadConfig({ TABLE_NAME: 'unit-test-table', DYNAMODB_ENDPOINT: 'http://127.0.0.1:9', OWNSTACK_VERSION: '1.2.3' });
  // Never answers: an accidental call in a unit test fails fast instead of reaching AWS.
  const services = createServices(config, { clock: fixedClock(), ids: sequentialIds() });
  return {
    ...services,
    users: inMemoryUsers(),
    invitations: { ...services.invitations, get: async () => undefined },
    settings: fixedSettings(),
    // No license in a unit test: the community defaults, without reading a table.
    entitlements: async () => communityEntitlements(),
    // No flags either: `/api/me` evaluates none, without reading a table.
    flagsInForce: flagsInForce({
      flags: { list: async () => [] },
      licenses: { current: async () => undefined },
      entitlements: async () => communityEntitlements(),
      clock: fixedClock(),
    }),
    ...overrides,
  };
}

export function fixedSettings(settings: Partial<SecuritySettings> = {}): SettingsStore {
  return { get: async () => ({ ...DEFAULT_SECURITY, ...settings }), save: async () => {} };
}

export function anApiEvent(routeKey: string, overrides: Partial<ApiEvent> & { claims?: Record<string, string> } = {}): ApiEvent {
  const [method = 'GET', path = '/'] = routeKey.split(' ');
  const { claims, ...rest } = overrides;
  return {
    version: '2.0',
    routeKey,
    rawPath: path,
    rawQueryString: '',
    headers: { 'user-agent': 'vitest' },
    isBase64Encoded: false,
    requestContext: {
      accountId: 'local',
      apiId: 'local',
      domainName: 'localhost',
      domainPrefix: 'localhost',
      requestId: 'req-1',
      routeKey,
      stage: '$default',
      time: '',
      timeEpoch: 0,
      http: { method, path, protocol: 'HTTP/1.1', sourceIp: '203.0.113.9', userAgent: 'vitest' },
      ...(claims ? { authorizer: { principalId: '', integrationLatency: 0, jwt: { claims, scopes: [] } } } : {}),
    },
    ...rest,
  };
}
