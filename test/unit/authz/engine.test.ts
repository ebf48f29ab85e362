import { describe, expect, it } from 'vitest';
import { type Action, INSTALLATION_ACTIONS } from '../../../functions/authz/actions.js';
import {
  type AuthzContext,
  type AuthzSubject,
  createAuthorizer,
  policyEffects,
  type ResourceGrants,
  validatePolicies,
} from '../../../functions/authz/engine.js';
import { builtInPolicyText } from '../../../functions/authz/policies.js';
import { ROLES, type Role } from '../../../functions/platform/principal.js';

const authorizer = createAuthorizer();
const subject = (role: Role, overrides: Partial<AuthzSubject> = {}): AuthzSubject => ({
  userId: `u-${role}`,
  email: `${role}@example.com`,
  role,
  groupIds: [],
  active: true,
  ...overrides,
});
const session: AuthzContext = { authMethod: 'session', mfa: false, scopes: [], requireMfaForAdmin: false };
const allowed = (s: AuthzSubject, action: Action, context: AuthzContext = session) => authorizer.decide({ subject: s, action, context }).allowed;

/** What each role may do with a session and no MFA requirement: the RBAC contract. */
const EXPECTED: Record<Role, Action[]> = {
  viewer: ['self:read', 'projects:read'],
  member: ['self:read', 'members:read', 'groups:read', 'projects:read', 'projects:create'],
  admin: INSTALLATION_ACTIONS.filter((a) => a !== 'ownership:assign'),
  owner: [...INSTALLATION_ACTIONS],
};

describe('Cedar authorization', () => {
  it('validates the built-in policies against the schema in strict mode', () => {
    expect(validatePolicies(builtInPolicyText())).toEqual([]);
  });

  for (const role of ROLES) {
    it(`lets a ${role} do exactly what the role allows`, () => {
      const actual = INSTALLATION_ACTIONS.filter((action) => allowed(subject(role), action));
      expect(actual.sort()).toEqual([...EXPECTED[role]].sort());
    });
  }

  it('lets an inactive user do nothing, whatever the role', () => {
    expect(allowed(subject('owner', { active: false }), 'self:read')).toBe(false);
  });

  it('requires MFA for administration when the installation asks for it, and says which policy denied', () => {
    const context = { ...session, requireMfaForAdmin: true };
    const decision = authorizer.decide({ subject: subject('admin'), action: 'members:manage', context });
    expect(decision).toMatchObject({ allowed: false, policyIds: ['admin-needs-mfa-when-required'] });
    expect(allowed(subject('admin'), 'members:manage', { ...context, mfa: true })).toBe(true);
    expect(allowed(subject('admin'), 'self:read', context)).toBe(true);
  });

  it('keeps an API key within its scopes, and never above its creator', () => {
    const key = (scopes: string[]): AuthzContext => ({ ...session, authMethod: 'apiKey', scopes });
    expect(allowed(subject('admin'), 'members:read', key(['read']))).toBe(true);
    expect(allowed(subject('admin'), 'members:manage', key(['read']))).toBe(false);
    expect(allowed(subject('admin'), 'members:manage', key(['read', 'admin']))).toBe(true);
    expect(allowed(subject('viewer'), 'members:manage', key(['admin']))).toBe(false);
  });

  it('names the permit that allowed a decision, for the explainer', () => {
    const decision = authorizer.decide({ subject: subject('member'), action: 'members:read', context: session });
    expect(decision.policyIds).toEqual(['members-read-directory']);
    expect(authorizer.policyText('members-read-directory')).toContain('permit');
  });

  it('applies an installation forbid policy on top of the built-in ones', () => {
    const custom =
      '@id("no-directory-for-contractors")\nforbid (principal in Ownstack::Group::"contractors", action == Ownstack::Action::"members:read", resource);';
    expect(validatePolicies(custom)).toEqual([]);
    const withCustom = createAuthorizer(custom);
    const decide = (groupIds: string[]) => withCustom.decide({ subject: subject('member', { groupIds }), action: 'members:read', context: session });
    expect(decide(['contractors'])).toMatchObject({ allowed: false, policyIds: ['no-directory-for-contractors'] });
    expect(decide(['staff']).allowed).toBe(true);
  });

  it('reports schema errors in a policy and tells permits from forbids', () => {
    expect(validatePolicies('forbid (principal, action == Ownstack::Action::"no:such", resource);').length).toBeGreaterThan(0);
    expect(policyEffects('@id("a") permit (principal, action, resource);\n@id("b") forbid (principal, action, resource);')).toEqual([
      { id: 'a', effect: 'permit' },
      { id: 'b', effect: 'forbid' },
    ]);
  });
});

