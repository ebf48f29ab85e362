/**
 * Domain events: facts about a change, written in the same transaction as the change
 * (an outbox item) and published to the bus from the table's stream. An event's id is
 * its idempotency key all the way to the consumers. Never mutate an event after writing.
 */
import type { Clock, IdSource } from '../platform/ports.js';

/** The EventBridge `source` of every Ownstack event; customers match rules on it. */
export const EVENT_SOURCE = 'ownstack';

export interface EventActor {
  userId: string;
  via: 'session' | 'apiKey' | 'system';
  /** Which API key acted, when `via` is 'apiKey'. */
  apiKeyId?: string;
  ip?: string;
  userAgent?: string;
}

export interface DomainEvent<T extends string = string, D = Record<string, unknown>> {
  id: string;
  type: T;
  /** Version of this event type's `data` schema; bump on an incompatible change. */
  version: number;
  occurredAt: string;
  actor: EventActor;
  subject: { kind: string; id: string };
  data: D;
  correlationId?: string;
}

export interface NewEvent<T extends string, D> {
  type: T;
  version?: number;
  actor: EventActor;
  subject: { kind: string; id: string };
  data: D;
  correlationId?: string;
}

export function domainEvent<T extends string, D>(input: NewEvent<T, D>, deps: { clock: Clock; ids: IdSource }): DomainEvent<T, D> {
  return {
    id: deps.ids.next(),
    version: input.version ?? 1,
    occurredAt: deps.clock.now().toISOString(),
    type: input.type,
    actor: input.actor,
    subject: input.subject,
    data: input.data,
    ...(input.correlationId ? { correlationId: input.correlationId } : {}),
  };
}

/** The actor of a request, for the events its use case writes. */
export function actorOf(
  principal: { userId: string; via: 'session' | 'apiKey'; apiKeyId?: string },
  request: { sourceIp: string; userAgent: string },
): EventActor {
  return {
    userId: principal.userId,
    via: principal.via,
    ...(principal.via === 'apiKey' && principal.apiKeyId ? { apiKeyId: principal.apiKeyId } : {}),
    ip: request.sourceIp,
    userAgent: request.userAgent,
  };
}
