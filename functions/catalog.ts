/**
 * Every function of the application plane, its queue and its bus rules, declared once as
 * data. The CDK stack builds a Lambda per entry with these settings and grants; the local
 * runtime wires the same handlers to its in-process queue, bus and stream poller.
 */
import { AUDIT_KEY_PREFIX } from './audit/domain.js';
import { EVENT_SOURCE } from './events/domain.js';
import { SYNC_LICENSE_JOB_TYPE } from './licensing/sync-job.js';
import { OUTBOX_ENTITY } from './events/outbox.js';
import { PURGE_JOB_TYPE } from './projects/purge.js';
import { CHECK_UPDATES_JOB_TYPE } from './upgrades/check-job.js';

/**
 * Items that are written once and never changed, by partition-key prefix. Whatever a
 * function's table access, the stack denies every function UpdateItem, DeleteItem and
 * BatchWriteItem on them (transactions included: IAM checks each transaction item's own
 * action), and PutItem too unless the function's access lists the kind in `appendTo`.
 */
export const appendOnlyItems = {
  audit: { prefix: AUDIT_KEY_PREFIX, description: 'The audit trail: only the worker appends, nothing edits or deletes' },
} as const;
export type AppendOnlyKind = keyof typeof appendOnlyItems;

export type BlobPrefix = 'attachments' | 'exports';
export type BlobAccess = 'read' | 'write' | 'delete';

/** What a function may touch; the stack turns each into a least-privilege grant. */
export interface FunctionAccess {
  /** Table data access. 'read-write' also allows transactions. @default none */
  table?: 'read' | 'read-write';
  /** Append-only item kinds this function may put new items of (never update or delete). @default none */
  appendTo?: readonly AppendOnlyKind[];
  /** Send messages to the job queue. @default false */
  sendJobs?: boolean;
  /** Put events on the custom bus. @default false */
  putEvents?: boolean;
  /**
   * Object access in the data bucket, per prefix (`attachments/`, `exports/`): read
   * (GetObject, HeadObject), write (PutObject, multipart) and delete. @default none
   */
  blobs?: { readonly [P in BlobPrefix]?: readonly BlobAccess[] };
  /** Invite, disable and sign out users of the installation's user pool. @default false */
  manageUsers?: boolean;
}

export type FunctionTrigger =
  | { kind: 'http-api' }
  | { kind: 'queue'; queue: keyof typeof queueCatalog; batchSize: number; maxBatchingWindowSeconds: number }
  | { kind: 'table-stream'; batchSize: number; maxBatchingWindowSeconds: number; retryAttempts: number; filter: { eventName: 'INSERT'; entity: string } }
  | { kind: 'cognito-pre-token-generation' }
  /** No event source: invoked directly (e.g. by the upgrade pipeline); the invoker's stack wiring grants lambda:InvokeFunction. */
  | { kind: 'invoked'; by: string };

export interface FunctionDeclaration {
  /** Path of the handler module, relative to the repository root. */
  readonly entry: string;
  readonly description: string;
  readonly memoryMb: number;
  readonly timeoutSeconds: number;
  readonly trigger: FunctionTrigger;
  readonly access: FunctionAccess;
}

export const queueCatalog = {
  jobs: {
    description: 'Async jobs and domain-event consumers',
    /** Deliveries before a message moves to the dead-letter queue. */
    maxReceiveCount: 5,
    /** Kept for 14 days in the DLQ for inspection and redrive. */
    dlqRetentionDays: 14,
  },
} as const;

export const functionCatalog = {
  api: {
    entry: 'functions/handlers/api.ts',
    description: 'The HTTP API: every route of the route table',
    memoryMb: 1024,
    timeoutSeconds: 10,
    trigger: { kind: 'http-api' },
    // Presigns uploads (signed as the API: write) and downloads of both kinds; deletes attachments.
    access: { table: 'read-write', manageUsers: true, blobs: { attachments: ['read', 'write', 'delete'], exports: ['read'] } },
  },
  jobWorker: {
    entry: 'functions/handlers/job-worker.ts',
    description: 'Runs async jobs and domain-event consumers from the job queue',
    memoryMb: 512,
    timeoutSeconds: 60,
    trigger: { kind: 'queue', queue: 'jobs', batchSize: 10, maxBatchingWindowSeconds: 1 },
    // Reads attachments into exports, writes the zips, deletes a purged document's files.
    access: { table: 'read-write', appendTo: ['audit'], blobs: { attachments: ['read', 'delete'], exports: ['read', 'write'] } },
  },
  outboxPublisher: {
    entry: 'functions/handlers/outbox-publisher.ts',
    description: 'Publishes outbox items from the table stream to the event bus',
    memoryMb: 256,
    timeoutSeconds: 30,
    trigger: { kind: 'table-stream', batchSize: 100, maxBatchingWindowSeconds: 1, retryAttempts: 10, filter: { eventName: 'INSERT', entity: OUTBOX_ENTITY } },
    access: { putEvents: true },
  },
  migrations: {
    entry: 'functions/handlers/migrations.ts',
    description: 'Runs pending data migrations (expand, then contract) after an upgrade; invoke until done',
    memoryMb: 512,
    timeoutSeconds: 900,
    trigger: { kind: 'invoked', by: 'the upgrade pipeline, after the stack update (docs/migrations.md)' },
    access: { table: 'read-write' },
  },
  tokenEnricher: {
    entry: 'functions/handlers/token-enricher.ts',
    description: 'Adds the email claims to Cognito access tokens (pre token generation V2)',
    memoryMb: 256,
    timeoutSeconds: 5,
    trigger: { kind: 'cognito-pre-token-generation' },
    access: {},
  },
} as const satisfies Record<string, FunctionDeclaration>;

export type FunctionName = keyof typeof functionCatalog;

/** Rules on the custom bus that feed our own consumers. Customers add their own beside them. */
export const busRules = [
  {
    id: 'DomainEventsToWorker',
    description: 'Every Ownstack domain event goes to the worker, which runs its consumers (audit trail)',
    pattern: { source: [EVENT_SOURCE] },
    target: 'jobs' as keyof typeof queueCatalog,
  },
] as const;

/**
 * Jobs that run on a schedule: a schedule rule on the default bus (rules are free) puts
 * the message on the queue, and the worker runs it like any job. The local runtime runs
 * each on start and every `localEveryMinutes`.
 */
export const scheduledJobs = [
  {
    id: 'PurgeTrashDaily',
    description: 'Purges projects and documents that have been in the trash longer than the retention period',
    everyHours: 24,
    localEveryMinutes: 60,
    target: 'jobs' as keyof typeof queueCatalog,
    message: { kind: 'job', jobId: 'scheduled-purge-trash', type: PURGE_JOB_TYPE, payload: {} },
  },
  {
    id: 'CheckUpdatesDaily',
    description: "Reads the release channel's manifest so admins see when an update is available",
    everyHours: 24,
    localEveryMinutes: 60,
    target: 'jobs' as keyof typeof queueCatalog,
    message: { kind: 'job', jobId: 'scheduled-check-updates', type: CHECK_UPDATES_JOB_TYPE, payload: {} },
  },
  {
    id: 'SyncLicenseHourly',
    description: "Pulls the license from the vendor's control plane and, with Telemetry on, sends the heartbeat and hourly usage (docs/telemetry.md)",
    everyHours: 1,
    localEveryMinutes: 5,
    target: 'jobs' as keyof typeof queueCatalog,
    message: { kind: 'job', jobId: 'scheduled-sync-license', type: SYNC_LICENSE_JOB_TYPE, payload: {} },
  },
] as const;
