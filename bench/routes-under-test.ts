/**
 * The routes the bench times, each three ways: over HTTP through the local runtime (its
 * routing and JWT check included), the API handler called in process (no HTTP), and the
 * DynamoDB calls the route makes, sent directly with the SDK (the floor). The reads are
 * the identity routes and the documents' list and get; the writes are a document create
 * and an edit, whose floors send the very transactions the document store builds.
 */
import { GetCommand, QueryCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Context } from 'aws-lambda';
import { functionCatalog } from '../functions/catalog.js';
import { DOCUMENT_EVENTS, type DocumentRecord, edited, newDocument } from '../functions/documents/domain.js';
import { documentKeys, dynamoDocumentStore } from '../functions/documents/store.js';
import { COMMUNITY_ENTITLEMENTS } from '../functions/entitlements/domain.js';
import { dynamoUsageStore, usageSubtract } from '../functions/entitlements/usage.js';
import { domainEvent } from '../functions/events/domain.js';
import { userKeys } from '../functions/identity/store.js';
import { lambdaContext } from '../functions/local/lambda-context.js';
import { ulidSource } from '../functions/platform/ids.js';
import { systemClock } from '../functions/platform/ports.js';
import type { ApiEvent } from '../functions/platform/router.js';
import { projectKeys } from '../functions/projects/store.js';
import type { MeteredRequest } from './capacity.js';
import type { KeepAliveClient } from './http-client.js';
import { type ApiRequest, apiEvent, concretePath } from './lambda-events.js';
import type { RouteUnderTest } from './latency.js';
import { benchBody, EDITED, editedDocumentId } from './seed-documents.js';

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
  /** The project the list route pages through, and how many documents it holds. */
  listProjectId: string;
  listProjectDocuments: number;
  /** Documents the get route reads in turn (spread over the table). */
  readDocumentIds: readonly string[];
  /** The project creates go to. */
  writeProjectId: string;
}

/** The security settings item (functions/authz/settings-store.ts), read by every private route. */
const SETTINGS_KEY = { pk: 'INSTALLATION', sk: 'SECURITY' };
export const MEMBERS_PAGE = 50;
export const DOCUMENTS_PAGE = 25;

const LIST_DOCUMENTS = '/api/projects/{projectId}/documents';
const GET_DOCUMENT = '/api/documents/{documentId}';
/** The route names in the results (bench/cost/route-figures.ts reads them). */
export const BENCH_ROUTES = {
  me: 'GET /api/me',
  members: `GET /api/members?limit=${MEMBERS_PAGE}`,
  listDocuments: `GET ${LIST_DOCUMENTS}?limit=${DOCUMENTS_PAGE}`,
  getDocument: `GET ${GET_DOCUMENT}`,
  createDocument: `POST ${LIST_DOCUMENTS}`,
  updateDocument: `PUT ${GET_DOCUMENT}`,
} as const;

/** What a create sends: a document of about 2 KB, like the seeded ones. */
export const createDocumentRequest = (n: number) => ({ title: `Bench create ${n}`, body: benchBody(n), tags: ['bench', 'created'] });
/** What an edit sends: the whole document again, changed. */
export const updateDocumentRequest = (n: number) => ({ title: `Bench edit ${n}`, body: benchBody(n), tags: ['bench', 'edited'] });
const ifMatch = (version: number) => ({ 'if-match': `"${version}"` });

/** A document as it is now (the store's strongly consistent read), for the next edit's If-Match. */
async function currentDocument(ctx: Pick<RouteContext, 'db' | 'tableName'>, documentId: string): Promise<DocumentRecord> {
  const loaded = await dynamoDocumentStore(ctx.db, ctx.tableName, dynamoUsageStore(ctx.db, ctx.tableName)).get(documentId);
  if (!loaded) throw new Error(`The edited document ${documentId} is missing: was it seeded?`);
  return loaded.document;
}

/** The bench installation runs on the community quota (200 documents): a create's count is taken back, untimed, so the next one fits. */
const giveBackDocumentCount = (ctx: Pick<RouteContext, 'db' | 'tableName'>) => async () => {
  const { Update } = usageSubtract(ctx.tableName, 'documents', 1);
  await ctx.db.send(new UpdateCommand(Update));
};

/**
 * The timed routes as single requests, for the meters (capacity.ts, log-bytes.ts).
 * `withoutParams`: also the routes the route table alone can build (health, me, members).
 */