describe('per-resource grants (ReBAC)', () => {
  const doc = (grants: Partial<ResourceGrants> = {}): ResourceGrants => ({
    kind: 'document',
    id: 'd1',
    readers: [],
    readerGroups: [],
    editors: [],
    editorGroups: [],
    ...grants,
  });
  const onResource = (s: AuthzSubject, action: Action, resource: ResourceGrants, context: AuthzContext = session) =>
    authorizer.decide({ subject: s, action, context, resource });

  it('lets granted users and members of granted groups read, and nobody else, whatever their role', () => {
    expect(onResource(subject('viewer'), 'resource:read', doc({ readers: ['u-viewer'] })).allowed).toBe(true);
    expect(onResource(subject('member', { groupIds: ['support'] }), 'resource:read', doc({ readerGroups: ['support'] })).allowed).toBe(true);
    // Installation admins and owners are the exception: they act as owners of every resource (below).
    expect(onResource(subject('member'), 'resource:read', doc({ readers: ['someone-else'] })).allowed).toBe(false);
  });

  it('lets editors write and readers only read', () => {
    expect(onResource(subject('member'), 'resource:write', doc({ readers: ['u-member'] })).allowed).toBe(false);
    const decision = onResource(subject('member', { groupIds: ['writers'] }), 'resource:write', doc({ editorGroups: ['writers'] }));
    expect(decision).toMatchObject({ allowed: true, policyIds: ['editors-change-shared-resources'] });
    expect(onResource(subject('member', { groupIds: ['writers'] }), 'resource:read', doc({ editorGroups: ['writers'] })).allowed).toBe(true);
  });

  it('keeps a read-only API key from writing even where its creator may edit', () => {
    const key: AuthzContext = { ...session, authMethod: 'apiKey', scopes: ['read'] };
    expect(onResource(subject('member'), 'resource:write', doc({ editors: ['u-member'] }), key).allowed).toBe(false);
    expect(onResource(subject('member'), 'resource:read', doc({ editors: ['u-member'] }), key).allowed).toBe(true);
  });

  it('lets owners (directly or through a group) manage, write and read; editors write but never manage', () => {
    const viaGroup = subject('member', { groupIds: ['leads'] });
    for (const action of ['resource:manage', 'resource:write', 'resource:read'] as const) {
      expect(onResource(viaGroup, action, doc({ ownerGroups: ['leads'] })).allowed, action).toBe(true);
      expect(onResource(subject('member'), action, doc({ owners: ['u-member'] })).allowed, action).toBe(true);
    }
    expect(onResource(subject('member'), 'resource:manage', doc({ editors: ['u-member'] })).allowed).toBe(false);
    expect(onResource(subject('member'), 'resource:manage', doc({ readerGroups: ['leads'], owners: ['other'] })).allowed).toBe(false);
  });

  it('keeps installation viewers read-only whatever they are granted', () => {
    const viewer = subject('viewer', { groupIds: ['leads'] });
    expect(onResource(viewer, 'resource:read', doc({ ownerGroups: ['leads'] })).allowed).toBe(true);
    expect(onResource(viewer, 'resource:write', doc({ ownerGroups: ['leads'] })).allowed).toBe(false);
    expect(onResource(viewer, 'resource:manage', doc({ owners: ['u-viewer'] })).allowed).toBe(false);
  });

  it('lets installation admins and owners act as owners of any resource, granted or not', () => {
    for (const role of ['admin', 'owner'] as const) {
      for (const action of ['resource:manage', 'resource:write', 'resource:read'] as const) {
        expect(onResource(subject(role), action, doc()).allowed, `${role} ${action}`).toBe(true);
      }
    }
    expect(onResource(subject('admin'), 'resource:manage', doc())).toMatchObject({ policyIds: ['admins-act-as-resource-owners'] });
  });

  it('still narrows admins by their API key scopes, and denies inactive users everything', () => {
    const readKey: AuthzContext = { ...session, authMethod: 'apiKey', scopes: ['read'] };
    expect(onResource(subject('admin'), 'resource:read', doc(), readKey).allowed).toBe(true);
    expect(onResource(subject('admin'), 'resource:write', doc(), readKey).allowed).toBe(false);
    expect(onResource(subject('admin'), 'resource:manage', doc(), readKey).allowed).toBe(false);
    expect(onResource(subject('owner', { active: false }), 'resource:read', doc()).allowed).toBe(false);
    expect(onResource(subject('member', { active: false }), 'resource:write', doc({ owners: ['u-member'] })).allowed).toBe(false);
  });

  it('refuses a resource action without a resource, and an installation action with one', () => {
    expect(authorizer.decide({ subject: subject('owner'), action: 'resource:read', context: session })).toMatchObject({
      allowed: false,
      errors: [expect.stringContaining('a resource')],
    });
    expect(onResource(subject('owner'), 'members:read', doc()).allowed).toBe(false);
  });
});
