/**
 * Optimistic concurrency over HTTP: a versioned object is sent with `ETag: "<version>"`
 * and every write names the version it read in `If-Match`. Without one the write is
 * refused (428), so a client cannot overwrite a change it never saw by accident.
 */
import { InvalidInput, PreconditionFailed, PreconditionRequired } from './errors.js';
import type { RequestMeta } from './route.js';

export const etagOf = (version: number) => `"${version}"`;

/** The version a write is based on, from `If-Match` (`"3"`, `W/"3"` or `3`). */
export function expectedVersion(request: Pick<RequestMeta, 'headers'>): number {
  const raw = request.headers['if-match']?.trim();
  if (!raw) throw new PreconditionRequired('Send If-Match with the ETag you read (e.g. If-Match: "3"), so a change made meanwhile is not overwritten.');
  const match = /^(?:W\/)?"?(\d{1,15})"?$/.exec(raw);
  if (!match) throw new InvalidInput(`If-Match must be one ETag this API issued, like "3" (got ${raw.slice(0, 40)}).`);
  return Number(match[1]);
}

export function staleVersion(what: string, currentVersion: number | undefined): PreconditionFailed {
  return new PreconditionFailed(`The ${what} changed since you read it; reload it and apply your change again.`, { currentVersion });
}