export function meteredRequests(
  ctx: Pick<RouteContext, 'db' | 'tableName' | 'listProjectId' | 'readDocumentIds' | 'writeProjectId'>,
  options: { withoutParams: boolean },
): MeteredRequest[] {
  let read = 0;
  let created = 0;
  const simple: MeteredRequest[] = [
    { route: 'GET /api/health', request: () => ({ method: 'GET', path: '/api/health' }), status: 200 },
    { route: BENCH_ROUTES.me, request: () => ({ method: 'GET', path: '/api/me' }), status: 200 },
    { route: BENCH_ROUTES.members, request: () => ({ method: 'GET', path: '/api/members', query: { limit: String(MEMBERS_PAGE) } }), status: 200 },
  ];
  return [
    ...(options.withoutParams ? simple : []),
    {
      route: BENCH_ROUTES.listDocuments,
      request: () => ({ method: 'GET', path: LIST_DOCUMENTS, params: { projectId: ctx.listProjectId }, query: { limit: String(DOCUMENTS_PAGE) } }),
      status: 200,
    },
    {
      route: BENCH_ROUTES.getDocument,
      request: () => ({ method: 'GET', path: GET_DOCUMENT, params: { documentId: ctx.readDocumentIds[read++ % ctx.readDocumentIds.length] as string } }),
      status: 200,
    },
    {
      route: BENCH_ROUTES.createDocument,
      request: () => ({ method: 'POST', path: LIST_DOCUMENTS, params: { projectId: ctx.writeProjectId }, body: createDocumentRequest(1_000_000 + created++) }),
      status: 201,
      after: giveBackDocumentCount(ctx),
    },
    {
      route: BENCH_ROUTES.updateDocument,
      request: async () => {
        const documentId = editedDocumentId(EDITED.metered);
        const { version } = await currentDocument(ctx, documentId);
        return { method: 'PUT', path: GET_DOCUMENT, params: { documentId }, body: updateDocumentRequest(version), headers: ifMatch(version) };
      },
      status: 200,
    },
  ];
}

