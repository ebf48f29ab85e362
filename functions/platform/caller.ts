/**
 * The caller of a private route as use cases see it: who, from where, with which
 * services, and how to ask for a further authorization decision. Also builds the events
 * a use case writes, attributed to the caller.
 */
import type { Action } from '../authz/actions.js';
import type { ResourceGrants } from '../authz/engine.js';
import type { SecuritySettings } from '../authz/settings-store.js';
import { actorOf, domainEvent } from '../events/domain.js';
import type { Services } from '../services.js';
import type { Principal } from './principal.js';
import type { RequestMeta, RouteInput } from './route.js';

export interface Caller {
  principal: Principal;
  /** The security settings the router read for this request (read once per request). */
  security: SecuritySettings;
  request: RequestMeta;
  services: Services;
  authorize: (action: Action, resource?: ResourceGrants) => void;
}

/** Private routes always have a principal: the router refused the request otherwise. */
export function callerOf(input: RouteInput<unknown, unknown, unknown, boolean>): Caller {
  if (!input.principal || !input.security) throw new Error('A private route ran without a principal; the router must resolve one first.');
  return { principal: input.principal, security: input.security, request: input.request, services: input.services, authorize: input.authorize };
}

export function callerEvent(caller: Caller, type: string, subject: { kind: string; id: string }, data: Record<string, unknown>) {
  return domainEvent({ type, actor: actorOf(caller.principal, caller.request), subject, data, correlationId: caller.request.correlationId }, caller.services);
}
