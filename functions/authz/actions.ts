/**
 * The actions a route may perform, declared once. Each belongs to a scope group (the
 * scope an API key needs to perform it) and applies either to the installation as a whole
 * or to one resource with per-resource grants (projects and documents use those). The
 * Cedar schema's action list is generated from this table, so a route cannot name an
 * action the policies do not know.
 */
export const ACTIONS = {
  'self:read': { scope: 'read', on: 'installation', description: 'Read one’s own profile and the entitlements in force' },
  'members:read': { scope: 'read', on: 'installation', description: 'List the people of the installation' },
  'groups:read': { scope: 'read', on: 'installation', description: 'List groups and their members' },
  'members:manage': { scope: 'admin', on: 'installation', description: 'Invite people, change roles, deactivate and reactivate' },
  'groups:manage': { scope: 'admin', on: 'installation', description: 'Create, rename and delete groups; add and remove members' },
  'apikeys:manage': { scope: 'admin', on: 'installation', description: 'Create, list and revoke API keys' },
  'policies:manage': { scope: 'admin', on: 'installation', description: 'Read and change the installation’s own forbid policies' },
  'authz:explain': { scope: 'admin', on: 'installation', description: 'Ask why someone can or cannot perform an action' },
  'audit:read': { scope: 'admin', on: 'installation', description: 'Read the audit trail' },
  'ownership:assign': { scope: 'admin', on: 'installation', description: 'Make someone an owner or take ownership away' },
  'projects:read': { scope: 'read', on: 'installation', description: 'List the projects and documents one may see' },
  'projects:create': { scope: 'write', on: 'installation', description: 'Create a project (and become its owner)' },
  'jobs:manage': { scope: 'admin', on: 'installation', description: 'See failed jobs with their reasons and retry them' },
  'updates:read': { scope: 'admin', on: 'installation', description: 'See the running version, the latest release and its notes' },
  'updates:manage': { scope: 'admin', on: 'installation', description: 'Approve or reject an upgrade the pipeline waits on' },
  'billing:read': { scope: 'admin', on: 'installation', description: 'See the plan, the license, seats and usage against the quotas' },
  'billing:manage': { scope: 'admin', on: 'installation', description: 'Connect to the control plane, refresh the license, start a trial, open Stripe pages' },
  'flags:read': { scope: 'admin', on: 'installation', description: 'See the feature flags with their rules and history; preview them as a member' },
  'flags:manage': { scope: 'admin', on: 'installation', description: 'Create, change, kill, delete and revert feature flags' },
  'resource:read': { scope: 'read', on: 'resource', description: 'Read a resource shared with one or with one’s group' },
  'resource:write': { scope: 'write', on: 'resource', description: 'Change a resource one or one’s group may edit' },
  'resource:manage': { scope: 'write', on: 'resource', description: 'Grant access to, rename, archive or delete a resource one owns' },
} as const satisfies Record<string, { scope: Scope; on: 'installation' | 'resource'; description: string }>;

export const SCOPES = ['read', 'write', 'admin'] as const;
export type Scope = (typeof SCOPES)[number];
export type Action = keyof typeof ACTIONS;

export const isAction = (name: string): name is Action => Object.hasOwn(ACTIONS, name);

/** Actions on the installation as a whole: what a route can declare alone, and what the explainer explains. */
export const INSTALLATION_ACTIONS = (Object.keys(ACTIONS) as Action[]).filter((a) => ACTIONS[a].on === 'installation');
