/**
 * The installation's client of the control plane (`control-plane-api.ts`): every call but
 * registration is signed (`signed-request.ts`), every body is JSON, every response is
 * bounded (64 KB, read as a stream so a huge answer is cut off, not buffered) and
 * validated before anything reads it. Failures come in two kinds a caller can act on:
 * `ControlPlaneUnavailable` (network, timeout, 5xx, 429, a malformed answer: try again
 * later, keep the last good license) and `ControlPlaneRefused` (a 4xx: the request
 * itself is wrong, retrying will not help).
 *
 * Only https is spoken, except plain http to a loopback host (the local control plane).
 * Redirects are refused: a signed request goes to the configured origin or nowhere.
 */
import type { z } from 'zod';
import {
  CONTROL_PLANE_PATHS,
  type CheckoutRequest,
  type HeartbeatRequest,
  licenseResponseSchema,
  type RegisterRequest,
  redirectResponseSchema,
  registerResponseSchema,
  type UsageReport,
  usageResponseSchema,
} from './control-plane-api.js';
import { signRequest } from './signed-request.js';

export type RegisterResponse = z.infer<typeof registerResponseSchema>;
export type UsageResponse = z.infer<typeof usageResponseSchema>;

/** What signs a request: the installation's id and the key derived from its secret. */
export interface Connection {
  installationId: string;
  signingKey: string;
}

export interface ControlPlaneClient {
  register(req: RegisterRequest): Promise<RegisterResponse>;
  heartbeat(conn: Connection, body: HeartbeatRequest): Promise<void>;
  /** The current license, a compact JWS (verified by the caller, never here). */
  license(conn: Connection): Promise<string>;
  usage(conn: Connection, reports: UsageReport[]): Promise<UsageResponse>;
  /** Starts the 14-day pro trial; answers the trial's license. */
  trial(conn: Connection): Promise<string>;
  checkout(conn: Connection, req: CheckoutRequest): Promise<{ url: string }>;
  portal(conn: Connection, req: { returnUrl: string }): Promise<{ url: string }>;
}

/** The control plane could not be reached or answered nonsense: try again later. */
export class ControlPlaneUnavailable extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ControlPlaneUnavailable';
  }
}

/** The control plane refused the request (4xx): retrying the same request will not help. */
export class ControlPlaneRefused extends Error {
  constructor(
    readonly status: number,
    readonly detail: string,
  ) {
    super(`The control plane refused the request (${status}): ${detail}`);
    this.name = 'ControlPlaneRefused';
  }
}

export const CONTROL_PLANE_TIMEOUT_MS = 5_000;
export const MAX_CONTROL_PLANE_RESPONSE_BYTES = 64 * 1024;
/** A refusal's detail is shown to admins: short, and only what the control plane chose to say. */
const MAX_DETAIL_CHARS = 300;

export interface ControlPlaneClientOptions {
  fetch?: typeof fetch;
  /** Milliseconds since the epoch, for the signature's timestamp. @default Date.now */
  now?: () => number;
  /** @default 5000 */
  timeoutMs?: number;
}

