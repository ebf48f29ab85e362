/**
 * The composition root: builds every adapter a function needs, once per process (cold
 * start), from validated configuration. Tests and the local runtime call the same
 * function with their own configuration, so nothing here is Lambda-specific.
 */
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { type ApiKeyStore, dynamoApiKeyStore } from './apikeys/store.js';
import { type AttachmentStore, dynamoAttachmentStore } from './attachments/store.js';
import { type AuditStore, dynamoAuditStore } from './audit/store.js';
import { type AuthorizerCache, authorizerCache } from './authz/authorizer-cache.js';
import { dynamoSettingsStore, type SettingsStore } from './authz/settings-store.js';
import type { BlobStore } from './blobs/blob-store.js';
import { blobStoreFor } from './blobs/configured.js';
import { dynamoDocumentStore, type DocumentStore } from './documents/store.js';
import type { Entitlements } from './entitlements/domain.js';
import { cachedEntitlements } from './entitlements/in-force.js';
import { dynamoSeatCounter, type SeatCounter } from './entitlements/seats.js';
import { dynamoUsageStore, type UsageStore } from './entitlements/usage.js';
import { dynamoJobStore, type JobStore } from './exports/store.js';
import { type FlagsInForce, flagsInForce } from './flags/in-force.js';
import { dynamoFlagStore, type FlagStore } from './flags/store.js';
import { dynamoGroupStore, type GroupStore } from './groups/store.js';
import { cognitoAdmin } from './identity/cognito-admin.js';
import type { JoinPolicy } from './identity/domain.js';
import type { IdentityProviderAdmin } from './identity/idp.js';
import { dynamoInvitationStore, type InvitationStore } from './identity/invitation-store.js';
import { dynamoUserStore, type UserStore } from './identity/store.js';
import type { Config } from './platform/config.js';
import { createDocumentClient } from './platform/dynamo.js';
import { ulidSource } from './platform/ids.js';
import type { Clock, IdSource } from './platform/ports.js';
import { systemClock } from './platform/ports.js';
import { dynamoLicenseStore, type LicenseStore } from './licensing/store.js';
import { type ApiCallReader, apiCallReader } from './licensing/api-calls.js';
import { type ControlPlaneClient, controlPlaneClient } from './licensing/control-plane-client.js';
import { dynamoProjectStore, type ProjectStore } from './projects/store.js';
import { dynamoUpdateStore, type UpdateStore } from './upgrades/store.js';
import { localApprovals, type PipelineApprovals, stepFunctionsApprovals } from './upgrades/task-tokens.js';

export interface Services {
  config: Config;
  db: DynamoDBDocumentClient;
  tableName: string;
  clock: Clock;
  ids: IdSource;
  users: UserStore;
  invitations: InvitationStore;
  groups: GroupStore;
  apiKeys: ApiKeyStore;
  audit: AuditStore;
  settings: SettingsStore;
  /** Cedar authorizers by policy version; built on first use, so functions that never decide pay nothing. */
  authorizers: AuthorizerCache;
  idp: IdentityProviderAdmin;
  joinPolicy: JoinPolicy & { idpGroupRoleMapping: string };
  projects: ProjectStore;
  documents: DocumentStore;
  usage: UsageStore;
  /** The plan, seats and quotas in force (community defaults until a license is present); cached ≤ 30 s per process. */
  entitlements: () => Promise<Entitlements>;
  /** Seats in use: active users and open invitations (counted where a seat is taken, not per request). */
  seats: SeatCounter;
  /** The license in force, the connection to the control plane and the sync state; writes here refresh `entitlements` in this process. */
  licenses: LicenseStore;
  /** The vendor's control plane; undefined when CONTROL_PLANE_URL is not set (not connected, nothing sent). */
  controlPlane?: ControlPlaneClient;
  /** API calls counted per hour (the apiCalls meter): this month's total and the daily series. */
  apiCalls: ApiCallReader;
  attachments: AttachmentStore;
  jobs: JobStore;
  /** Attachments and export zips (S3, or the local runtime's stand-in). */
  blobs: BlobStore;
  /** The update state: last manifest check, deployed version, upgrade awaiting approval. */
  updates: UpdateStore;
  /** Answers the upgrade pipeline's approval step (Step Functions in AWS; recorded only, locally). */
  approvals: PipelineApprovals;
  /** The installation's own feature flags (fleet flags come with the license). */
  flags: FlagStore;
  /** Flag values for the request path: definitions cached in process (TTL 30 s), evaluated without I/O. */
  flagsInForce: FlagsInForce;
}

