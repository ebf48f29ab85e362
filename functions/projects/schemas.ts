/**
 * Wire schemas of projects; shared with the SPA's typed client. A project groups
 * documents and says who may do what with them: each grant names a user or a group and
 * one project role (owner ⊃ editor ⊃ viewer).
 */
import { z } from 'zod';

export const PROJECT_ROLES = ['owner', 'editor', 'viewer'] as const;
export type ProjectRole = (typeof PROJECT_ROLES)[number];
export const projectRole = z.enum(PROJECT_ROLES);

/** Active projects are listed; archived ones are read-only and listed apart; trashed ones are purged 30 days after deletion. */
export const PROJECT_STATUSES = ['active', 'archived', 'trashed'] as const;
export type ProjectStatus = (typeof PROJECT_STATUSES)[number];

/** Days a trashed project or document stays restorable before it is purged. */
export const TRASH_RETENTION_DAYS = 30;
/** Most grants (users plus groups) one project may hold; keeps each change one transaction. */
export const MAX_PROJECT_GRANTS = 40;

export const GRANTEE_KINDS = ['user', 'group'] as const;
export const granteeKind = z.enum(GRANTEE_KINDS);
export type GranteeKind = (typeof GRANTEE_KINDS)[number];

export const projectName = z.string().trim().min(1).max(120);
export const projectDescription = z.string().trim().max(2000);

export const projectSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    description: z.string(),
    status: z.enum(PROJECT_STATUSES),
    /** The caller's effective role on this project (admins of the installation act as owners). */
    myRole: projectRole,
    documentCount: z.number().int().nonnegative(),
    createdAt: z.string(),
    createdBy: z.string(),
    updatedAt: z.string(),
    /** Increases with every change of the project itself; its ETag is `"<version>"`. */
    version: z.number().int().positive(),
    archivedAt: z.string().optional(),
    deletedAt: z.string().optional(),
    /** When a trashed project is purged for good. */
    purgeAt: z.string().optional(),
  })
  .meta({ id: 'Project' });
export type ProjectView = z.infer<typeof projectSchema>;

export const projectList = z.object({ items: z.array(projectSchema), nextCursor: z.string().optional() }).meta({ id: 'ProjectList' });

export const listProjectsQuery = z.object({
  status: z.enum(PROJECT_STATUSES).default('active'),
  cursor: z.string().max(1024).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(25),
});

export const createProjectBody = z.object({ name: projectName, description: projectDescription.default('') }).strict();
export const updateProjectBody = z
  .object({ name: projectName.optional(), description: projectDescription.optional() })
  .strict()
  .refine((b) => b.name !== undefined || b.description !== undefined, 'Name a field to change.');

export const projectParams = z.object({ projectId: z.string().regex(/^[0-9A-Z]{26}$/) });

export const projectGrantSchema = z
  .object({
    kind: granteeKind,
    id: z.string(),
    /** Email of a user or name of a group, for display. */
    label: z.string(),
    role: projectRole,
    grantedAt: z.string(),
    grantedBy: z.string(),
  })
  .meta({ id: 'ProjectGrant' });
export type ProjectGrantView = z.infer<typeof projectGrantSchema>;
export const projectGrantList = z.object({ items: z.array(projectGrantSchema) });

export const projectGrantParams = z.object({
  projectId: z.string().regex(/^[0-9A-Z]{26}$/),
  kind: granteeKind,
  granteeId: z.string().min(1).max(256),
});
export const putProjectGrantBody = z.object({ role: projectRole }).strict();
