/**
 * HTTP routes of security settings, the installation's own Cedar policies, and the
 * explainer ("why can or can't this person do this?"). Policies are validated against the
 * schema, must all be `forbid`, and are saved with the version they edited.
 */
import { Conflict, InvalidInput, NotFound } from '../platform/errors.js';
import { callerEvent, callerOf } from '../platform/caller.js';
import { defineRoute } from '../platform/route.js';
import { ACTIONS } from './actions.js';
import { createAuthorizer, policyEffects, validatePolicies } from './engine.js';
import { explainBody, explanation, securitySettingsSchema, updatePoliciesBody, updateSettingsBody } from './schemas.js';
import type { SecuritySettings } from './settings-store.js';

export const getSecurity = defineRoute({
  method: 'GET',
  path: '/api/security',
  operationId: 'getSecuritySettings',
  summary: 'Security settings and the installation’s own policies',
  tag: 'security',
  access: { action: 'policies:manage' },
  response: securitySettingsSchema,
  async handle(input) {
    return callerOf(input).security;
  },
});

export const updateSecurity = defineRoute({
  method: 'PUT',
  path: '/api/security/settings',
  operationId: 'updateSecuritySettings',
  summary: 'Require a second factor for administration, or not',
  tag: 'security',
  access: { action: 'policies:manage' },
  body: updateSettingsBody,
  response: securitySettingsSchema,
  async handle(input) {
    const caller = callerOf(input);
    // Requiring what one does not have would lock every admin out, this one included.
    if (input.body.requireMfaForAdmin && !caller.principal.mfa) {
      throw new Conflict('Sign in with a second factor before requiring one for administration; otherwise no admin could change this back.');
    }
    const current = caller.security;
    const next: SecuritySettings = {
      ...current,
      requireMfaForAdmin: input.body.requireMfaForAdmin,
      updatedAt: caller.services.clock.now().toISOString(),
      updatedBy: caller.principal.userId,
    };
    const event = callerEvent(caller, 'security.settings.changed', { kind: 'settings', id: 'security' }, { requireMfaForAdmin: next.requireMfaForAdmin });
    // Settings share the policies' version: a settings change does not race a policy edit.
    await caller.services.settings.save({ ...next, policiesVersion: current.policiesVersion }, current.policiesVersion, event);
    return next;
  },
});

export const updatePolicies = defineRoute({
  method: 'PUT',
  path: '/api/security/policies',
  operationId: 'updatePolicies',
  summary: 'Replace the installation’s own forbid policies (validated against the schema)',
  tag: 'security',
  access: { action: 'policies:manage' },
  body: updatePoliciesBody,
  maxBodyBytes: 64 * 1024,
  response: securitySettingsSchema,
  async handle(input) {
    const caller = callerOf(input);
    const { policies, expectedVersion } = input.body;
    const problems = policies.trim() === '' ? [] : validatePolicies(policies);
    if (problems.length > 0)
      throw new InvalidInput('The policies do not validate against the schema.', {
        errors: problems.map((message) => ({ location: 'body', pointer: '/policies', message })),
      });
    const effects = policyEffects(policies);
    if ('errors' in effects)
      throw new InvalidInput('The policies do not parse.', { errors: effects.errors.map((message) => ({ location: 'body', pointer: '/policies', message })) });
    const permits = effects.filter((p) => p.effect === 'permit').map((p) => p.id);
    if (permits.length > 0) {
      throw new InvalidInput(`Only forbid policies can be added; these permit: ${permits.join(', ')}.`, {
        errors: permits.map((id) => ({ location: 'body', pointer: '/policies', message: `${id} is a permit` })),
      });
    }
    createAuthorizer(policies); // proves the whole set (built-in plus these) parses with unique ids
    const current = caller.security;
    const next: SecuritySettings = {
      ...current,
      policies,
      policiesVersion: expectedVersion + 1,
      updatedAt: caller.services.clock.now().toISOString(),
      updatedBy: caller.principal.userId,
    };
    const event = callerEvent(
      caller,
      'security.policies.changed',
      { kind: 'settings', id: 'policies' },
      { version: next.policiesVersion, policyIds: effects.map((p) => p.id) },
    );
    await caller.services.settings.save(next, expectedVersion, event);
    return next;
  },
});

export const explain = defineRoute({
  method: 'POST',
  path: '/api/authz/explain',
  operationId: 'explainDecision',
  summary: 'Why can (or can’t) this person perform this action?',
  tag: 'security',
  access: { action: 'authz:explain' },
  body: explainBody,
  response: explanation,
  async handle(input) {
    const { body, services } = input;
    const { security } = callerOf(input);
    const user = await services.users.get(body.userId);
    if (!user) throw new NotFound('No such member.');
    const context = { authMethod: 'session' as const, mfa: body.mfa, scopes: [], requireMfaForAdmin: security.requireMfaForAdmin };
    const authorizer = services.authorizers.forSettings(security);
    const decision = authorizer.decide({
      subject: { userId: user.userId, email: user.email, role: user.role, groupIds: user.groupIds, active: user.status === 'active' },
      action: body.action,
      context,
    });
    const policies = decision.policyIds.map((id) => {
      const text = authorizer.policyText(id) ?? '';
      return { id, effect: effectOf(text), text };
    });
    const verb = ACTIONS[body.action].description.toLowerCase();
    const summary = decision.allowed
      ? `${user.email} may ${verb}: allowed by ${policies.map((p) => p.id).join(', ')}.`
      : policies.length > 0
        ? `${user.email} may not ${verb}: denied by ${policies.map((p) => p.id).join(', ')}.`
        : `${user.email} may not ${verb}: no policy permits it for the role ${user.role}.`;
    return {
      allowed: decision.allowed,
      action: body.action,
      subject: { id: user.userId, email: user.email, role: user.role, status: user.status, groupIds: user.groupIds },
      context,
      policies,
      summary,
    };
  },
});

function effectOf(text: string): 'permit' | 'forbid' {
  const effects = policyEffects(text);
  return 'errors' in effects ? 'forbid' : (effects[0]?.effect ?? 'forbid');
}

export const securityRoutes = [getSecurity, updateSecurity, updatePolicies, explain];
