/**
 * DynamoDB adapter for projects and their grants (docs/access-patterns.md, AP9 and
 * AP23–AP26). A project's partition `PROJECT#<id>` holds the project and its grants, so one
 * Query reads both. Each grant is also indexed under its grantee and the project's status
 * (gsi1 `MEMBER#<kind>#<id>#<status>`, sorted by project name): "projects I can see" is one
 * Query per principal key. A rename or a change of status rewrites the project and its
 * grants (at most 40) in one transaction with the event.
 */
import { BatchGetCommand, QueryCommand, type TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Meter } from '../entitlements/usage.js';
import { quotaExceeded, type UsageStore, usageAdd, usageSubtract } from '../entitlements/usage.js';
import type { DomainEvent } from '../events/domain.js';
import { outboxPut } from '../events/outbox.js';
import { writeAtomically } from '../platform/dynamo.js';
import { Conflict } from '../platform/errors.js';
import { DuplicateRequest } from '../platform/idempotency.js';
import { staleVersion } from '../platform/preconditions.js';
import type { Grant, Project, ProjectWithGrants } from './domain.js';
import type { GranteeKind, ProjectRole, ProjectStatus } from './schemas.js';

export type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

export const projectKeys = {
  project: (projectId: string) => ({ pk: `PROJECT#${projectId}`, sk: 'PROJECT' }),
  partition: (projectId: string) => `PROJECT#${projectId}`,
  grant: (projectId: string, kind: GranteeKind, granteeId: string) => ({ pk: `PROJECT#${projectId}`, sk: `GRANT#${kind}#${granteeId}` }),
  /** Admins' listing: every project of a status, by name. */
  listed: (p: Pick<Project, 'projectId' | 'name' | 'status'>) => ({ gsi2pk: `PROJECTS#${p.status}`, gsi2sk: sortName(p) }),
  /** A grantee's projects of a status, by name. */
  membership: (kind: GranteeKind, granteeId: string, p: Pick<Project, 'projectId' | 'name' | 'status'>) => ({
    gsi1pk: membershipPartition(kind, granteeId, p.status),
    gsi1sk: sortName(p),
  }),
  membershipPartition: (kind: GranteeKind, granteeId: string, status: ProjectStatus) => membershipPartition(kind, granteeId, status),
  /** Trashed things, by the date they are purged. */
  purge: (purgeAt: string, projectId: string) => ({ gsi1pk: 'PURGE', gsi1sk: `${purgeAt}#PROJECT#${projectId}` }),
};

function membershipPartition(kind: GranteeKind, granteeId: string, status: ProjectStatus) {
  return `MEMBER#${kind}#${granteeId}#${status}`;
}
function sortName(p: Pick<Project, 'projectId' | 'name'>) {
  return `${p.name.toLowerCase()}#${p.projectId}`;
}

/** A row of a grantee's index: which project, with what role, at which sort position. */
export interface MembershipRow {
  projectId: string;
  role: ProjectRole;
  sortKey: string;
}

export interface ProjectChange {
  event: DomainEvent;
  /** Count the project again (restore) or no longer (trash) against the projects quota. */
  usage?: { op: 'add'; limit: number } | { op: 'subtract' };
}

