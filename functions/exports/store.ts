/**
 * DynamoDB adapter for export jobs. Get a job (GetItem `JOB#<id>`); a project's exports,
 * newest first (gsi1 `PROJECT#<pid>#EXPORTS`); jobs by status, newest first (gsi2
 * `JOBS#<status>`). Every status change is conditional on the status (and, for the worker,
 * on the attempt it started), so a late or duplicate delivery can never move a job back.
 */
import { GetCommand, QueryCommand, type TransactWriteCommandInput, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { DomainEvent } from '../events/domain.js';
import { outboxPut } from '../events/outbox.js';
import { decodeCursor, encodeCursor } from '../platform/cursor.js';
import { isConditionFailure, writeAtomically } from '../platform/dynamo.js';
import { Conflict } from '../platform/errors.js';
import { DuplicateRequest } from '../platform/idempotency.js';
import type { ExportJob } from './domain.js';
import type { JobStatus } from './schemas.js';

export const JOB_ENTITY = 'Job';

export const jobKeys = {
  job: (jobId: string) => ({ pk: `JOB#${jobId}`, sk: 'JOB' }),
  byProject: (job: Pick<ExportJob, 'projectId' | 'createdAt' | 'jobId'>) => ({
    gsi1pk: jobKeys.projectPartition(job.projectId),
    gsi1sk: `${job.createdAt}#${job.jobId}`,
  }),
  projectPartition: (projectId: string) => `PROJECT#${projectId}#EXPORTS`,
  statusPartition: (status: JobStatus) => `JOBS#${status}`,
  byStatus: (job: Pick<ExportJob, 'status' | 'createdAt' | 'jobId'>) => ({
    gsi2pk: jobKeys.statusPartition(job.status),
    gsi2sk: `${job.createdAt}#${job.jobId}`,
  }),
};

export interface Page<T> {
  items: T[];
  nextCursor?: string;
}

export interface FinishedRun {
  sizeBytes: number;
  finishedAt: string;
  zipExpiresAt: string;
}

export interface JobStore {
  /** The job and its event; `alsoWrite` joins the transaction (an idempotency record: its failed condition throws DuplicateRequest). */
  create(job: ExportJob, event: DomainEvent, alsoWrite?: TransactItems): Promise<void>;
  get(jobId: string): Promise<ExportJob | undefined>;
  listByProject(projectId: string, page: { cursor?: string; limit: number }): Promise<Page<ExportJob>>;
  listByStatus(status: JobStatus, page: { cursor?: string; limit: number }): Promise<Page<ExportJob>>;
  /** Marks a queued or running job running with one more attempt; undefined when it is finished or gone. */
  start(jobId: string, now: string): Promise<ExportJob | undefined>;
  /** False when the attempt is no longer the job's current one. */
  progress(jobId: string, attempt: number, progress: ExportJob['progress']): Promise<boolean>;
  /** False when another attempt finished the job first. */
  succeed(jobId: string, attempt: number, run: FinishedRun, event: DomainEvent): Promise<boolean>;
  /** Records why the attempt failed; with `final`, the job is failed (and the event written). */
  recordFailure(jobId: string, attempt: number, reason: string, final: { finishedAt: string; event: DomainEvent } | undefined): Promise<void>;
  /** Re-arms a failed job and writes the event that runs it again, in one transaction. */
  retry(job: ExportJob, event: DomainEvent): Promise<ExportJob>;
}

type TransactItems = NonNullable<TransactWriteCommandInput['TransactItems']>;
const STORED_FIELDS = [
  'jobId',
  'kind',
  'status',
  'projectId',
  'projectName',
  'progress',
  'attempts',
  'lastError',
  'createdAt',
  'createdBy',
  'startedAt',
  'finishedAt',
  'sizeBytes',
  'zipExpiresAt',
] as const;

function toJob(item: Record<string, unknown>): ExportJob {
  return Object.fromEntries(STORED_FIELDS.filter((f) => item[f] !== undefined).map((f) => [f, item[f]])) as unknown as ExportJob;
}

export function dynamoJobStore(db: DynamoDBDocumentClient, tableName: string): JobStore {
  async function query(index: 'gsi1' | 'gsi2', partition: string, page: { cursor?: string; limit: number }): Promise<Page<ExportJob>> {
    const pkName = `${index}pk`;
    const { Items = [], LastEvaluatedKey } = await db.send(
      new QueryCommand({
        TableName: tableName,
        IndexName: index,
        KeyConditionExpression: '#pk = :pk',
        ExpressionAttributeNames: { '#pk': pkName },
        ExpressionAttributeValues: { ':pk': partition },
        ScanIndexForward: false,
        Limit: page.limit,
        ExclusiveStartKey: decodeCursor(page.cursor, { [pkName]: partition }),
      }),
    );
    const nextCursor = encodeCursor(LastEvaluatedKey);
    return { items: Items.map(toJob), ...(nextCursor ? { nextCursor } : {}) };
  }

  const statusUpdate = (jobId: string, attempt: number, set: string, values: Record<string, unknown>, remove = '') => ({
    TableName: tableName,
    Key: jobKeys.job(jobId),
    UpdateExpression: `SET ${set}${remove ? ` REMOVE ${remove}` : ''}`,
    ConditionExpression: '#status = :running AND attempts = :attempt',
    ExpressionAttributeNames: { '#status': 'status' },
    ExpressionAttributeValues: { ':running': 'running', ':attempt': attempt, ...values },
  });

  return {
    async create(job, event, alsoWrite = []) {
      await writeAtomically(
        db,
        [
          {
            Put: {
              TableName: tableName,
              Item: { ...jobKeys.job(job.jobId), ...jobKeys.byProject(job), ...jobKeys.byStatus(job), entity: JOB_ENTITY, schemaVersion: 1, ...job },
              ConditionExpression: 'attribute_not_exists(pk)',
            },
          },
          outboxPut(tableName, event),
          ...alsoWrite,
        ],
        (failed) => (failed.some((i) => i >= 2) ? new DuplicateRequest() : new Conflict('A job with this id exists.')),
      );
    },

    async get(jobId) {
      const { Item } = await db.send(new GetCommand({ TableName: tableName, Key: jobKeys.job(jobId), ConsistentRead: true }));
      return Item ? toJob(Item) : undefined;
    },

    listByProject: (projectId, page) => query('gsi1', jobKeys.projectPartition(projectId), page),
    listByStatus: (status, page) => query('gsi2', jobKeys.statusPartition(status), page),

    async start(jobId, now) {
      try {
        const { Attributes } = await db.send(
          new UpdateCommand({
            TableName: tableName,
            Key: jobKeys.job(jobId),
            UpdateExpression: 'SET #status = :running, gsi2pk = :partition, attempts = attempts + :one, startedAt = :now',
            ConditionExpression: '#status IN (:queued, :running)',
            ExpressionAttributeNames: { '#status': 'status' },
            ExpressionAttributeValues: { ':running': 'running', ':queued': 'queued', ':partition': jobKeys.statusPartition('running'), ':one': 1, ':now': now },
            ReturnValues: 'ALL_NEW',
          }),
        );
        return Attributes ? toJob(Attributes) : undefined;
      } catch (error) {
        if (isConditionFailure(error)) return undefined;
        throw error;
      }
    },

    async progress(jobId, attempt, progress) {
      try {
        await db.send(new UpdateCommand(statusUpdate(jobId, attempt, 'progress = :progress', { ':progress': progress })));
        return true;
      } catch (error) {
        if (isConditionFailure(error)) return false;
        throw error;
      }
    },

    async succeed(jobId, attempt, run, event) {
      const items: TransactItems = [
        {
          Update: statusUpdate(
            jobId,
            attempt,
            '#status = :succeeded, gsi2pk = :partition, sizeBytes = :size, finishedAt = :finishedAt, zipExpiresAt = :expiresAt',
            {
              ':succeeded': 'succeeded',
              ':partition': jobKeys.statusPartition('succeeded'),
              ':size': run.sizeBytes,
              ':finishedAt': run.finishedAt,
              ':expiresAt': run.zipExpiresAt,
            },
            'lastError',
          ),
        },
        outboxPut(tableName, event),
      ];
      try {
        await writeAtomically(db, items, () => new Conflict('stale attempt'));
        return true;
      } catch (error) {
        if (error instanceof Conflict) return false;
        throw error;
      }
    },

    async recordFailure(jobId, attempt, reason, final) {
      const update = final
        ? statusUpdate(jobId, attempt, 'lastError = :reason, #status = :failed, gsi2pk = :partition, finishedAt = :finishedAt', {
            ':reason': reason,
            ':failed': 'failed',
            ':partition': jobKeys.statusPartition('failed'),
            ':finishedAt': final.finishedAt,
          })
        : statusUpdate(jobId, attempt, 'lastError = :reason', { ':reason': reason });
      // A stale attempt's failure is not the job's: the condition drops it.
      await writeAtomically(
        db,
        final ? [{ Update: update }, outboxPut(tableName, final.event)] : [{ Update: update }],
        () => new Conflict('stale attempt'),
      ).catch((error) => {
        if (!(error instanceof Conflict)) throw error;
      });
    },

    async retry(job, event) {
      const queued: ExportJob = { ...job, status: 'queued', progress: { done: 0, total: 0 } };
      delete queued.startedAt;
      delete queued.finishedAt;
      await writeAtomically(
        db,
        [
          {
            Update: {
              TableName: tableName,
              Key: jobKeys.job(job.jobId),
              UpdateExpression: 'SET #status = :queued, gsi2pk = :partition, progress = :progress REMOVE startedAt, finishedAt',
              ConditionExpression: '#status = :failed',
              ExpressionAttributeNames: { '#status': 'status' },
              ExpressionAttributeValues: {
                ':queued': 'queued',
                ':failed': 'failed',
                ':partition': jobKeys.statusPartition('queued'),
                ':progress': queued.progress,
              },
            },
          },
          outboxPut(tableName, event),
        ],
        () => new Conflict('Only a failed job can be retried; this one is not failed (any more).'),
      );
      return queued;
    },
  };
}
