/**
 * The control plane's routers over a vendor table of their own in the shared DynamoDB
 * Local, with a real signing key in a secrets file and a clock the test moves. Requests
 * go in as the HTTP API's payload 2.0 events, built by the local runtime's own builder.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { DeleteTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { inject } from 'vitest';
import { dynamoDbLocalCredentials } from '../../functions/local/dynamodb-local.js';
import { httpApiEvent } from '../../functions/local/http-api-event.js';
import { toApiGatewayClaims } from '../../functions/local/jwt-authorizer.js';
import type { RouteMatch } from '../../functions/local/route-matcher.js';
import type { Connection } from '../../functions/licensing/control-plane-client.js';
import { signRequest } from '../../functions/licensing/signed-request.js';
import type { ApiResult } from '../../functions/platform/router.js';
import { VENDOR_SECRETS } from '../../functions/vendor/catalog.js';
import { loadVendorConfig } from '../../functions/vendor/config.js';
import { adminRoutes } from '../../functions/vendor/http/admin-routes.js';
import { installationRoutes } from '../../functions/vendor/http/installation-routes.js';
import type { VendorRouteDeclaration } from '../../functions/vendor/http/route.js';
import { createVendorRouter } from '../../functions/vendor/http/router.js';
import { generateSigningKey } from '../../functions/vendor/licenses/signing-key.js';
import { createVendorServices, type VendorServices } from '../../functions/vendor/services.js';
import { ensureVendorTable } from '../../functions/vendor/table.js';
import type { JWK } from 'jose';

export interface SendOptions {
  body?: unknown;
  /** Sent as is (already serialised), e.g. to alter a signed body. */
  rawBody?: string;
  headers?: Record<string, string>;
  /** Claims as the admin API's JWT authorizer would pass them. */
  claims?: Record<string, unknown>;
  sourceIp?: string;
  query?: string;
}

export interface VendorHarness {
  tableName: string;
  db: DynamoDBDocumentClient;
  services: VendorServices;
  publicJwk: JWK;
  /** The control plane's clock; tests move it. */
  clock: { now(): Date; set(date: Date): void; advanceSeconds(seconds: number): void };
  send(method: string, path: string, options?: SendOptions): Promise<ApiResult & { json: () => Record<string, unknown> }>;
  /** A signed request from an installation, signed at the control plane's current time. */
  sendSigned(conn: Connection, method: string, path: string, body?: unknown, nonce?: string): Promise<ApiResult & { json: () => Record<string, unknown> }>;
  close(): Promise<void>;
}

const silentLog = { warn: () => undefined, error: () => undefined } as unknown as Parameters<typeof createVendorRouter>[1]['log'];

export async function createVendorHarness(label: string): Promise<VendorHarness> {
  const endpoint = inject('dynamoEndpoint');
  const tableName = `vendor-${label}-${randomBytes(4).toString('hex')}`;
  const client = new DynamoDBClient({ endpoint, region: 'local', credentials: dynamoDbLocalCredentials });
  await ensureVendorTable(client, tableName);
  const db = DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
  const dir = mkdtempSync(join(tmpdir(), 'vendor-harness-'));
  const key = await generateSigningKey();
  const secretsFile = join(dir, 'secrets.json');
  writeFileSync(
    secretsFile,
    JSON.stringify({
      [VENDOR_SECRETS.signingKey]: JSON.stringify(key.privateJwk),
      [VENDOR_SECRETS.stripeApiKey]: 'sk_test_harness',
      [VENDOR_SECRETS.stripeWebhookSecret]: 'whsec_harness',
    }),
  );
  let now = new Date('2026-11-24T10:00:00.000Z');
  const clock = {
    now: () => now,
    set: (date: Date) => {
      now = date;
    },
    advanceSeconds: (seconds: number) => {
      now = new Date(now.getTime() + seconds * 1000);
    },
  };
  const config = loadVendorConfig({
    VENDOR_TABLE_NAME: tableName,
    DYNAMODB_ENDPOINT: endpoint,
    LOCAL_SECRETS_FILE: secretsFile,
    // Never reached by these tests (no subscription, so no seat change is queued).
    BILLING_QUEUE_URL: 'http://127.0.0.1:9/queue/unused',
    SQS_ENDPOINT: 'http://127.0.0.1:9',
    OWNSTACK_RUNTIME: 'local',
  });
  const services = createVendorServices(config, { clock, db });
  const routes: VendorRouteDeclaration[] = [...installationRoutes, ...adminRoutes];
  const router = createVendorRouter(routes, { services, log: silentLog });
  const templates = routes.map((r) => ({
    key: `${r.method} ${r.path}`,
    method: r.method,
    pattern: new RegExp(`^${r.path.replace(/\{[^}]+\}/g, '([^/]+)')}$`),
    names: [...r.path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1] ?? ''),
  }));

  async function send(method: string, path: string, options: SendOptions = {}) {
    const route = templates.find((t) => t.method === method && t.pattern.test(path));
    const found = route?.pattern.exec(path);
    const pathParameters = route && found && route.names.length ? Object.fromEntries(route.names.map((n, i) => [n, found[i + 1] ?? ''])) : undefined;
    const text = options.rawBody ?? (options.body === undefined ? '' : JSON.stringify(options.body));
    const headers: Record<string, string[]> = {};
    for (const [k, v] of Object.entries({ ...(text ? { 'content-type': 'application/json' } : {}), ...options.headers })) headers[k] = [v];
    const event = httpApiEvent(
      {
        method,
        rawPath: path,
        rawQueryString: options.query ?? '',
        headers,
        body: Buffer.from(text),
        sourceIp: options.sourceIp ?? '203.0.113.7',
        protocol: 'HTTP/1.1',
        host: 'control-plane.test',
        port: 443,
      },
      { routeKey: route?.key ?? `${method} ${path}`, pathParameters } as RouteMatch,
      options.claims ? { claims: toApiGatewayClaims(options.claims), scopes: [] } : undefined,
    );
    const result = await router.handle(event);
    return { ...result, json: () => JSON.parse(result.body || 'null') as Record<string, unknown> };
  }

  return {
    tableName,
    db,
    services,
    publicJwk: key.publicJwk,
    clock,
    send,
    sendSigned(conn, method, path, body, nonce) {
      const text = body === undefined ? '' : JSON.stringify(body);
      const headers = signRequest({ method, path, body: text }, conn.installationId, conn.signingKey, Math.floor(clock.now().getTime() / 1000), nonce);
      return send(method, path, { rawBody: text, headers });
    },
    async close() {
      await client.send(new DeleteTableCommand({ TableName: tableName })).catch(() => undefined);
      client.destroy();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export const STAFF_CLAIMS = { sub: 'staff-1', email: 'ops@vendor.example', 'cognito:groups': ['vendor-admins'] };