export interface ProjectStore {
  /** The project and its grants (one strongly consistent Query), or undefined. */
  get(projectId: string): Promise<ProjectWithGrants | undefined>;
  /** Projects by id (BatchGetItem), in the order asked; missing ones are left out. */
  getMany(projectIds: readonly string[]): Promise<Project[]>;
  /** One principal key's grants on projects of a status, by name, after a sort key. */
  memberships(kind: GranteeKind, granteeId: string, status: ProjectStatus, page: { after?: string; limit: number }): Promise<MembershipRow[]>;
  /** Every project of a status, by name (admins), with DynamoDB's own cursor. */
  listAll(status: ProjectStatus, page: { start?: Record<string, string>; limit: number }): Promise<{ items: Project[]; last?: Record<string, string> }>;
  create(project: Project, owner: Grant, event: DomainEvent, options: { limit: number; alsoWrite?: TransactItem[] }): Promise<void>;
  /** Saves a new state of the project (and re-indexes its grants) if its version is still `before`'s. */
  save(before: ProjectWithGrants, after: Project, change: ProjectChange): Promise<void>;
  putGrant(before: ProjectWithGrants, grant: Grant, event: DomainEvent): Promise<void>;
  removeGrant(before: ProjectWithGrants, kind: GranteeKind, granteeId: string, event: DomainEvent): Promise<void>;
  /** Deletes a trashed project and its grants for good, if unchanged since read; false when something got there first. */
  purge(before: ProjectWithGrants, event: DomainEvent): Promise<boolean>;
  /** Trashed projects and documents due for purging by `now`, oldest due first. */
  duePurges(now: string, limit: number): Promise<{ kind: 'project' | 'document'; id: string }[]>;
}

type Item = Record<string, unknown>;

export function projectItem(project: Project): Item {
  return {
    ...projectKeys.project(project.projectId),
    ...projectKeys.listed(project),
    ...(project.status === 'trashed' && project.purgeAt ? projectKeys.purge(project.purgeAt, project.projectId) : {}),
    entity: 'Project',
    schemaVersion: 1,
    ...project,
  };
}

function grantItem(project: Project, grant: Grant): Item {
  return {
    ...projectKeys.grant(project.projectId, grant.kind, grant.granteeId),
    ...projectKeys.membership(grant.kind, grant.granteeId, project),
    entity: 'ProjectGrant',
    schemaVersion: 1,
    projectId: project.projectId,
    ...grant,
  };
}

export function toProject(item: Item): Project {
  const { pk: _pk, sk: _sk, gsi1pk: _g1, gsi1sk: _g1s, gsi2pk: _g2, gsi2sk: _g2s, entity: _e, schemaVersion: _v, ...project } = item as Item & Project;
  return project as Project;
}

function toGrant(item: Item): Grant {
  const g = item as unknown as Grant;
  return { kind: g.kind, granteeId: g.granteeId, label: g.label, role: g.role, grantedAt: g.grantedAt, grantedBy: g.grantedBy };
}

const OPTIONAL: (keyof Project)[] = ['archivedAt', 'deletedAt', 'purgeAt', 'statusBeforeTrash'];

