/**
 * The built-in Cedar policies. RBAC: roles form a hierarchy (owner ⊃ admin ⊃ member ⊃
 * viewer) through entity parents, so `principal in Role::"member"` holds for admins too.
 * ReBAC: per-resource grants to users and groups (`principal in resource.editorGroups`
 * holds for every member of a granted group): owners manage, editors write, readers read;
 * installation viewers stay read-only whatever they are granted, and installation admins
 * act as owners of every resource (they can recover an abandoned project). ABAC: conditions on the request context
 * (MFA for administration, API key scopes).
 * Customers add `forbid` policies of their own on top; they can narrow, never widen.
 */
export const BUILT_IN_POLICIES: Readonly<Record<string, string>> = {
  'everyone-reads-self': `
permit (
  principal in Ownstack::Role::"viewer",
  action in [Ownstack::Action::"self:read", Ownstack::Action::"projects:read"],
  resource
);
`.trim(),

  'members-read-directory': `
permit (
  principal in Ownstack::Role::"member",
  action in [Ownstack::Action::"members:read", Ownstack::Action::"groups:read", Ownstack::Action::"projects:create"],
  resource
);
`.trim(),

  'admins-administer': `
permit (principal in Ownstack::Role::"admin", action in Ownstack::Action::"admin", resource)
unless { action == Ownstack::Action::"ownership:assign" };
`.trim(),

  'owners-assign-ownership': `
permit (principal in Ownstack::Role::"owner", action == Ownstack::Action::"ownership:assign", resource);
`.trim(),

  'grantees-read-shared-resources': `
permit (principal, action == Ownstack::Action::"resource:read", resource is Ownstack::Resource)
when {
  principal in resource.readers || principal in resource.readerGroups ||
  principal in resource.editors || principal in resource.editorGroups ||
  principal in resource.owners || principal in resource.ownerGroups
};
`.trim(),

  'editors-change-shared-resources': `
permit (principal in Ownstack::Role::"member", action == Ownstack::Action::"resource:write", resource is Ownstack::Resource)
when {
  principal in resource.editors || principal in resource.editorGroups ||
  principal in resource.owners || principal in resource.ownerGroups
};
`.trim(),

  'owners-manage-shared-resources': `
permit (principal in Ownstack::Role::"member", action == Ownstack::Action::"resource:manage", resource is Ownstack::Resource)
when { principal in resource.owners || principal in resource.ownerGroups };
`.trim(),

  'admins-act-as-resource-owners': `
permit (
  principal in Ownstack::Role::"admin",
  action in [Ownstack::Action::"resource:read", Ownstack::Action::"resource:write", Ownstack::Action::"resource:manage"],
  resource is Ownstack::Resource
);
`.trim(),

  'inactive-users-do-nothing': `
forbid (principal, action, resource)
unless { principal.active };
`.trim(),

  'admin-needs-mfa-when-required': `
forbid (principal, action in Ownstack::Action::"admin", resource)
when { context.requireMfaForAdmin && !context.mfa };
`.trim(),

  'api-keys-act-within-their-scopes': `
forbid (principal, action, resource)
when { context.authMethod == "apiKey" }
unless {
  (action in Ownstack::Action::"read" && context.scopes.contains("read")) ||
  (action in Ownstack::Action::"write" && context.scopes.contains("write")) ||
  (action in Ownstack::Action::"admin" && context.scopes.contains("admin"))
};
`.trim(),
};

/** The built-in policies as one Cedar text, each with its `@id`, for validation and display. */
export const builtInPolicyText = () =>
  Object.entries(BUILT_IN_POLICIES)
    .map(([id, text]) => `@id("${id}")\n${text}`)
    .join('\n\n');
