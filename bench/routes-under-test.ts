/**
 * The read routes the bench times, each three ways: over HTTP through the local runtime
 * (its routing and JWT check included), the API handler called in process (no HTTP), and
 * the DynamoDB calls the route makes, sent directly with the SDK (the floor).
 */
import { GetCommand, QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Context } from 'aws-lambda';
import { functionCatalog } from '../functions/catalog.js';
import { userKeys } from '../functions/identity/store.js';
import { lambdaContext } from '../functions/local/lambda-context.js';
import type { ApiEvent } from '../functions/platform/router.js';
import type { KeepAliveClient } from './http-client.js';
import { apiEvent } from './lambda-events.js';
import type { RouteUnderTest } from './latency.js';

export type ApiHandler = (event: ApiEvent, context: Context) => Promise<unknown>;

export interface RouteContext {
  http: KeepAliveClient;
  token: string;
  handler: ApiHandler;
  claims: Record<string, string>;
  db: DynamoDBDocumentClient;
  tableName: string;
  userId: string;
  /** Items a page of members should hold (min(50, users in the table)). */
  expectedMembers: number;
}

/** The security settings item (functions/authz/settings-store.ts), read by every private route. */
const SETTINGS_KEY = { pk: 'INSTALLATION', sk: 'SECURITY' };
export const MEMBERS_PAGE = 50;

export function routesUnderTest(ctx: RouteContext): RouteUnderTest[] {
  const auth = { authorization: `Bearer ${ctx.token}` };
  const overHttp = (path: string, check?: (body: string) => string | undefined) => async () => {
    const { status, body } = await ctx.http.get(path, auth);
    if (status !== 200) throw new Error(`GET ${path} answered ${status}: ${body.slice(0, 300)}`);
    const problem = check?.(body);
    if (problem) throw new Error(`GET ${path}: ${problem}`);
  };
  const inProcess = (path: string, query?: Record<string, string>, claims?: Record<string, string>) => async () => {
    const answer = (await ctx.handler(apiEvent({ method: 'GET', path, query, claims }), lambdaContext('api', functionCatalog.api))) as {
      statusCode?: number;
      body?: string;
    };
    if (answer.statusCode !== 200) throw new Error(`in-process GET ${path} answered ${answer.statusCode}: ${answer.body?.slice(0, 300)}`);
  };
  const principalReads = () =>
    Promise.all([
      ctx.db.send(new GetCommand({ TableName: ctx.tableName, Key: userKeys.user(ctx.userId) })),
      ctx.db.send(new GetCommand({ TableName: ctx.tableName, Key: SETTINGS_KEY })),
    ]);
  const membersPage = (body: string) => {
    const items = (JSON.parse(body) as { items?: unknown[] }).items?.length ?? 0;
    return items === ctx.expectedMembers ? undefined : `${items} members on the page, expected ${ctx.expectedMembers}`;
  };

  return [
    {
      route: 'GET /api/health',
      calls: [
        { mode: 'http', call: overHttp('/api/health') },
        { mode: 'in-process', call: inProcess('/api/health') },
      ],
    },
    {
      route: 'GET /api/me',
      calls: [
        { mode: 'http', call: overHttp('/api/me') },
        { mode: 'in-process', call: inProcess('/api/me', undefined, ctx.claims) },
        {
          mode: 'raw',
          call: async () => {
            const [user] = await principalReads();
            if (!user.Item) throw new Error(`raw GetItem found no user ${ctx.userId}`);
          },
        },
      ],
    },
    {
      route: `GET /api/members?limit=${MEMBERS_PAGE}`,
      calls: [
        { mode: 'http', call: overHttp(`/api/members?limit=${MEMBERS_PAGE}`, membersPage) },
        { mode: 'in-process', call: inProcess('/api/members', { limit: String(MEMBERS_PAGE) }, ctx.claims) },
        {
          mode: 'raw',
          call: async () => {
            await principalReads();
            const { Items = [] } = await ctx.db.send(
              new QueryCommand({
                TableName: ctx.tableName,
                IndexName: 'gsi2',
                KeyConditionExpression: 'gsi2pk = :pk',
                ExpressionAttributeValues: { ':pk': 'USERS' },
                Limit: MEMBERS_PAGE,
              }),
            );
            if (Items.length !== ctx.expectedMembers) throw new Error(`raw Query returned ${Items.length} users, expected ${ctx.expectedMembers}`);
          },
        },
      ],
    },
  ];
}
