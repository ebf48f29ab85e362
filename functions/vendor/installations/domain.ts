/**
 * Installations as the control plane knows them, and the port their use cases store them
 * through. No AWS types here: the DynamoDB adapter is `store.ts`.
 */
import type { DomainEvent } from '../../events/domain.js';
import type { Ring } from '../../flags/model.js';
import type { HeartbeatRequest } from '../../licensing/control-plane-api.js';
import type { PlanId } from '../plans.js';
import type { SubscriptionStatus } from '../subscription.js';

export type Channel = 'canary' | 'beta' | 'stable';

export interface Installation {
  installationId: string;
  name: string;
  /** Every installation starts in ring 2 (everyone); the vendor moves it to 1 (beta) or 0 (own). */
  ring: Ring;
  channel: Channel;
  version: string;
  registeredAt: string;
  lastHeartbeatAt?: string;
  seats?: number;
  health?: HeartbeatRequest['health'];
  /** The HMAC key derived from the installation secret (the secret itself is never stored). */
  signingKey: string;
}

export interface ActivationCode {
  codeHash: string;
  label: string;
  uses: number;
  expiresAt: string;
  createdAt: string;
  createdBy: string;
}

export interface Heartbeat extends HeartbeatRequest {
  at: string;
}

export interface Page<T> {
  items: T[];
  nextCursor?: string;
}

export interface InstallationStore {
  get(installationId: string): Promise<Installation | undefined>;
  /**
   * Consumes one use of the code (it must exist, have uses left and not be expired) and
   * creates the installation with its event, in one transaction. False, with nothing
   * written, when the code cannot be used.
   */
  register(codeHash: string, installation: Installation, event: DomainEvent, now: Date): Promise<boolean>;
  failedActivations(sourceHash: string, hour: string): Promise<number>;
  recordFailedActivation(sourceHash: string, hour: string, expiresAtSeconds: number): Promise<void>;
  /** False when there is no such installation. */
  recordHeartbeat(installationId: string, heartbeat: Heartbeat): Promise<boolean>;
  /** Changes the ring if it is still `from`; throws Conflict otherwise (a concurrent change). */
  setRing(installationId: string, from: Ring, to: Ring, event: DomainEvent): Promise<void>;
  createActivationCode(code: ActivationCode, event: DomainEvent): Promise<void>;
  fleetPage(limit: number, cursor: string | undefined): Promise<Page<Installation>>;
  /** Plan and status of each installation's subscription, for the fleet view (one batch read). */
  subscriptionSummaries(installationIds: string[]): Promise<Map<string, { plan: PlanId; status: SubscriptionStatus }>>;
}

export const INSTALLATION_EVENTS = {
  registered: 'vendor.installation.registered',
  ringChanged: 'vendor.installation.ring-changed',
  activationCodeCreated: 'vendor.activation-code.created',
} as const;
