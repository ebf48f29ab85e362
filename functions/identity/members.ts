/**
 * Use cases for managing people: list, change role, deactivate, reactivate, and the
 * invitation lifecycle. Each writes its change and event atomically, then tells the IdP.
 * Giving or taking the owner role also needs `ownership:assign` (owners only).
 */
import { requireSeats } from '../entitlements/limits.js';
import { type Caller, callerEvent } from '../platform/caller.js';
import { Conflict, NotFound } from '../platform/errors.js';
import type { Role } from '../platform/principal.js';
import type { Services } from '../services.js';
import { idpNameOf, type User } from './domain.js';
import { changeRole, deactivate, type Invitation, isOpen, MEMBER_EVENTS, newInvitation, reactivate, touchesOwnership } from './membership.js';

async function existingUser(services: Services, userId: string): Promise<User> {
  const user = await services.users.get(userId);
  if (!user) throw new NotFound('No such member.');
  return user;
}

export async function changeMemberRole(caller: Caller, userId: string, role: Role): Promise<User> {
  const target = await existingUser(caller.services, userId);
  if (touchesOwnership(target.role, role)) caller.authorize('ownership:assign');
  const { user, removesOwner, addsOwner } = changeRole(target, role, caller.principal.userId);
  const event = callerEvent(caller, MEMBER_EVENTS.roleChanged, { kind: 'user', id: userId }, { from: target.role, to: role });
  await caller.services.users.update(target, user, { event, ownerDelta: removesOwner ? -1 : addsOwner ? 1 : 0 });
  return user;
}

export async function deactivateMember(caller: Caller, userId: string): Promise<User> {
  const target = await existingUser(caller.services, userId);
  if (target.role === 'owner') caller.authorize('ownership:assign');
  const { user, removesOwner } = deactivate(target, caller.principal.userId);
  const event = callerEvent(caller, MEMBER_EVENTS.deactivated, { kind: 'user', id: userId }, { email: target.email });
  await caller.services.users.update(target, user, { event, ownerDelta: removesOwner ? -1 : 0 });
  // The table already refuses them on the next request; the IdP ends their sessions too.
  await caller.services.idp.disable(idpNameOf(target));
  return user;
}

export async function reactivateMember(caller: Caller, userId: string): Promise<User> {
  const target = await existingUser(caller.services, userId);
  if (target.role === 'owner') caller.authorize('ownership:assign');
  const { user, addsOwner } = reactivate(target);
  // A reactivated member takes a seat again.
  await requireSeats(caller.services);
  await caller.services.idp.enable(idpNameOf(target));
  const event = callerEvent(caller, MEMBER_EVENTS.reactivated, { kind: 'user', id: userId }, { email: target.email });
  await caller.services.users.update(target, user, { event, ownerDelta: addsOwner ? 1 : 0 });
  return user;
}

export async function inviteMember(caller: Caller, input: { email: string; role: Role }): Promise<Invitation> {
  if (input.role === 'owner') caller.authorize('ownership:assign');
  const { services } = caller;
  const invitation = newInvitation(input, caller.principal.userId, services.clock.now());
  if (await services.users.findByEmail(invitation.email)) {
    throw new Conflict(`${invitation.email} is already a member.`);
  }
  // An open invitation holds a seat: the person takes it when they accept.
  await requireSeats(services);
  const event = callerEvent(caller, MEMBER_EVENTS.invited, { kind: 'invitation', id: invitation.email }, { email: invitation.email, role: invitation.role });
  await services.invitations.create(invitation, event, services.clock.now());
  await services.idp.invite(invitation.email);
  return invitation;
}

async function openInvitation(services: Services, email: string): Promise<Invitation> {
  const invitation = await services.invitations.get(email);
  if (!isOpen(invitation, services.clock.now())) throw new NotFound('No pending invitation for this email.');
  return invitation;
}

export async function resendInvitation(caller: Caller, email: string): Promise<Invitation> {
  const { services } = caller;
  const current = await openInvitation(services, email);
  const now = services.clock.now();
  // A resend restarts the invitation's lifetime, as the IdP does for its temporary password.
  const renewed = { ...newInvitation(current, current.invitedBy, now), invitedAt: current.invitedAt };
  await services.invitations.update(
    renewed,
    callerEvent(caller, MEMBER_EVENTS.invitationResent, { kind: 'invitation', id: current.email }, { email: current.email }),
  );
  await services.idp.resendInvitation(current.email);
  return renewed;
}

export async function revokeInvitation(caller: Caller, email: string): Promise<void> {
  const { services } = caller;
  const current = await openInvitation(services, email);
  await services.invitations.update(
    { ...current, status: 'revoked' },
    callerEvent(caller, MEMBER_EVENTS.invitationRevoked, { kind: 'invitation', id: current.email }, { email: current.email }),
  );
  await services.idp.cancelInvitation(current.email);
}
