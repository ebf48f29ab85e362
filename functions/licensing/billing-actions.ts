/**
 * What an admin does on the billing page, through the vendor's control plane: connect
 * with an activation code, pull the license now, start the trial, open Stripe Checkout or
 * the Customer Portal. The control plane holds every Stripe credential; the installation
 * only ever gets a license (verified here) or a URL to send the browser to.
 *
 * Redirect URLs back from Stripe are built from the installation's own web origin
 * (`WEB_ORIGIN`), and from the request's `Origin` header only when it is that very origin:
 * a request can never make Stripe send a browser anywhere else.
 */
import { actorOf } from '../events/domain.js';
import { type Caller, callerEvent } from '../platform/caller.js';
import { Conflict, InvalidInput, ServiceUnavailable } from '../platform/errors.js';
import type { Services } from '../services.js';
import { applyLicense, LICENSE_EVENTS, LICENSE_SUBJECT, verifierFor } from './apply-license.js';
import type { CHANNELS } from './claims.js';
import { type Connection, type ControlPlaneClient, ControlPlaneRefused, ControlPlaneUnavailable } from './control-plane-client.js';
import { signingKeyFrom } from './signed-request.js';
import type { StoredConnection, StoredLicense } from './store.js';
import { type SyncOutcome, syncNow } from './sync.js';

/** Where Stripe sends the browser back: the billing page. */
export const BILLING_PAGE_PATH = '/billing';

function controlPlaneOf(services: Services): ControlPlaneClient {
  if (!services.controlPlane)
    throw new Conflict('This installation has no control plane configured (the ControlPlaneUrl parameter is empty), so it runs on the community plan.', {
      reason: 'not-connected',
    });
  return services.controlPlane;
}

async function connectionOf(services: Services): Promise<{ client: ControlPlaneClient; conn: Connection; stored: StoredConnection }> {
  const client = controlPlaneOf(services);
  const stored = await services.licenses.connection();
  if (!stored)
    throw new Conflict('This installation is not connected to the control plane yet: activate it with the code from the vendor first.', {
      reason: 'not-connected',
    });
  return { client, conn: { installationId: stored.installationId, signingKey: stored.signingKey }, stored };
}

/** Control plane failures in the domain's words: unreachable is 503 (try later), a refusal says why. */
async function calling<T>(what: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (error instanceof ControlPlaneUnavailable)
      throw new ServiceUnavailable(`The vendor's control plane cannot be reached now, so ${what} did not happen. Try again in a few minutes.`, {
        reason: 'control-plane-unreachable',
      });
    if (error instanceof ControlPlaneRefused)
      throw new Conflict(`The control plane refused: ${error.detail}`, { reason: 'control-plane-refused', upstreamStatus: error.status });
    throw error;
  }
}

export async function activate(caller: Caller, activationCode: string): Promise<void> {
  const { services } = caller;
  const client = controlPlaneOf(services);
  if (await services.licenses.connection()) throw new Conflict('This installation is already connected to the control plane.', { reason: 'already-connected' });
  const registered = await calling('the activation', async () => {
    try {
      return await client.register({
        activationCode,
        name: installationName(services),
        version: services.config.OWNSTACK_VERSION.slice(0, 40),
        channel: services.config.UPDATE_CHANNEL as (typeof CHANNELS)[number],
      });
    } catch (error) {
      if (error instanceof ControlPlaneRefused && error.status < 500)
        throw new InvalidInput(`The activation code was not accepted: ${error.detail}`, { reason: 'activation-refused' });
      throw error;
    }
  });
  const now = services.clock.now();
  const connection: StoredConnection = {
    installationId: registered.installationId,
    // The secret itself is never stored: only the key derived from it signs requests.
    signingKey: signingKeyFrom(registered.installationSecret),
    controlPlaneUrl: services.config.CONTROL_PLANE_URL ?? '',
    connectedAt: now.toISOString(),
  };
  const verification = await verifierFor(services.config.VENDOR_PUBLIC_KEY)(registered.license, { now, installationId: registered.installationId });
  const connected = callerEvent(caller, LICENSE_EVENTS.connected, LICENSE_SUBJECT, { installationId: registered.installationId });
  if (!verification.ok) {
    // Keep the connection (its secret cannot be had again), refuse the license, audit why.
    await services.licenses.connect(connection, undefined, [connected]);
    await services.licenses.recordRejection(
      { reason: verification.reason, at: now.toISOString(), source: 'activation' },
      callerEvent(caller, LICENSE_EVENTS.rejected, LICENSE_SUBJECT, { reason: verification.reason, source: 'activation' }),
    );
    return;
  }
  const { claims } = verification;
  const license: StoredLicense = { token: registered.license, claims, receivedAt: now.toISOString(), source: 'activation' };
  const applied = callerEvent(caller, LICENSE_EVENTS.applied, LICENSE_SUBJECT, {
    plan: claims.plan,
    status: claims.status,
    seats: claims.seats,
    expiresAt: new Date(claims.exp * 1000).toISOString(),
    source: 'activation',
  });
  await services.licenses.connect(connection, license, [connected, applied]);
  // The registration was a successful exchange with the control plane: say so on the billing page at once.
  await services.licenses.recordSync({ lastSyncAt: now.toISOString(), lastAttemptAt: now.toISOString() });
}

