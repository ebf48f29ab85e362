/**
 * The event catalog: every domain event type Ownstack publishes, with the subject it is
 * about and the zod schema of its `data`. It is the contract customers build rules and
 * consumers on: docs/events.md is generated from it (scripts/write-events-doc.ts), and a
 * unit test fails when code writes a type that is not here. Adding a type is one line.
 *
 * Schemas describe fields the event always or may carry; they are open (`loose`), since
 * adding a field is a compatible change. Removing or retyping one is not: bump `version`.
 */
import { z } from 'zod';

export interface EventTypeDeclaration {
  /** The `subject.kind` of events of this type. */
  subject: string;
  /** When the event is written, in a customer's words. */
  when: string;
  /** Version of the `data` schema (the envelope's `version`). */
  version: number;
  data: z.ZodObject;
}

const event = (subject: string, when: string, data: z.ZodRawShape, version = 1): EventTypeDeclaration => ({
  subject,
  when,
  version,
  data: z.object(data).loose(),
});

const role = z.enum(['owner', 'admin', 'member', 'viewer']);
const projectRole = z.enum(['owner', 'editor', 'viewer']);
const email = z.string().describe('An email address');
const id = z.string();
const attachment = { documentId: id, projectId: id, fileName: z.string(), sizeBytes: z.number().int().nonnegative() };
const flagSummary = z.object({
  version: z.number().int(),
  status: z.string(),
  killed: z.boolean(),
  defaultVariant: z.string(),
  rules: z.number().int(),
  rollouts: z.array(z.string()),
  expiresAt: z.string(),
});
const flagVersion = { key: id, version: z.number().int() };

