/** HTTP routes of the identity module: me, members and invitations. */
import { z } from 'zod';
import type { Entitlements } from '../entitlements/domain.js';
import { callerOf } from '../platform/caller.js';
import { defineRoute, Reply } from '../platform/route.js';
import type { User } from './domain.js';
import { changeMemberRole, deactivateMember, inviteMember, reactivateMember, resendInvitation, revokeInvitation } from './members.js';
import {
  changeRoleBody,
  invitationList,
  invitationParams,
  invitationSchema,
  inviteBody,
  type Me,
  type Member,
  meResponse,
  memberPage,
  memberSchema,
  pageQuery,
  userIdParams,
} from './schemas.js';

const toMember = (u: User): Member => ({
  id: u.userId,
  email: u.email,
  displayName: u.displayName,
  role: u.role,
  status: u.status,
  groupIds: u.groupIds,
  createdAt: u.createdAt,
});

/** What the SPA may know of the entitlements: no ring, no installation id. */
const meEntitlements = (e: Entitlements): Me['entitlements'] => ({
  plan: e.plan,
  status: e.status,
  source: e.source,
  seats: e.seats,
  features: e.features,
  quotas: e.quotas,
  ...(e.expiresAt ? { expiresAt: e.expiresAt } : {}),
  ...(e.trialEndsAt ? { trialEndsAt: e.trialEndsAt } : {}),
  ...(e.graceEndsAt ? { graceEndsAt: e.graceEndsAt } : {}),
  degraded: e.degraded,
});

export const getMe = defineRoute({
  method: 'GET',
  path: '/api/me',
  operationId: 'getMe',
  summary: 'Who I am: my profile, my role and the entitlements in force',
  tag: 'identity',
  access: { action: 'self:read' },
  response: meResponse,
  async handle(input) {
    const { principal } = callerOf(input);
    return {
      user: { id: principal.userId, email: principal.email, displayName: principal.displayName, role: principal.role, mfa: principal.mfa },
      entitlements: meEntitlements(await input.services.entitlements()),
      flags: await input.services.flagsInForce.valuesFor(principal),
    };
  },
});

export const listMembers = defineRoute({
  method: 'GET',
  path: '/api/members',
  operationId: 'listMembers',
  summary: 'The people of this installation, by email',
  tag: 'members',
  access: { action: 'members:read' },
  query: pageQuery,
  response: memberPage,
  async handle({ query, services }) {
    const page = await services.users.list(query);
    return { items: page.items.map(toMember), ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}) };
  },
});

export const changeRole = defineRoute({
  method: 'PATCH',
  path: '/api/members/{userId}',
  operationId: 'changeMemberRole',
  summary: 'Change a member’s role (owner changes need an owner)',
  tag: 'members',
  access: { action: 'members:manage' },
  params: userIdParams,
  body: changeRoleBody,
  response: memberSchema,
  async handle(input) {
    return toMember(await changeMemberRole(callerOf(input), input.params.userId, input.body.role));
  },
});

export const deactivate = defineRoute({
  method: 'POST',
  path: '/api/members/{userId}/deactivate',
  operationId: 'deactivateMember',
  summary: 'Deactivate a member: refused at once, sessions signed out',
  tag: 'members',
  access: { action: 'members:manage' },
  params: userIdParams,
  response: memberSchema,
  async handle(input) {
    return toMember(await deactivateMember(callerOf(input), input.params.userId));
  },
});

export const reactivate = defineRoute({
  method: 'POST',
  path: '/api/members/{userId}/reactivate',
  operationId: 'reactivateMember',
  summary: 'Reactivate a deactivated member',
  tag: 'members',
  access: { action: 'members:manage' },
  params: userIdParams,
  response: memberSchema,
  async handle(input) {
    return toMember(await reactivateMember(callerOf(input), input.params.userId));
  },
});

export const listInvitations = defineRoute({
  method: 'GET',
  path: '/api/invitations',
  operationId: 'listInvitations',
  summary: 'Recent invitations, newest first',
  tag: 'members',
  access: { action: 'members:manage' },
  response: invitationList,
  async handle({ services }) {
    return { items: await services.invitations.listRecent(100) };
  },
});

export const invite = defineRoute({
  method: 'POST',
  path: '/api/invitations',
  operationId: 'inviteMember',
  summary: 'Invite someone by email with a role',
  tag: 'members',
  access: { action: 'members:manage' },
  body: inviteBody,
  response: invitationSchema,
  status: 201,
  async handle(input) {
    return inviteMember(callerOf(input), input.body);
  },
});

export const resend = defineRoute({
  method: 'POST',
  path: '/api/invitations/{email}/resend',
  operationId: 'resendInvitation',
  summary: 'Send a pending invitation again (restarts its 7 days)',
  tag: 'members',
  access: { action: 'members:manage' },
  params: invitationParams,
  response: invitationSchema,
  async handle(input) {
    return resendInvitation(callerOf(input), input.params.email);
  },
});

export const revoke = defineRoute({
  method: 'DELETE',
  path: '/api/invitations/{email}',
  operationId: 'revokeInvitation',
  summary: 'Revoke a pending invitation',
  tag: 'members',
  access: { action: 'members:manage' },
  params: invitationParams,
  response: z.undefined(),
  status: 204,
  async handle(input) {
    await revokeInvitation(callerOf(input), input.params.email);
    return new Reply(undefined, 204);
  },
});

export const identityRoutes = [getMe, listMembers, changeRole, deactivate, reactivate, listInvitations, invite, resend, revoke];