export function dynamoProjectStore(db: DynamoDBDocumentClient, tableName: string, usage: UsageStore): ProjectStore {
  /** SET the project's own fields (never documentCount: documents change it concurrently), REMOVE absent optional ones. */
  function projectUpdate(before: Project, after: Project): TransactItem {
    const values: Item = {
      ':name': after.name,
      ':description': after.description,
      ':status': after.status,
      ':updatedAt': after.updatedAt,
      ':version': after.version,
      ':expected': before.version,
      ...Object.fromEntries(Object.entries(projectKeys.listed(after)).map(([k, v]) => [`:${k}`, v])),
    };
    const sets = [
      '#name = :name',
      'description = :description',
      '#status = :status',
      'updatedAt = :updatedAt',
      'version = :version',
      'gsi2pk = :gsi2pk',
      'gsi2sk = :gsi2sk',
    ];
    const removes: string[] = [];
    for (const field of OPTIONAL) {
      if (after[field] !== undefined) {
        sets.push(`${field} = :${field}`);
        values[`:${field}`] = after[field];
      } else removes.push(field);
    }
    if (after.status === 'trashed' && after.purgeAt) {
      const purge = projectKeys.purge(after.purgeAt, after.projectId);
      sets.push('gsi1pk = :gsi1pk', 'gsi1sk = :gsi1sk');
      Object.assign(values, { ':gsi1pk': purge.gsi1pk, ':gsi1sk': purge.gsi1sk });
    } else removes.push('gsi1pk', 'gsi1sk');
    return {
      Update: {
        TableName: tableName,
        Key: projectKeys.project(after.projectId),
        UpdateExpression: `SET ${sets.join(', ')}${removes.length ? ` REMOVE ${removes.join(', ')}` : ''}`,
        ConditionExpression: 'version = :expected',
        ExpressionAttributeNames: { '#name': 'name', '#status': 'status' },
        ExpressionAttributeValues: values,
      },
    };
  }

  function grantsVersionBump(project: Project): TransactItem {
    return {
      Update: {
        TableName: tableName,
        Key: projectKeys.project(project.projectId),
        UpdateExpression: 'SET grantsVersion = :next',
        ConditionExpression: 'grantsVersion = :expected AND #status <> :trashed',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':next': project.grantsVersion + 1, ':expected': project.grantsVersion, ':trashed': 'trashed' },
      },
    };
  }

  const quotaOr = (meter: Meter, limit: number, quotaIndex: number, failed: number[], otherwise: () => Error) =>
    failed.includes(quotaIndex) ? quotaExceeded(usage, meter, limit) : otherwise();

  const store: ProjectStore = {
    async get(projectId) {
      const { Items = [] } = await db.send(
        new QueryCommand({
          TableName: tableName,
          KeyConditionExpression: 'pk = :pk',
          ExpressionAttributeValues: { ':pk': projectKeys.partition(projectId) },
          ConsistentRead: true,
        }),
      );
      const projectRecord = Items.find((i) => i.sk === 'PROJECT');
      if (!projectRecord) return undefined;
      return { project: toProject(projectRecord), grants: Items.filter((i) => i.entity === 'ProjectGrant').map(toGrant) };
    },

    async getMany(projectIds) {
      const unique = [...new Set(projectIds)];
      if (unique.length === 0) return [];
      const found = new Map<string, Project>();
      let keys: Item[] | undefined = unique.map((id) => projectKeys.project(id));
      // BatchGetItem may leave keys unprocessed under load: ask again for those only.
      for (let attempt = 0; keys && keys.length > 0 && attempt < 5; attempt++) {
        if (attempt > 0) await new Promise((r) => setTimeout(r, 20 * 2 ** attempt));
        const answer = await db.send(new BatchGetCommand({ RequestItems: { [tableName]: { Keys: keys } } }));
        for (const item of answer.Responses?.[tableName] ?? []) found.set(item.projectId as string, toProject(item));
        keys = answer.UnprocessedKeys?.[tableName]?.Keys as Item[] | undefined;
      }
      if (keys && keys.length > 0) throw new Error('DynamoDB left projects unread after retries; try again.');
      return projectIds.flatMap((id) => found.get(id) ?? []);
    },

    async memberships(kind, granteeId, status, { after, limit }) {
      const { Items = [] } = await db.send(
        new QueryCommand({
          TableName: tableName,
          IndexName: 'gsi1',
          KeyConditionExpression: after ? 'gsi1pk = :pk AND gsi1sk > :after' : 'gsi1pk = :pk',
          ExpressionAttributeValues: { ':pk': membershipPartition(kind, granteeId, status), ...(after ? { ':after': after } : {}) },
          Limit: limit,
        }),
      );
      return Items.map((i) => ({ projectId: i.projectId as string, role: i.role as ProjectRole, sortKey: i.gsi1sk as string }));
    },

    async listAll(status, { start, limit }) {
      const { Items = [], LastEvaluatedKey } = await db.send(
        new QueryCommand({
          TableName: tableName,
          IndexName: 'gsi2',
          KeyConditionExpression: 'gsi2pk = :pk',
          ExpressionAttributeValues: { ':pk': `PROJECTS#${status}` },
          ExclusiveStartKey: start,
          Limit: limit,
        }),
      );
      return { items: Items.map(toProject), last: LastEvaluatedKey as Record<string, string> | undefined };
    },

    async create(project, owner, event, { limit, alsoWrite = [] }) {
      const items: TransactItem[] = [
        { Put: { TableName: tableName, Item: projectItem(project), ConditionExpression: 'attribute_not_exists(pk)' } },
        { Put: { TableName: tableName, Item: grantItem(project, owner), ConditionExpression: 'attribute_not_exists(pk)' } },
        usageAdd(tableName, 'projects', 1, limit),
        outboxPut(tableName, event),
        ...alsoWrite,
      ];
      await writeAtomically(db, items, (failed) =>
        failed.some((i) => i >= 4) ? new DuplicateRequest() : quotaOr('projects', limit, 2, failed, () => new Conflict('A project with this id exists.')),
      );
    },

    async save(before, after, change) {
      const statusOrNameChanged = before.project.status !== after.status || before.project.name !== after.name;
      const items: TransactItem[] = [
        projectUpdate(before.project, after),
        ...(change.usage?.op === 'add' ? [usageAdd(tableName, 'projects', 1, change.usage.limit)] : []),
        ...(change.usage?.op === 'subtract' ? [usageSubtract(tableName, 'projects', 1)] : []),
        outboxPut(tableName, change.event),
        // The grantee index is partitioned by status and sorted by name: move every grant along.
        ...(statusOrNameChanged
          ? before.grants.map((grant) => ({
              Update: {
                TableName: tableName,
                Key: projectKeys.grant(after.projectId, grant.kind, grant.granteeId),
                UpdateExpression: 'SET gsi1pk = :pk, gsi1sk = :sk',
                ConditionExpression: 'attribute_exists(pk)',
                ExpressionAttributeValues: { ':pk': membershipPartition(grant.kind, grant.granteeId, after.status), ':sk': sortName(after) },
              },
            }))
          : []),
      ];
      await writeAtomically(db, items, async (failed) => {
        if (change.usage?.op === 'add' && failed.includes(1)) return quotaExceeded(usage, 'projects', change.usage.limit);
        if (failed.includes(0)) return staleVersion('project', (await store.get(after.projectId))?.project.version);
        return new Conflict('The project’s grants changed meanwhile; reload it and try again.');
      });
    },

    async putGrant(before, grant, event) {
      await writeAtomically(
        db,
        [grantsVersionBump(before.project), { Put: { TableName: tableName, Item: grantItem(before.project, grant) } }, outboxPut(tableName, event)],
        () => new Conflict('The project’s grants changed meanwhile (or it went to the trash); reload it and try again.'),
      );
    },

    async removeGrant(before, kind, granteeId, event) {
      await writeAtomically(
        db,
        [
          grantsVersionBump(before.project),
          { Delete: { TableName: tableName, Key: projectKeys.grant(before.project.projectId, kind, granteeId), ConditionExpression: 'attribute_exists(pk)' } },
          outboxPut(tableName, event),
        ],
        () => new Conflict('The project’s grants changed meanwhile (or it went to the trash); reload it and try again.'),
      );
    },

    async purge(before, event) {
      try {
        await writeAtomically(
          db,
          [
            {
              Delete: {
                TableName: tableName,
                Key: projectKeys.project(before.project.projectId),
                ConditionExpression: '#status = :trashed AND version = :version AND grantsVersion = :grantsVersion',
                ExpressionAttributeNames: { '#status': 'status' },
                ExpressionAttributeValues: { ':trashed': 'trashed', ':version': before.project.version, ':grantsVersion': before.project.grantsVersion },
              },
            },
            ...before.grants.map((g) => ({ Delete: { TableName: tableName, Key: projectKeys.grant(before.project.projectId, g.kind, g.granteeId) } })),
            outboxPut(tableName, event),
          ],
          () => new Conflict('The project changed while it was being purged.'),
        );
        return true;
      } catch (error) {
        if (error instanceof Conflict) return false;
        throw error;
      }
    },

    async duePurges(now, limit) {
      const { Items = [] } = await db.send(
        new QueryCommand({
          TableName: tableName,
          IndexName: 'gsi1',
          KeyConditionExpression: 'gsi1pk = :pk AND gsi1sk < :now',
          ExpressionAttributeValues: { ':pk': 'PURGE', ':now': now },
          Limit: limit,
        }),
      );
      return Items.map((i) =>
        i.entity === 'Project' ? { kind: 'project' as const, id: i.projectId as string } : { kind: 'document' as const, id: i.documentId as string },
      );
    },
  };
  return store;
}