export type ServiceOverrides = Partial<Pick<Services, 'clock' | 'ids' | 'db' | 'idp' | 'entitlements' | 'blobs' | 'approvals' | 'controlPlane'>>;

export function createServices(config: Config, overrides: ServiceOverrides = {}): Services {
  const db = overrides.db ?? createDocumentClient(config);
  const table = config.TABLE_NAME;
  const usage = dynamoUsageStore(db, table);
  const clock = overrides.clock ?? systemClock;
  const licenses = dynamoLicenseStore(db, table);
  const inForce = cachedEntitlements(() => licenses.current(), clock);
  const flags = dynamoFlagStore(db, table);
  return {
    config,
    db,
    tableName: table,
    clock: overrides.clock ?? systemClock,
    ids: overrides.ids ?? ulidSource,
    users: dynamoUserStore(db, table),
    invitations: dynamoInvitationStore(db, table),
    groups: dynamoGroupStore(db, table),
    apiKeys: dynamoApiKeyStore(db, table),
    audit: dynamoAuditStore(db, table),
    settings: dynamoSettingsStore(db, table, { requireMfaForAdmin: config.REQUIRE_MFA_FOR_ADMIN, policies: '', policiesVersion: 0 }),
    authorizers: authorizerCache(),
    idp: overrides.idp ?? idpFor(config),
    joinPolicy: { initialOwnerEmail: config.INITIAL_OWNER_EMAIL, idpGroupRoleMapping: config.IDP_GROUP_ROLE_MAPPING },
    projects: dynamoProjectStore(db, table, usage),
    documents: dynamoDocumentStore(db, table, usage),
    usage,
    entitlements: overrides.entitlements ?? (() => inForce.entitlements()),
    seats: dynamoSeatCounter(db, table),
    licenses: invalidating(licenses, inForce.invalidate),
    controlPlane: overrides.controlPlane ?? (config.CONTROL_PLANE_URL ? controlPlaneClient(config.CONTROL_PLANE_URL) : undefined),
    apiCalls: apiCallReader(db, table),
    attachments: dynamoAttachmentStore(db, table),
    jobs: dynamoJobStore(db, table),
    blobs: overrides.blobs ?? blobStoreFor(config, clock),
    updates: dynamoUpdateStore(db, table),
    approvals: overrides.approvals ?? (config.OWNSTACK_RUNTIME === 'local' ? localApprovals : stepFunctionsApprovals()),
    flags,
    flagsInForce: flagsInForce({ flags, licenses, entitlements: overrides.entitlements ?? (() => inForce.entitlements()), clock }),
  };
}

function idpFor(config: Config): IdentityProviderAdmin {
  const userPoolId = config.USER_POOL_ID;
  if (!userPoolId) {
    // Functions that never manage people (workers) have no pool; a call is a wiring bug.
    const missing = async () => {
      throw new Error('USER_POOL_ID is not set: this function cannot call the identity provider.');
    };
    return { invite: missing, resendInvitation: missing, cancelInvitation: missing, disable: missing, enable: missing };
  }
  return cognitoAdmin(userPoolId, { endpoint: config.COGNITO_ENDPOINT });
}

/** A license store whose writes make this process read the license again on its next request. */
function invalidating(store: LicenseStore, invalidate: () => void): LicenseStore {
  const after =
    <A extends unknown[], R>(write: (...args: A) => Promise<R>) =>
    async (...args: A): Promise<R> => {
      try {
        return await write(...args);
      } finally {
        invalidate();
      }
    };
  return { ...store, replace: after(store.replace), connect: after(store.connect) };
}
