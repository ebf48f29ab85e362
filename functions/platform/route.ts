/**
 * A route is declared once, as data plus a use-case call: the CDK stack reads method,
 * path and access to create the HTTP API route (with or without the JWT authorizer),
 * the local runtime reads the same list to route and authenticate, the OpenAPI document
 * is generated from the schemas, and a test walks the list to prove every private route
 * names an authorization action. Modules declare routes with `defineRoute`.
 */
import type { z } from 'zod';
import type { Action } from '../authz/actions.js';
import type { ResourceGrants } from '../authz/engine.js';
import type { SecuritySettings } from '../authz/settings-store.js';
import type { Principal } from './principal.js';
import type { Services } from '../services.js';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** Public routes skip the JWT authorizer; private ones name the action they perform. */
export type RouteAccess = { public: true } | { public?: false; action: Action };

export interface RequestMeta {
  requestId: string;
  correlationId: string;
  sourceIp: string;
  userAgent: string;
  headers: Readonly<Record<string, string>>;
}

export interface RouteInput<P, Q, B, Auth extends boolean> {
  params: P;
  query: Q;
  body: B;
  principal: Auth extends true ? Principal : Principal | undefined;
  /** The security settings the router read to authorize this request; absent on public routes. */
  security: SecuritySettings | undefined;
  request: RequestMeta;
  services: Services;
  /** Asks for a further decision inside a use case (e.g. `ownership:assign`, or an action on a shared resource); throws Forbidden. */
  authorize: (action: Action, resource?: ResourceGrants) => void;
}

/** A reply with a status or headers other than the route's defaults. */
export class Reply<T> {
  constructor(
    readonly body: T,
    readonly status?: number,
    readonly headers: Record<string, string> = {},
  ) {}
}

/**
 * A reply whose body is text in a content type of its own (CSV, JSON lines), sent as is.
 * The route declares the types it may answer in `textContentTypes`, for the OpenAPI document.
 */
export class TextReply {
  constructor(
    readonly body: string,
    readonly contentType: string,
    readonly headers: Record<string, string> = {},
    readonly status = 200,
  ) {}
}

export interface RouteDeclaration<
  P extends z.ZodType = z.ZodType,
  Q extends z.ZodType = z.ZodType,
  B extends z.ZodType = z.ZodType,
  R extends z.ZodType = z.ZodType,
> {
  readonly method: HttpMethod;
  /** API Gateway path syntax, e.g. `/api/projects/{projectId}`. Always under `/api`. */
  readonly path: `/api/${string}` | '/api';
  readonly operationId: string;
  readonly summary: string;
  readonly tag: string;
  readonly access: RouteAccess;
  readonly params?: P;
  readonly query?: Q;
  readonly body?: B;
  /** Largest accepted body in bytes. @default 64 KiB */
  readonly maxBodyBytes?: number;
  readonly response: R;
  /** @default 200 */
  readonly status?: number;
  /** Content types of a route that answers text (a `TextReply`) instead of JSON. */
  readonly textContentTypes?: readonly string[];
  // Method syntax on purpose: a route list holds routes of many schema types.
  handle(input: RouteInput<z.output<P>, z.output<Q>, z.output<B>, boolean>): Promise<z.input<R> | Reply<z.input<R>> | TextReply>;
}

export const DEFAULT_MAX_BODY_BYTES = 64 * 1024;

export function defineRoute<P extends z.ZodType, Q extends z.ZodType, B extends z.ZodType, R extends z.ZodType>(
  route: RouteDeclaration<P, Q, B, R>,
): RouteDeclaration<P, Q, B, R> {
  if (!route.path.startsWith('/api')) {
    throw new Error(`Route ${route.operationId} has path "${route.path}"; every API route must live under /api.`);
  }
  return route;
}

/** The key API Gateway HTTP APIs put in `event.routeKey`, e.g. `GET /api/me`. */
export const routeKeyOf = (route: Pick<RouteDeclaration, 'method' | 'path'>) => `${route.method} ${route.path}`;

export const isPublic = (route: Pick<RouteDeclaration, 'access'>) => route.access.public === true;
