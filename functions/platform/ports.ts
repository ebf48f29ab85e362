/**
 * Ports: the interfaces domain code depends on. Adapters for AWS (Lambda) and for the
 * local runtime implement them; domain code must never import an adapter directly.
 */
export interface Clock {
  now(): Date;
}

export interface IdSource {
  /** A new unique, URL-safe, roughly time-ordered id. */
  next(): string;
}

export const systemClock: Clock = { now: () => new Date() };
