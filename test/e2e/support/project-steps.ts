/**
 * Steps of the projects and documents journey that look from outside: calling the API with
 * headers (Idempotency-Key, If-Match) and reading the ETag, as another client would, to
 * check what the UI did and to make changes behind its back (a concurrent save).
 */
import { randomUUID } from 'node:crypto';
import { documentSchema } from '../../../functions/documents/schemas.js';
import { projectList } from '../../../functions/projects/schemas.js';
import type { BrowserHarness } from './browser-harness.js';

export interface ApiExchange {
  status: number;
  etag?: string;
  json: unknown;
}

export function projectApi(harness: BrowserHarness) {
  async function call(email: string, method: string, path: string, options: { body?: unknown; headers?: Record<string, string> } = {}): Promise<ApiExchange> {
    const token = await harness.runtime().tokenFor(email);
    const response = await fetch(`${harness.origin()}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        ...(options.body === undefined ? {} : { 'content-type': 'application/json' }),
        ...options.headers,
      },
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
    });
    const text = await response.text();
    return { status: response.status, etag: response.headers.get('etag') ?? undefined, json: text ? JSON.parse(text) : undefined };
  }

  return {
    call,
    /** The projects `email` sees with this status, by name. */
    async projectNames(email: string, status: 'active' | 'archived' | 'trashed' = 'active'): Promise<string[]> {
      const { json } = await call(email, 'GET', `/api/projects?status=${status}&limit=100`);
      return projectList.parse(json).items.map((p) => p.name);
    },
    async createProject(email: string, name: string): Promise<ApiExchange> {
      return call(email, 'POST', '/api/projects', { body: { name }, headers: { 'idempotency-key': randomUUID() } });
    },
    async readDocument(email: string, documentId: string) {
      const answer = await call(email, 'GET', `/api/documents/${documentId}`);
      if (answer.status !== 200) throw new Error(`GET /api/documents/${documentId} answered ${answer.status}: ${JSON.stringify(answer.json)}`);
      return { document: documentSchema.parse(answer.json), etag: answer.etag ?? '' };
    },
    /** Saves a new body as another client would: reads the current ETag, then PUTs with If-Match. */
    async saveBody(email: string, documentId: string, body: string): Promise<ApiExchange> {
      const { document, etag } = await this.readDocument(email, documentId);
      return call(email, 'PUT', `/api/documents/${documentId}`, {
        body: { title: document.title, tags: document.tags, body },
        headers: { 'if-match': etag },
      });
    },
  };
}
