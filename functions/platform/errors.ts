/**
 * Domain errors: what went wrong, in the domain's words. Use cases throw these; only
 * `problem.ts` turns them into HTTP. Never put HTTP status codes or AWS types here.
 */
export abstract class DomainError extends Error {
  abstract readonly kind:
    | 'not-found'
    | 'conflict'
    | 'forbidden'
    | 'unauthenticated'
    | 'invalid'
    | 'quota-exceeded'
    | 'precondition-failed'
    | 'precondition-required'
    | 'unavailable';
  constructor(
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** The object does not exist, or the caller may not know that it does. */
export class NotFound extends DomainError {
  readonly kind = 'not-found';
}
export class Conflict extends DomainError {
  readonly kind = 'conflict';
}
export class Forbidden extends DomainError {
  readonly kind = 'forbidden';
}
export class Unauthenticated extends DomainError {
  readonly kind = 'unauthenticated';
}
export class InvalidInput extends DomainError {
  readonly kind = 'invalid';
}
export class QuotaExceeded extends DomainError {
  readonly kind = 'quota-exceeded';
}
export class PreconditionFailed extends DomainError {
  readonly kind = 'precondition-failed';
}
/** A conditional write came without the version it was based on (`If-Match`). */
export class PreconditionRequired extends DomainError {
  readonly kind = 'precondition-required';
}
/** A service this request depends on (the vendor's control plane) cannot be reached now; retrying later may work. */
export class ServiceUnavailable extends DomainError {
  readonly kind = 'unavailable';
}
