/**
 * The one place that maps errors to RFC 9457 `application/problem+json` responses.
 * It must never leak internals: unknown errors become a bare 500 with a request id.
 */
import type { ZodError } from 'zod';
import type { DomainError } from './errors.js';

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

export interface Problem {
  type: string;
  title: string;
  status: number;
  detail?: string;
  instance?: string;
  [extension: string]: unknown;
}

const byKind: Record<DomainError['kind'], { status: number; title: string }> = {
  'not-found': { status: 404, title: 'Not found' },
  conflict: { status: 409, title: 'Conflict' },
  forbidden: { status: 403, title: 'Forbidden' },
  unauthenticated: { status: 401, title: 'Unauthenticated' },
  invalid: { status: 400, title: 'Invalid request' },
  'quota-exceeded': { status: 403, title: 'Quota exceeded' },
  'precondition-failed': { status: 412, title: 'Precondition failed' },
  'precondition-required': { status: 428, title: 'Precondition required' },
  unavailable: { status: 503, title: 'Service unavailable' },
};

/** Problem type URIs are stable identifiers documented in docs/api.md. */
const typeUri = (slug: string) => `https://ownstack.dev/problems/${slug}`;

export function problemFromDomainError(error: DomainError, instance?: string): Problem {
  const { status, title } = byKind[error.kind];
  // Extensions never replace the standard members (RFC 9457 §3.2): a detail named `status`
  // must not turn into the HTTP status.
  return { ...error.details, type: typeUri(error.kind), title, status, detail: error.message, instance };
}

export function problemFromZodError(error: ZodError, where: 'body' | 'query' | 'path' | 'header', instance?: string): Problem {
  return {
    type: typeUri('invalid'),
    title: 'Invalid request',
    status: 400,
    detail: `The request ${where} does not match the schema.`,
    instance,
    errors: error.issues.slice(0, 20).map((issue) => ({
      location: where,
      pointer: `/${issue.path.map(String).join('/')}`,
      message: issue.message,
    })),
  };
}

export function problem(status: number, slug: string, title: string, detail?: string, extra: Record<string, unknown> = {}): Problem {
  return { type: typeUri(slug), title, status, detail, ...extra };
}

export function internalProblem(requestId?: string): Problem {
  return {
    type: typeUri('internal'),
    title: 'Internal error',
    status: 500,
    detail: 'Something went wrong on our side. Quote the request id when you report it.',
    requestId,
  };
}
