/**
 * A control plane route, declared as data like the application's (`platform/route.ts`)
 * but authenticated its own way and never through Cedar: an installation signs its
 * requests (`signed`), registration carries an activation code (`activation`), vendor
 * staff bring a JWT (`admin`). The catalog's `vendorRoutes` lists the same method and
 * path; a test keeps the two in step.
 */
import type { z } from 'zod';
import type { RequestMeta } from '../../platform/route.js';
import type { VendorServices } from '../services.js';

export type VendorAuth = 'activation' | 'signed' | 'admin';

/** A member of vendor staff, from the claims the HTTP API's authorizer verified. */
export interface VendorAdmin {
  userId: string;
  email?: string;
}

export interface VendorRouteInput<P, Q, B> {
  params: P;
  query: Q;
  body: B;
  request: RequestMeta;
  services: VendorServices;
  /** Set on `signed` routes: the installation whose key verified the signature. */
  installationId: string | undefined;
  /** Set on `admin` routes. */
  admin: VendorAdmin | undefined;
}

/** A reply with a status other than the route's default, or with no body (`undefined`). */
export class VendorReply<T> {
  constructor(
    readonly body: T,
    readonly status: number,
  ) {}
}

export interface VendorRouteDeclaration<P extends z.ZodType = z.ZodType, Q extends z.ZodType = z.ZodType, B extends z.ZodType = z.ZodType> {
  readonly method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** API Gateway path syntax, e.g. `/admin/installations/{installationId}`. */
  readonly path: string;
  readonly auth: VendorAuth;
  readonly params?: P;
  readonly query?: Q;
  readonly body?: B;
  /** @default 200 */
  readonly status?: number;
  // Method syntax on purpose: a route list holds routes of many schema types.
  handle(input: VendorRouteInput<z.output<P>, z.output<Q>, z.output<B>>): Promise<unknown>;
}

export function defineVendorRoute<P extends z.ZodType, Q extends z.ZodType, B extends z.ZodType>(
  route: VendorRouteDeclaration<P, Q, B>,
): VendorRouteDeclaration<P, Q, B> {
  return route;
}

export const vendorRouteKey = (route: Pick<VendorRouteDeclaration, 'method' | 'path'>) => `${route.method} ${route.path}`;

/** The installation a signed route runs for; the router sets it before the use case runs. */
export function signedInstallation(input: { installationId: string | undefined }): string {
  if (!input.installationId) throw new Error('A signed route ran without a verified installation; the router must verify it first.');
  return input.installationId;
}

/** The admin an admin route runs for; the router sets it before the use case runs. */
export function signedInAdmin(input: { admin: VendorAdmin | undefined }): VendorAdmin {
  if (!input.admin) throw new Error('An admin route ran without a verified admin; the router must verify it first.');
  return input.admin;
}