export const eventCatalog = {
  'identity.user.joined': event('user', 'a person signs in for the first time', { email, role, invitedBy: id.optional() }),
  'identity.user.role-changed': event('user', "an admin changes someone's role", { from: role, to: role }),
  'identity.user.deactivated': event('user', 'an admin deactivates someone', { email }),
  'identity.user.reactivated': event('user', 'an admin reactivates someone', { email }),
  'identity.invitation.created': event('invitation', 'an admin invites an email', { email, role }),
  'identity.invitation.resent': event('invitation', 'an admin resends an invitation', { email }),
  'identity.invitation.revoked': event('invitation', 'an admin revokes a pending invitation', { email }),
  'identity.group.created': event('group', 'an admin creates a group', { name: z.string() }),
  'identity.group.renamed': event('group', 'an admin renames a group', { from: z.string(), to: z.string() }),
  'identity.group.deleted': event('group', 'an admin deletes a group', { name: z.string() }),
  'identity.group.member-added': event('group', 'an admin adds someone to a group', { userId: id }),
  'identity.group.member-removed': event('group', 'an admin removes someone from a group', { userId: id }),
  'identity.apikey.created': event('apikey', 'an admin creates an API key (never the secret)', {
    name: z.string(),
    scopes: z.array(z.enum(['read', 'write', 'admin'])),
    expiresAt: z.string(),
  }),
  'identity.apikey.revoked': event('apikey', 'an admin revokes an API key', { name: z.string() }),
  'security.settings.changed': event('settings', 'an admin changes the MFA requirement for admins', { requireMfaForAdmin: z.boolean() }),
  'security.policies.changed': event('settings', "an admin replaces the installation's own policies", {
    version: z.number().int(),
    policyIds: z.array(z.string()),
  }),
  'project.created': event('project', 'someone creates a project', { projectId: id, name: z.string() }),
  'project.renamed': event('project', 'a project is renamed', { projectId: id, from: z.string(), to: z.string() }),
  'project.updated': event('project', "a project's description changes", { projectId: id, name: z.string() }),
  'project.archived': event('project', 'a project is archived', { projectId: id, name: z.string(), status: z.string() }),
  'project.unarchived': event('project', 'a project is taken out of the archive', { projectId: id, name: z.string(), status: z.string() }),
  'project.trashed': event('project', 'a project is moved to the trash', {
    projectId: id,
    name: z.string(),
    status: z.string(),
    purgeAt: z.string().optional(),
  }),
  'project.restored': event('project', 'a project is restored from the trash', { projectId: id, name: z.string(), status: z.string() }),
  'project.purged': event('project', 'a trashed project is deleted for good (by the system, after its purge date)', { projectId: id, name: z.string() }),
  'project.grant.changed': event('project', 'access to a project is granted, changed or removed (`role` null)', {
    projectId: id,
    kind: z.enum(['user', 'group']),
    granteeId: id,
    role: projectRole.nullable(),
    previousRole: projectRole.nullable(),
  }),
  'document.created': event('document', 'a document is created in a project', { documentId: id, projectId: id, title: z.string() }),
  'document.updated': event('document', 'a document is edited', { documentId: id, projectId: id, title: z.string(), version: z.number().int() }),
  'document.moved': event('document', 'a document moves to another project', { documentId: id, projectId: id, fromProjectId: id, toProjectId: id }),
  'document.trashed': event('document', 'a document is moved to the trash', {
    documentId: id,
    projectId: id,
    title: z.string(),
    purgeAt: z.string().optional(),
  }),
  'document.restored': event('document', 'a document is restored from the trash', { documentId: id, projectId: id, title: z.string() }),
  'document.purged': event('document', 'a trashed document is deleted for good (by the system)', { documentId: id, projectId: id }),
  'document.shared': event('document', 'a document is shared with someone or a group, or the share changes', {
    documentId: id,
    projectId: id,
    kind: z.enum(['user', 'group']),
    granteeId: id,
    role: z.string(),
    previousRole: z.string().nullable(),
  }),
  'document.unshared': event('document', 'a share of a document is removed', { documentId: id, projectId: id, kind: z.enum(['user', 'group']), granteeId: id }),
  'attachment.created': event('attachment', 'an upload of a file to a document starts', { ...attachment, contentType: z.string() }),
  'attachment.ready': event('attachment', 'an uploaded file is checked and available', attachment),
  'attachment.deleted': event('attachment', 'someone deletes a file', attachment),
  'attachment.purged': event('attachment', "a file is deleted for good with its document (by the system); `cause` is the document event's id", {
    ...attachment,
    cause: id,
  }),
  'export.requested': event('job', 'someone asks for a project export, or an admin retries a failed one (`retry`)', {
    jobId: id,
    projectId: id,
    retry: z.boolean(),
  }),
  'export.succeeded': event('job', "an export's zip is ready", { jobId: id, projectId: id, sizeBytes: z.number().int().nonnegative() }),
  'export.failed': event('job', 'an export failed after its retries', { jobId: id, projectId: id, reason: z.string() }),
  'installation.update.checked': event('installation', "the release channel's manifest is read (daily, and at each pipeline run)", {
    channel: z.string(),
    ok: z.boolean(),
    latestVersion: z.string().optional(),
    error: z.string().optional(),
  }),
  'installation.upgrade.awaiting-approval': event('installation', 'the upgrade pipeline waits for an admin to approve an upgrade', {
    fromVersion: z.string(),
    toVersion: z.string(),
  }),
  'installation.upgrade.decided': event('installation', 'an admin approves or rejects the upgrade waiting', {
    decision: z.enum(['approve', 'reject']),
    fromVersion: z.string(),
    toVersion: z.string(),
  }),
  'installation.upgrade.finished': event('installation', 'the upgrade pipeline ends an upgrade (deployed, rolled back, failed or rejected)', {
    fromVersion: z.string(),
    toVersion: z.string(),
    outcome: z.string(),
    detail: z.string(),
  }),
  'flag.created': event('flag', 'an admin creates a feature flag', { ...flagVersion, after: flagSummary }),
  'flag.updated': event('flag', 'an admin changes a flag (rules, rollout, kill switch); `changes` says what, in words', {
    ...flagVersion,
    before: flagSummary,
    after: flagSummary,
    changes: z.array(z.string()),
  }),
  'flag.deleted': event('flag', 'an admin deletes a flag (its history stays, so it can be restored)', { ...flagVersion, before: flagSummary }),
  'flag.reverted': event('flag', 'an admin restores an earlier version of a flag as a new version', {
    ...flagVersion,
    revertedFrom: z.number().int(),
    before: flagSummary.optional(),
    after: flagSummary,
    changes: z.array(z.string()).optional(),
  }),
  'license.connected': event('installation', "an admin connects the installation to the vendor's control plane with an activation code", {
    installationId: id,
  }),
  'license.applied': event('installation', 'a license that changes the plan, status, seats or dates is stored (hourly sync, refresh, trial, activation)', {
    plan: z.string(),
    status: z.string(),
    seats: z.number().int(),
    expiresAt: z.string(),
    source: z.string(),
    previousPlan: z.string().optional(),
    previousStatus: z.string().optional(),
  }),
  'license.rejected': event('installation', 'a license fails verification (tampered, another key, another installation, malformed, expired): not stored', {
    reason: z.string(),
    source: z.string(),
  }),
  'migration.step-completed': event('migration', 'a data migration finishes its expand or its contract step (by the system, during an upgrade)', {
    migrationId: id,
    phase: z.enum(['expand', 'contract']),
    entity: z.string(),
    from: z.number().int(),
    to: z.number().int(),
    examined: z.number().int().nonnegative(),
    changed: z.number().int().nonnegative(),
    alreadyDone: z.number().int().nonnegative(),
  }),
} as const satisfies Record<string, EventTypeDeclaration>;

export type EventType = keyof typeof eventCatalog;

export const isEventType = (type: string): type is EventType => Object.hasOwn(eventCatalog, type);

/** Checks an event's data against its type's schema; unknown types are refused. */
export function parseEventData(type: string, data: unknown): { success: true } | { success: false; error: string } {
  if (!isEventType(type)) return { success: false, error: `Unknown event type "${type}": add it to functions/events/catalog.ts.` };
  const result = eventCatalog[type].data.safeParse(data);
  return result.success ? { success: true } : { success: false, error: z.prettifyError(result.error) };
}