export function routesUnderTest(ctx: RouteContext): RouteUnderTest[] {
  const auth = { authorization: `Bearer ${ctx.token}` };
  const overHttp = (path: string, check?: (body: string) => string | undefined) => async () => {
    const { status, body } = await ctx.http.get(path, auth);
    if (status !== 200) throw new Error(`GET ${path} answered ${status}: ${body.slice(0, 300)}`);
    const problem = check?.(body);
    if (problem) throw new Error(`GET ${path}: ${problem}`);
  };
  const invoke = async (request: Omit<ApiRequest, 'claims'>, claims: Record<string, string> | undefined, expected = 200) => {
    const answer = (await ctx.handler(apiEvent({ ...request, claims }), lambdaContext('api', functionCatalog.api))) as { statusCode?: number; body?: string };
    if (answer.statusCode !== expected) {
      throw new Error(
        `in-process ${request.method} ${concretePath(request.path, request.params)} answered ${answer.statusCode}: ${answer.body?.slice(0, 300)}`,
      );
    }
    return answer.body ?? '';
  };
  const inProcess = (path: string, query?: Record<string, string>, claims?: Record<string, string>) => async () => {
    await invoke({ method: 'GET', path, query }, claims);
  };
  const principalReads = () =>
    Promise.all([
      ctx.db.send(new GetCommand({ TableName: ctx.tableName, Key: userKeys.user(ctx.userId) })),
      ctx.db.send(new GetCommand({ TableName: ctx.tableName, Key: SETTINGS_KEY })),
    ]);
  const projectRead = (projectId: string) =>
    ctx.db.send(
      new QueryCommand({
        TableName: ctx.tableName,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': projectKeys.partition(projectId) },
        ConsistentRead: true,
      }),
    );
  const expectedDocuments = Math.min(DOCUMENTS_PAGE, ctx.listProjectDocuments);
  const documentsPage = (body: string) => {
    const items = (JSON.parse(body) as { items?: unknown[] }).items?.length ?? 0;
    return items === expectedDocuments ? undefined : `${items} documents on the page, expected ${expectedDocuments}`;
  };
  /** The get route's documents in turn: each mode reads the same sequence, so each sees the same items. */
  const readSequence = () => {
    let i = 0;
    return () => ctx.readDocumentIds[i++ % ctx.readDocumentIds.length] as string;
  };
  const [httpRead, inProcessRead, rawRead] = [readSequence(), readSequence(), readSequence()];
  const documents = dynamoDocumentStore(ctx.db, ctx.tableName, dynamoUsageStore(ctx.db, ctx.tableName));
  let creates = 0;
  const listPath = concretePath(LIST_DOCUMENTS, { projectId: ctx.listProjectId });
  const createPath = concretePath(LIST_DOCUMENTS, { projectId: ctx.writeProjectId });

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
    {
      route: BENCH_ROUTES.listDocuments,
      calls: [
        { mode: 'http', call: overHttp(`${listPath}?limit=${DOCUMENTS_PAGE}`, documentsPage) },
        {
          mode: 'in-process',
          call: async () => {
            const body = await invoke(
              { method: 'GET', path: LIST_DOCUMENTS, params: { projectId: ctx.listProjectId }, query: { limit: String(DOCUMENTS_PAGE) } },
              ctx.claims,
            );
            const problem = documentsPage(body);
            if (problem) throw new Error(`in-process list: ${problem}`);
          },
        },
        {
          mode: 'raw',
          // As the route: the caller and settings, then the project (grants included), then a page of its index.
          call: async () => {
            await principalReads();
            const { Items: project = [] } = await projectRead(ctx.listProjectId);
            if (project.length === 0) throw new Error(`raw Query found no project ${ctx.listProjectId}`);
            const { Items = [] } = await ctx.db.send(
              new QueryCommand({
                TableName: ctx.tableName,
                IndexName: 'gsi2',
                KeyConditionExpression: 'gsi2pk = :pk',
                ExpressionAttributeValues: {
                  ':pk': documentKeys.listed({ documentId: '', projectId: ctx.listProjectId, status: 'active', updatedAt: '' }).gsi2pk,
                },
                ScanIndexForward: false,
                Limit: DOCUMENTS_PAGE,
              }),
            );
            if (Items.length !== expectedDocuments) throw new Error(`raw Query returned ${Items.length} documents, expected ${expectedDocuments}`);
          },
        },
      ],
    },
    {
      route: BENCH_ROUTES.getDocument,
      calls: [
        {
          mode: 'http',
          call: async () => {
            const path = concretePath(GET_DOCUMENT, { documentId: httpRead() });
            const { status, body } = await ctx.http.get(path, auth);
            if (status !== 200) throw new Error(`GET ${path} answered ${status}: ${body.slice(0, 300)}`);
          },
        },
        {
          mode: 'in-process',
          call: async () => {
            await invoke({ method: 'GET', path: GET_DOCUMENT, params: { documentId: inProcessRead() } }, ctx.claims);
          },
        },
        {
          mode: 'raw',
          // As the route: the caller and settings, then the document's partition (meta, body, shares), then its project.
          call: async () => {
            const documentId = rawRead();
            await principalReads();
            const { Items = [] } = await ctx.db.send(
              new QueryCommand({
                TableName: ctx.tableName,
                KeyConditionExpression: 'pk = :pk',
                ExpressionAttributeValues: { ':pk': documentKeys.partition(documentId) },
                ConsistentRead: true,
              }),
            );
            const meta = Items.find((i) => i.sk === documentKeys.meta(documentId).sk);
            if (!meta) throw new Error(`raw Query found no document ${documentId}`);
            await projectRead(meta.projectId as string);
          },
        },
      ],
    },
    {
      route: BENCH_ROUTES.createDocument,
      writes: true,
      // The create's transaction still carries the quota's condition and its counter update.
      after: giveBackDocumentCount(ctx),
      calls: [
        {
          mode: 'http',
          call: async () => {
            const { status, body } = await ctx.http.send('POST', createPath, createDocumentRequest(creates++), auth);
            if (status !== 201) throw new Error(`POST ${createPath} answered ${status}: ${body.slice(0, 300)}`);
          },
        },
        {
          mode: 'in-process',
          call: async () => {
            await invoke(
              { method: 'POST', path: LIST_DOCUMENTS, params: { projectId: ctx.writeProjectId }, body: createDocumentRequest(creates++) },
              ctx.claims,
              201,
            );
          },
        },
        {
          mode: 'raw',
          // As the route: the caller and settings, then the project, then the store's own transaction
          // (meta, body, project count, usage, event).
          call: async () => {
            await principalReads();
            const { Items: project = [] } = await projectRead(ctx.writeProjectId);
            if (project.length === 0) throw new Error(`raw Query found no project ${ctx.writeProjectId}`);
            const input = createDocumentRequest(creates++);
            const doc = newDocument(input, { documentId: ulidSource.next(), projectId: ctx.writeProjectId }, { userId: ctx.userId }, systemClock.now());
            const event = domainEvent(
              {
                type: DOCUMENT_EVENTS.created,
                actor: { userId: ctx.userId, via: 'session', ip: '203.0.113.9', userAgent: 'ownstack-bench' },
                subject: { kind: 'document', id: doc.documentId },
                data: { documentId: doc.documentId, projectId: doc.projectId, title: doc.title },
              },
              { clock: systemClock, ids: ulidSource },
            );
            await documents.create(doc, input.body, event, { limit: COMMUNITY_ENTITLEMENTS.quotas.documents });
          },
        },
      ],
    },
    updateRoute(ctx, auth, invoke, principalReads, projectRead, documents),
  ];
}

