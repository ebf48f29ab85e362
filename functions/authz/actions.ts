/**
 * The actions a route may perform, declared once. Each belongs to a scope group (the
 * scope an API key needs to perform it). The Cedar schema's action list is generated
 * from this table, so a route cannot name an action the policies do not know.
 */
export const ACTIONS = {
  'self:read': { scope: 'read', description: 'Read one’s own profile and the entitlements in force' },
  'members:read': { scope: 'read', description: 'List the people of the installation' },
  'groups:read': { scope: 'read', description: 'List groups and their members' },
  'members:manage': { scope: 'admin', description: 'Invite people, change roles, deactivate and reactivate' },
  'groups:manage': { scope: 'admin', description: 'Create, rename and delete groups; add and remove members' },
  'apikeys:manage': { scope: 'admin', description: 'Create, list and revoke API keys' },
  'policies:manage': { scope: 'admin', description: 'Read and change the installation’s own forbid policies' },
  'authz:explain': { scope: 'admin', description: 'Ask why someone can or cannot perform an action' },
  'audit:read': { scope: 'admin', description: 'Read the audit trail' },
  'ownership:assign': { scope: 'admin', description: 'Make someone an owner or take ownership away' },
} as const satisfies Record<string, { scope: Scope; description: string }>;

export const SCOPES = ['read', 'write', 'admin'] as const;
export type Scope = (typeof SCOPES)[number];
export type Action = keyof typeof ACTIONS;

export const isAction = (name: string): name is Action => Object.hasOwn(ACTIONS, name);
