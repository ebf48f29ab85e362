/**
 * The one error type the UI sees from the API: an RFC 9457 problem (title, detail, status),
 * whether the server sent it or the client had to describe a failure itself (network down,
 * a response this build does not understand).
 */
import { z } from 'zod';
import type { Problem } from '../../../functions/platform/problem.js';

/** Fields the SPA reads from a problem+json body; extension members are kept as they are. */
const problemBodySchema = z
  .object({
    type: z.string().optional(),
    title: z.string(),
    status: z.number().int().optional(),
    detail: z.string().optional(),
    instance: z.string().optional(),
    requestId: z.string().optional(),
    /** Field-level reasons of a 400 (schema issues, Cedar validation messages). */
    errors: z.array(z.object({ pointer: z.string().optional(), message: z.string() })).optional(),
  })
  // Extension members (a quota's meter, limit and used; a 412's current version) are kept.
  .loose();

/** One reason a request was refused, as listed in a 400 problem's `errors[]`. */
export interface ProblemIssue {
  /** JSON pointer into the request, e.g. `/policies`. */
  pointer?: string;
  message: string;
}

export class ApiProblem extends Error {
  override readonly name = 'ApiProblem';
  readonly type: string;
  readonly title: string;
  /** HTTP status; 0 when no response arrived. */
  readonly status: number;
  readonly detail?: string;
  readonly instance?: string;
  readonly requestId?: string;
  /** Field-level reasons; empty unless the API listed them (400). */
  readonly errors: readonly ProblemIssue[];
  /** The `x-correlation-id` this request was sent with; quote it in a support request. */
  readonly correlationId: string;
  /** Every member of the problem body, the route-specific extensions included (`meter`, `limit`, `used`). */
  readonly extensions: Readonly<Record<string, unknown>>;

  constructor(
    problem: Pick<Problem, 'title' | 'status'> &
      Partial<Pick<Problem, 'type' | 'detail' | 'instance'>> & { requestId?: string; errors?: readonly ProblemIssue[]; [extension: string]: unknown },
    correlationId: string,
  ) {
    super(problem.detail ? `${problem.title}: ${problem.detail}` : problem.title);
    this.type = problem.type ?? 'about:blank';
    this.title = problem.title;
    this.status = problem.status;
    this.detail = problem.detail;
    this.instance = problem.instance;
    this.requestId = problem.requestId;
    this.errors = problem.errors ?? [];
    this.correlationId = correlationId;
    this.extensions = problem;
  }

  get isUnauthenticated(): boolean {
    return this.status === 401;
  }

  /** The caller's role or policies do not allow this (403 "You may not …"); a quota is not a permission. */
  get isForbidden(): boolean {
    return this.status === 403 && !this.isQuotaExceeded;
  }

  /** A plan limit was reached (projects, documents, storage): `meter`, `limit` and `used` say which. */
  get isQuotaExceeded(): boolean {
    return this.type.endsWith('/quota-exceeded');
  }

  /** Someone else saved first (412): the write named a version that is no longer current. */
  get isStale(): boolean {
    return this.status === 412;
  }
}

/** Whatever a request threw, as an `ApiProblem` (a bug in the app becomes "Something went wrong"). */
export function asProblem(error: unknown): ApiProblem {
  if (error instanceof ApiProblem) return error;
  return new ApiProblem({ title: 'Something went wrong', status: 0, detail: error instanceof Error ? error.message : String(error) }, '');
}

/** Reads an error response; falls back to a generic problem when the body is not one. */
export async function problemFromResponse(response: Response, correlationId: string): Promise<ApiProblem> {
  const fallback = { title: response.statusText || 'Request failed', status: response.status, detail: `The API answered with HTTP ${response.status}.` };
  let body: unknown;
  try {
    body = await response.json();
  } catch {
    return new ApiProblem(fallback, correlationId);
  }
  const parsed = problemBodySchema.safeParse(body);
  if (!parsed.success) return new ApiProblem(fallback, correlationId);
  return new ApiProblem({ ...parsed.data, status: parsed.data.status ?? response.status }, correlationId);
}

export function networkProblem(correlationId: string): ApiProblem {
  return new ApiProblem({ title: 'The API could not be reached', status: 0, detail: 'Check your connection, then try again.' }, correlationId);
}

export function unexpectedResponseProblem(status: number, correlationId: string): ApiProblem {
  return new ApiProblem(
    {
      title: 'Unexpected response',
      status,
      detail: 'The API answered with data this version of the app does not understand. Reload the page to get the latest version.',
    },
    correlationId,
  );
}