/** Edits: each way of calling the route edits a document of its own, naming the version it last wrote. */
function updateRoute(
  ctx: RouteContext,
  auth: Record<string, string>,
  invoke: (request: Omit<ApiRequest, 'claims'>, claims: Record<string, string> | undefined, expected?: number) => Promise<string>,
  principalReads: () => Promise<unknown>,
  projectRead: (projectId: string) => Promise<unknown>,
  documents: ReturnType<typeof dynamoDocumentStore>,
): RouteUnderTest {
  const ids = { http: editedDocumentId(EDITED.http), 'in-process': editedDocumentId(EDITED['in-process']), raw: editedDocumentId(EDITED.raw) };
  const state = { http: 0, 'in-process': 0 };
  let rawBefore: DocumentRecord | undefined;
  return {
    route: BENCH_ROUTES.updateDocument,
    writes: true,
    prepare: async () => {
      state.http = (await currentDocument(ctx, ids.http)).version;
      state['in-process'] = (await currentDocument(ctx, ids['in-process'])).version;
      rawBefore = await currentDocument(ctx, ids.raw);
    },
    calls: [
      {
        mode: 'http',
        call: async () => {
          const path = concretePath(GET_DOCUMENT, { documentId: ids.http });
          const { status, body } = await ctx.http.send('PUT', path, updateDocumentRequest(state.http), { ...auth, ...ifMatch(state.http) });
          if (status !== 200) throw new Error(`PUT ${path} answered ${status}: ${body.slice(0, 300)}`);
          state.http += 1;
        },
      },
      {
        mode: 'in-process',
        call: async () => {
          const version = state['in-process'];
          await invoke(
            { method: 'PUT', path: GET_DOCUMENT, params: { documentId: ids['in-process'] }, body: updateDocumentRequest(version), headers: ifMatch(version) },
            ctx.claims,
          );
          state['in-process'] += 1;
        },
      },
      {
        mode: 'raw',
        // As the route: the caller and settings, the document's meta and shares, its project, then the store's
        // own transaction (meta at the version read, body, the project still active, event).
        call: async () => {
          const before = rawBefore as DocumentRecord;
          await principalReads();
          await ctx.db.send(
            new QueryCommand({
              TableName: ctx.tableName,
              KeyConditionExpression: 'pk = :pk AND sk >= :meta',
              ExpressionAttributeValues: { ':pk': documentKeys.partition(before.documentId), ':meta': documentKeys.meta(before.documentId).sk },
              ConsistentRead: true,
            }),
          );
          await projectRead(before.projectId);
          const change = updateDocumentRequest(before.version);
          const after = edited(before, change, { userId: ctx.userId }, systemClock.now());
          const event = domainEvent(
            {
              type: DOCUMENT_EVENTS.updated,
              actor: { userId: ctx.userId, via: 'session', ip: '203.0.113.9', userAgent: 'ownstack-bench' },
              subject: { kind: 'document', id: after.documentId },
              data: { documentId: after.documentId, projectId: after.projectId, title: after.title, version: after.version },
            },
            { clock: systemClock, ids: ulidSource },
          );
          await documents.update(before, after, change.body, event);
          rawBefore = after;
        },
      },
    ],
  };
}