/** Pulls the license now (and reports what is due); a control plane that is down is recorded, not thrown. */
export async function refresh(caller: Caller): Promise<SyncOutcome> {
  await connectionOf(caller.services);
  return syncNow(caller.services);
}

export async function startTrial(caller: Caller): Promise<void> {
  const { services } = caller;
  const { client, conn } = await connectionOf(services);
  const token = await calling('the trial', () => client.trial(conn));
  const outcome = await applyLicense(services, token, 'trial', {
    actor: actorOf(caller.principal, caller.request),
    correlationId: caller.request.correlationId,
  });
  if (outcome.ok) {
    const at = services.clock.now().toISOString();
    await services.licenses.recordSync({ lastSyncAt: at, lastAttemptAt: at });
  }
  if (!outcome.ok)
    throw new Conflict(`The trial's license was refused (${outcome.reason}) and is not in force; the refusal is in the audit trail.`, {
      reason: 'license-rejected',
    });
}

export async function checkout(caller: Caller, input: { plan: 'pro' | 'enterprise'; seats?: number }): Promise<{ url: string }> {
  const { services } = caller;
  const { client, conn } = await connectionOf(services);
  const origin = returnOrigin(services, caller.request.headers.origin);
  // Billed per seat: by default as many seats as there are active members now (at least one).
  const seats = input.seats ?? Math.max(1, (await services.seats.count(services.clock.now())).activeUsers);
  const answer = await calling('opening Checkout', () =>
    client.checkout(conn, {
      plan: input.plan,
      seats,
      successUrl: `${origin}${BILLING_PAGE_PATH}?checkout=success`,
      cancelUrl: `${origin}${BILLING_PAGE_PATH}?checkout=canceled`,
    }),
  );
  return answer;
}

export async function portal(caller: Caller): Promise<{ url: string }> {
  const { services } = caller;
  const { client, conn } = await connectionOf(services);
  const origin = returnOrigin(services, caller.request.headers.origin);
  return calling('opening the billing portal', () => client.portal(conn, { returnUrl: `${origin}${BILLING_PAGE_PATH}` }));
}

/**
 * The origin Stripe returns the browser to: the configured web origin. The request's
 * `Origin` is used only when it is exactly that origin, so nothing a request carries can
 * point the return elsewhere.
 */
export function returnOrigin(services: Pick<Services, 'config'>, requestOrigin: string | undefined): string {
  const configured = services.config.WEB_ORIGIN;
  if (!configured)
    throw new Conflict('The installation does not know its own web address (WEB_ORIGIN), so Stripe could not send you back.', { reason: 'no-web-origin' });
  const own = new URL(configured).origin;
  if (requestOrigin && safeOrigin(requestOrigin) === own) return safeOrigin(requestOrigin) as string;
  return own;
}

function safeOrigin(value: string): string | undefined {
  try {
    return new URL(value).origin;
  } catch {
    return undefined;
  }
}

function installationName(services: Services): string {
  const origin = services.config.WEB_ORIGIN;
  return (origin ? new URL(origin).host : 'Ownstack installation').slice(0, 100);
}
