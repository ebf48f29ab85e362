/**
 * DynamoDB capacity per route: the real router and services run in process with a
 * document client whose middleware asks every command for its consumed capacity
 * (ReturnConsumedCapacity TOTAL) and adds it up. What a route costs on an on-demand table
 * is these units per request. The GET routes without path parameters are found in the
 * route table; routes with parameters, and writes, come as requests from the caller.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { dynamoDbLocalCredentials } from '../functions/local/dynamodb-local.js';
import { loadConfig } from '../functions/platform/config.js';
import { isPublic, type RouteDeclaration, routeKeyOf } from '../functions/platform/route.js';
import { createRouter } from '../functions/platform/router.js';
import { routes } from '../functions/routes.js';
import { createServices } from '../functions/services.js';
import { communityEntitlements, FEATURES } from '../functions/entitlements/domain.js';
import { BENCH_REGION } from './database.js';
import { type ApiRequest, apiEvent } from './lambda-events.js';
import { MEMBERS_PAGE } from './routes-under-test.js';

export interface RouteCapacity {
  route: string;
  /** DynamoDB requests per route request. */
  calls: number;
  readUnits: number;
  writeUnits: number;
  /** Requests whose answer carried ConsumedCapacity; less than `calls` means units are missing. */
  reported: number;
  /** Bytes the API function wrote to stdout per request at the default log level (log-bytes.ts); absent when not measured. */
  logBytes?: number;
}

/** A request to meter, for a route the route table alone cannot build (path parameters, a body). */
export interface MeteredRequest {
  route: string;
  /** A fresh request each time (a create needs a new body). */
  request: () => Omit<ApiRequest, 'claims'> | Promise<Omit<ApiRequest, 'claims'>>;
  status: number;
  /** Untimed housekeeping after each request, outside the meter. */
  after?: () => Promise<void>;
}

interface ConsumedCapacity {
  CapacityUnits?: number;
  ReadCapacityUnits?: number;
  WriteCapacityUnits?: number;
}

const READ_COMMANDS = /^(Get|GetItem|BatchGet|BatchGetItem|Query|Scan|TransactGet|TransactGetItems)Command$/;

function meteredClient(endpoint: string) {
  const tally = { calls: 0, readUnits: 0, writeUnits: 0, reported: 0 };
  const client = new DynamoDBClient({ endpoint, region: BENCH_REGION, credentials: dynamoDbLocalCredentials });
  client.middlewareStack.add(
    (next, context) => async (args) => {
      (args.input as { ReturnConsumedCapacity?: string }).ReturnConsumedCapacity = 'TOTAL';
      const result = await next(args);
      const consumed = (result.output as { ConsumedCapacity?: ConsumedCapacity | ConsumedCapacity[] }).ConsumedCapacity;
      const isRead = READ_COMMANDS.test(context.commandName ?? '');
      tally.calls += 1;
      if (consumed) tally.reported += 1;
      for (const c of Array.isArray(consumed) ? consumed : consumed ? [consumed] : []) {
        tally.readUnits += c.ReadCapacityUnits ?? (isRead ? (c.CapacityUnits ?? 0) : 0);
        tally.writeUnits += c.WriteCapacityUnits ?? (isRead ? 0 : (c.CapacityUnits ?? 0));
      }
      return result;
    },
    { step: 'initialize', name: 'benchConsumedCapacity' },
  );
  const db = DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
  return {
    db,
    take() {
      const taken = { ...tally };
      Object.assign(tally, { calls: 0, readUnits: 0, writeUnits: 0, reported: 0 });
      return taken;
    },
    destroy: () => client.destroy(),
  };
}

/** GET routes without path parameters: the ones a signed-in page load calls. */
const readRoutes = (all: readonly RouteDeclaration[]) => all.filter((r) => r.method === 'GET' && !r.path.includes('{'));

export async function capacityPerRoute(options: {
  endpoint: string;
  tableName: string;
  claims: Record<string, string>;
  requests?: readonly MeteredRequest[];
  repeats?: number;
}): Promise<RouteCapacity[]> {
  const meter = meteredClient(options.endpoint);
  try {
    const config = loadConfig({ TABLE_NAME: options.tableName, DYNAMODB_ENDPOINT: options.endpoint, OWNSTACK_RUNTIME: 'local', AWS_REGION: BENCH_REGION });
    // A Pro grant, so every read route answers (audit export needs it); the entitlements' own
    // read is cached for 30 s in a real process and would not show per request anyway.
    const pro = { ...communityEntitlements(), plan: 'pro' as const, features: [FEATURES.auditExport] };
    const services = createServices(config, { db: meter.db, entitlements: async () => pro });
    const router = createRouter(routes, { services, logger: new Logger({ logLevel: 'SILENT' }) });
    const repeats = options.repeats ?? 5;
    const out: RouteCapacity[] = [];
    for (const route of readRoutes(routes)) {
      const query = route.path === '/api/members' ? { limit: String(MEMBERS_PAGE) } : undefined;
      const event = () => apiEvent({ method: 'GET', path: route.path, query, claims: isPublic(route) ? undefined : options.claims });
      const check = async () => {
        const answer = await router.handle(event());
        if (answer.statusCode !== 200) throw new Error(`${routeKeyOf(route)} answered ${answer.statusCode} in process: ${answer.body.slice(0, 300)}`);
      };
      await check();
      meter.take();
      for (let i = 0; i < repeats; i++) await check();
      const t = meter.take();
      out.push({
        route: `${routeKeyOf(route)}${query ? `?limit=${MEMBERS_PAGE}` : ''}`,
        calls: t.calls / repeats,
        readUnits: t.readUnits / repeats,
        writeUnits: t.writeUnits / repeats,
        reported: t.reported / repeats,
      });
    }
    for (const metered of options.requests ?? []) {
      const check = async () => {
        const request = await metered.request();
        const answer = await router.handle(apiEvent({ ...request, claims: options.claims }));
        if (answer.statusCode !== metered.status) throw new Error(`${metered.route} answered ${answer.statusCode} in process: ${answer.body.slice(0, 300)}`);
      };
      const tally = { calls: 0, readUnits: 0, writeUnits: 0, reported: 0 };
      for (let i = 0; i <= repeats; i++) {
        await check();
        const t = meter.take();
        await metered.after?.();
        // The first request warms up; its units are not counted.
        if (i === 0) continue;
        for (const k of Object.keys(tally) as (keyof typeof tally)[]) tally[k] += t[k];
      }
      out.push({
        route: metered.route,
        calls: tally.calls / repeats,
        readUnits: tally.readUnits / repeats,
        writeUnits: tally.writeUnits / repeats,
        reported: tally.reported / repeats,
      });
    }
    return out;
  } finally {
    meter.destroy();
  }
}