export function controlPlaneClient(baseUrl: string, opts: ControlPlaneClientOptions = {}): ControlPlaneClient {
  const base = controlPlaneBaseUrl(baseUrl);
  const doFetch = opts.fetch ?? fetch;
  const now = opts.now ?? Date.now;
  const timeoutMs = opts.timeoutMs ?? CONTROL_PLANE_TIMEOUT_MS;

  async function call<S extends z.ZodType>(
    method: 'GET' | 'POST',
    path: string,
    schema: S | undefined,
    options: { body?: unknown; conn?: Connection },
  ): Promise<z.infer<S>> {
    const url = new URL(`${base.pathname.replace(/\/$/, '')}${path}`, base);
    const body = options.body === undefined ? '' : JSON.stringify(options.body);
    const headers: Record<string, string> = { accept: 'application/json' };
    if (body !== '') headers['content-type'] = 'application/json';
    if (options.conn) {
      // The signed path is the one on the wire, prefix included, exactly as the control plane sees it.
      const signed = signRequest(
        { method, path: `${url.pathname}${url.search}`, body },
        options.conn.installationId,
        options.conn.signingKey,
        Math.floor(now() / 1000),
      );
      Object.assign(headers, signed);
    }
    let response: Response;
    let text: string;
    try {
      response = await doFetch(url, {
        method,
        headers,
        ...(body === '' ? {} : { body }),
        redirect: 'error',
        signal: AbortSignal.timeout(timeoutMs),
      });
      text = await readBounded(response, MAX_CONTROL_PLANE_RESPONSE_BYTES);
    } catch (error) {
      if (error instanceof ControlPlaneUnavailable) throw error;
      throw new ControlPlaneUnavailable(`The control plane did not answer ${method} ${path}: ${reasonOf(error, timeoutMs)}.`, { cause: error });
    }
    // 408 and 429 are the control plane asking to come back later, not a refusal of the request.
    if (response.status >= 500 || response.status === 408 || response.status === 429) {
      throw new ControlPlaneUnavailable(`The control plane answered ${method} ${path} with ${response.status}.`);
    }
    if (response.status >= 400) throw new ControlPlaneRefused(response.status, detailOf(text));
    if (response.status < 200 || response.status >= 300) {
      throw new ControlPlaneUnavailable(`The control plane answered ${method} ${path} with an unexpected ${response.status}.`);
    }
    if (!schema) return undefined as z.infer<S>;
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      throw new ControlPlaneUnavailable(`The control plane's answer to ${method} ${path} is not JSON.`);
    }
    const parsed = schema.safeParse(json);
    if (!parsed.success) throw new ControlPlaneUnavailable(`The control plane's answer to ${method} ${path} does not have the expected shape.`);
    return parsed.data;
  }

  const P = CONTROL_PLANE_PATHS;
  return {
    register: (req) => call('POST', P.register, registerResponseSchema, { body: req }),
    heartbeat: async (conn, body) => {
      await call('POST', P.heartbeat, undefined, { body, conn });
    },
    license: async (conn) => (await call('GET', P.license, licenseResponseSchema, { conn })).license,
    usage: (conn, reports) => call('POST', P.usage, usageResponseSchema, { body: { reports }, conn }),
    trial: async (conn) => (await call('POST', P.trial, licenseResponseSchema, { body: { plan: 'pro' }, conn })).license,
    checkout: async (conn, req) => browserRedirect(await call('POST', P.checkout, redirectResponseSchema, { body: req, conn }), P.checkout),
    portal: async (conn, req) => browserRedirect(await call('POST', P.portal, redirectResponseSchema, { body: req, conn }), P.portal),
  };
}

/**
 * The control plane's URL, checked: https, or http to a loopback host only (the local
 * control plane). Throws with a message naming the setting, so a bad value fails the
 * function's init, not the first sync.
 */
export function controlPlaneBaseUrl(value: string): URL {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new Error(`CONTROL_PLANE_URL "${value}" is not a URL.`);
  }
  if (url.username || url.password || url.search || url.hash)
    throw new Error('CONTROL_PLANE_URL must be a plain origin (and optional path): no credentials, query or fragment.');
  if (url.protocol === 'https:') return url;
  if (url.protocol === 'http:' && isLoopback(url.hostname)) return url;
  throw new Error(`CONTROL_PLANE_URL must use https (plain http only to localhost); got ${url.protocol}//${url.hostname}.`);
}

/** The browser is sent to this URL (Stripe Checkout, the Portal): https only (loopback http for the local fake), never `javascript:` or `data:`. */
function browserRedirect(answer: { url: string }, path: string): { url: string } {
  const url = new URL(answer.url);
  if (url.protocol === 'https:' || (url.protocol === 'http:' && isLoopback(url.hostname))) return { url: url.href };
  throw new ControlPlaneUnavailable(`The control plane's answer to POST ${path} is not an https URL.`);
}

function isLoopback(hostname: string): boolean {
  return hostname === 'localhost' || hostname === '[::1]' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(hostname);
}

/** The body as text, refusing (and cancelling) anything beyond `maxBytes`. */
async function readBounded(response: Response, maxBytes: number): Promise<string> {
  const declared = Number(response.headers.get('content-length') ?? 'NaN');
  if (declared > maxBytes) {
    await response.body?.cancel().catch(() => undefined);
    throw new ControlPlaneUnavailable(`The control plane's answer is ${declared} bytes; at most ${maxBytes} are read.`);
  }
  if (!response.body) return '';
  const chunks: Uint8Array[] = [];
  let total = 0;
  for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
    total += chunk.byteLength;
    if (total > maxBytes) {
      await response.body.cancel().catch(() => undefined);
      throw new ControlPlaneUnavailable(`The control plane's answer exceeds ${maxBytes} bytes.`);
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function detailOf(text: string): string {
  try {
    const body = JSON.parse(text) as { detail?: unknown; title?: unknown };
    const detail = typeof body.detail === 'string' ? body.detail : typeof body.title === 'string' ? body.title : undefined;
    if (detail) return detail.slice(0, MAX_DETAIL_CHARS);
  } catch {
    // Not a problem document: say nothing more than the status.
  }
  return 'no detail given';
}

function reasonOf(error: unknown, timeoutMs: number): string {
  if (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError')) return `no answer within ${timeoutMs} ms`;
  const cause = error instanceof Error && error.cause instanceof Error ? `: ${error.cause.message}` : '';
  return error instanceof Error ? `${error.message}${cause}`.slice(0, 200) : 'unknown error';
}
