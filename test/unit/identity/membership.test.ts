import { describe, expect, it } from 'vitest';
import { changeRole, deactivate, isOpen, newInvitation, reactivate, roleFromIdpGroups, touchesOwnership } from '../../../functions/identity/membership.js';
import { Conflict } from '../../../functions/platform/errors.js';
import { aUser } from '../builders.js';

const now = new Date('2026-11-24T10:00:00Z');

describe('membership rules', () => {
  it('changes a role and says whether the owner count moves', () => {
    expect(changeRole(aUser({ role: 'owner' }), 'admin', 'someone-else')).toMatchObject({ user: { role: 'admin' }, removesOwner: true, addsOwner: false });
    expect(changeRole(aUser({ role: 'member' }), 'owner', 'someone-else')).toMatchObject({ removesOwner: false, addsOwner: true });
  });

  it('refuses a no-op change and an owner demoting themselves', () => {
    expect(() => changeRole(aUser({ role: 'member' }), 'member', 'x')).toThrow(Conflict);
    expect(() => changeRole(aUser({ role: 'owner', userId: 'me' }), 'admin', 'me')).toThrow(Conflict);
  });

  it('needs ownership rights only when an owner role is given or taken', () => {
    expect(touchesOwnership('member', 'admin')).toBe(false);
    expect(touchesOwnership('member', 'owner')).toBe(true);
    expect(touchesOwnership('owner', 'viewer')).toBe(true);
  });

  it('deactivates others but never oneself, and reactivates', () => {
    expect(deactivate(aUser({ role: 'owner' }), 'admin-1')).toMatchObject({ user: { status: 'deactivated' }, removesOwner: true });
    expect(() => deactivate(aUser({ userId: 'me' }), 'me')).toThrow(Conflict);
    expect(() => deactivate(aUser({ status: 'deactivated' }), 'x')).toThrow(Conflict);
    expect(reactivate(aUser({ status: 'deactivated', role: 'owner' }))).toMatchObject({ user: { status: 'active' }, addsOwner: true });
  });

  it('creates invitations that lapse after seven days', () => {
    const invitation = newInvitation({ email: ' New@Example.com ', role: 'viewer' }, 'u1', now);
    expect(invitation).toMatchObject({ email: 'new@example.com', status: 'pending', expiresAt: '2026-12-01T10:00:00.000Z' });
    expect(isOpen(invitation, now)).toBe(true);
    expect(isOpen(invitation, new Date('2026-12-02T00:00:00Z'))).toBe(false);
    expect(isOpen({ ...invitation, status: 'revoked' }, now)).toBe(false);
  });

  it('maps IdP groups to the highest mapped role', () => {
    const mapping = 'ops-admins=admin, staff=member ,auditors=viewer,bogus=superuser';
    expect(roleFromIdpGroups(['staff', 'ops-admins'], mapping)).toBe('admin');
    expect(roleFromIdpGroups(['auditors'], mapping)).toBe('viewer');
    expect(roleFromIdpGroups(['bogus', 'nobody'], mapping)).toBeUndefined();
  });
});
