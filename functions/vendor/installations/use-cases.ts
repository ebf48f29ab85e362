/**
 * What installations and vendor staff do with installations: register with an activation
 * code, send heartbeats, list the fleet, move an installation between rings, create
 * activation codes. Pure orchestration over ports; errors are domain errors.
 */
import { type DomainEvent, domainEvent, type EventActor } from '../../events/domain.js';
import type { Ring } from '../../flags/model.js';
import type { HeartbeatRequest, RegisterRequest } from '../../licensing/control-plane-api.js';
import { newInstallationSecret, signingKeyFrom } from '../../licensing/signed-request.js';
import { NotFound, Unauthenticated } from '../../platform/errors.js';
import type { Clock, IdSource } from '../../platform/ports.js';
import type { VendorAdmin } from '../http/route.js';
import { hashActivationCode, hashSource, hourOf, MAX_FAILED_ACTIVATIONS_PER_HOUR, newActivationCode, TooManyAttempts } from './activation-codes.js';
import { INSTALLATION_EVENTS, type Installation, type InstallationStore } from './domain.js';
import type { ActivationCodeCreated, CreateActivationCode, FleetEntry, FleetPage } from './schemas.js';

export interface InstallationDeps {
  installations: InstallationStore;
  clock: Clock;
  ids: IdSource;
  /** Issues and signs a license for an installation as it stands now. */
  licenseFor(installation: Installation): Promise<string>;
  /** Billing: the reported seats become the subscription's quantity (per-seat plans). */
  recordSeats(installationId: string, seats: number): Promise<void>;
}

export interface Origin {
  sourceIp: string;
  userAgent: string;
}

/** One answer for a wrong, used-up or expired code: the caller cannot tell them apart. */
const INVALID_CODE = 'The activation code is not valid. Ask your vendor for a new one.';

export async function registerInstallation(deps: InstallationDeps, request: RegisterRequest, origin: Origin) {
  const now = deps.clock.now();
  const source = hashSource(origin.sourceIp);
  const hour = hourOf(now);
  if ((await deps.installations.failedActivations(source, hour)) >= MAX_FAILED_ACTIVATIONS_PER_HOUR) {
    throw new TooManyAttempts(3600 - (Math.floor(now.getTime() / 1000) % 3600));
  }
  const installationId = `inst_${deps.ids.next().toLowerCase()}`;
  const installationSecret = newInstallationSecret();
  const installation: Installation = {
    installationId,
    name: request.name,
    ring: 2,
    channel: request.channel,
    version: request.version,
    registeredAt: now.toISOString(),
    signingKey: signingKeyFrom(installationSecret),
  };
  const actor: EventActor = { userId: installationId, via: 'system', ip: origin.sourceIp, userAgent: origin.userAgent };
  const event = newEvent(deps, INSTALLATION_EVENTS.registered, actor, installationId, {
    name: request.name,
    version: request.version,
    channel: request.channel,
  });
  const registered = await deps.installations.register(hashActivationCode(request.activationCode), installation, event, now);
  if (!registered) {
    // The counter outlives its hour a little, so a burst at the turn of the hour still counts.
    await deps.installations.recordFailedActivation(source, hour, Math.floor(now.getTime() / 1000) + 2 * 3600);
    throw new Unauthenticated(INVALID_CODE);
  }
  return { installationId, installationSecret, license: await deps.licenseFor(installation) };
}

export async function recordHeartbeat(deps: InstallationDeps, installationId: string, heartbeat: HeartbeatRequest): Promise<void> {
  const known = await deps.installations.recordHeartbeat(installationId, { ...heartbeat, at: deps.clock.now().toISOString() });
  // The signature was verified with this installation's key, so it existed a moment ago.
  if (!known) throw new NotFound('No such installation.');
  await deps.recordSeats(installationId, heartbeat.seats);
}

export async function licenseForInstallation(deps: InstallationDeps, installationId: string): Promise<string> {
  const installation = await deps.installations.get(installationId);
  if (!installation) throw new NotFound('No such installation.');
  return deps.licenseFor(installation);
}

export async function listFleet(deps: InstallationDeps, query: { limit: number; cursor?: string }): Promise<FleetPage> {
  const page = await deps.installations.fleetPage(query.limit, query.cursor);
  const subscriptions = await deps.installations.subscriptionSummaries(page.items.map((i) => i.installationId));
  return {
    items: page.items.map((i) => fleetEntry(i, subscriptions.get(i.installationId))),
    ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}),
  };
}

export async function getFleetEntry(deps: InstallationDeps, installationId: string): Promise<FleetEntry> {
  const installation = await deps.installations.get(installationId);
  if (!installation) throw new NotFound('No such installation.');
  const subscriptions = await deps.installations.subscriptionSummaries([installationId]);
  return fleetEntry(installation, subscriptions.get(installationId));
}

export async function setRing(deps: InstallationDeps, admin: VendorAdmin, origin: Origin, installationId: string, ring: Ring): Promise<FleetEntry> {
  const installation = await deps.installations.get(installationId);
  if (!installation) throw new NotFound('No such installation.');
  if (installation.ring !== ring) {
    const event = newEvent(deps, INSTALLATION_EVENTS.ringChanged, adminActor(admin, origin), installationId, { from: installation.ring, to: ring });
    await deps.installations.setRing(installationId, installation.ring, ring, event);
  }
  return getFleetEntry(deps, installationId);
}

export async function createActivationCode(
  deps: InstallationDeps,
  admin: VendorAdmin,
  origin: Origin,
  input: CreateActivationCode,
): Promise<ActivationCodeCreated> {
  const now = deps.clock.now();
  const code = newActivationCode();
  const codeHash = hashActivationCode(code);
  const expiresAt = new Date(now.getTime() + input.expiresInDays * 86_400_000).toISOString();
  const event = newEvent(deps, INSTALLATION_EVENTS.activationCodeCreated, adminActor(admin, origin), codeHash.slice(0, 16), {
    label: input.label,
    uses: input.uses,
    expiresAt,
  });
  await deps.installations.createActivationCode(
    { codeHash, label: input.label, uses: input.uses, expiresAt, createdAt: now.toISOString(), createdBy: admin.userId },
    event,
  );
  return { activationCode: code, label: input.label, uses: input.uses, expiresAt };
}

function fleetEntry(i: Installation, subscription: { plan: FleetEntry['plan']; status: FleetEntry['status'] } | undefined): FleetEntry {
  return {
    installationId: i.installationId,
    name: i.name,
    ring: i.ring,
    channel: i.channel,
    version: i.version,
    plan: subscription?.plan ?? 'free',
    status: subscription?.status ?? 'none',
    registeredAt: i.registeredAt,
    ...(i.seats !== undefined ? { seats: i.seats } : {}),
    ...(i.lastHeartbeatAt ? { lastHeartbeatAt: i.lastHeartbeatAt } : {}),
    ...(i.health ? { health: i.health } : {}),
  };
}

function adminActor(admin: VendorAdmin, origin: Origin): EventActor {
  return { userId: admin.userId, via: 'session', ip: origin.sourceIp, userAgent: origin.userAgent };
}

function newEvent(
  deps: Pick<InstallationDeps, 'clock' | 'ids'>,
  type: string,
  actor: EventActor,
  subjectId: string,
  data: Record<string, unknown>,
): DomainEvent {
  const kind = type === INSTALLATION_EVENTS.activationCodeCreated ? 'activation-code' : 'installation';
  return domainEvent({ type, actor, subject: { kind, id: subjectId }, data }, deps);
}
