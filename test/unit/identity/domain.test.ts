import { describe, expect, it } from 'vitest';
import { principalOf, userFromFirstSignIn } from '../../../functions/identity/domain.js';
import { Unauthenticated } from '../../../functions/platform/errors.js';
import { aUser } from '../builders.js';

const now = new Date('2026-11-24T10:00:00Z');
const policy = { initialOwnerEmail: 'Owner@Example.com' };

describe('first sign-in', () => {
  it('makes the initial owner email (any case) the owner', () => {
    expect(userFromFirstSignIn({ sub: 's1', email: 'owner@EXAMPLE.com', email_verified: true }, policy, now)).toMatchObject({
      role: 'owner',
      email: 'owner@example.com',
    });
  });

  it('does not make an unverified initial-owner email the owner', () => {
    expect(userFromFirstSignIn({ sub: 's1', email: 'owner@example.com', email_verified: false }, policy, now).role).toBe('member');
  });

  it('makes everyone else a member, named from the token or the email', () => {
    expect(userFromFirstSignIn({ sub: 's2', email: 'max@example.com', name: ' Max ' }, policy, now)).toMatchObject({ role: 'member', displayName: 'Max' });
    expect(userFromFirstSignIn({ sub: 's3', email: 'eve@example.com' }, {}, now)).toMatchObject({
      role: 'member',
      displayName: 'eve',
      createdAt: now.toISOString(),
    });
  });

  it('refuses a token without an email', () => {
    expect(() => userFromFirstSignIn({ sub: 's4' }, policy, now)).toThrow(Unauthenticated);
  });
});

describe('principal', () => {
  it('carries the stored role and whether MFA was used', () => {
    expect(principalOf(aUser({ role: 'admin' }), { sub: 'user-1', amr: ['pwd', 'mfa'] })).toMatchObject({ role: 'admin', mfa: true, via: 'session' });
    expect(principalOf(aUser(), { sub: 'user-1' }).mfa).toBe(false);
  });

  it('refuses a deactivated user', () => {
    expect(() => principalOf(aUser({ status: 'deactivated' }), { sub: 'user-1' })).toThrow(Unauthenticated);
  });
});

describe('principal groups', () => {
  it('carries the user’s groups, so group policies apply to them', () => {
    expect(principalOf(aUser({ groupIds: ['g1', 'g2'] }), { sub: 'user-1' }).groupIds).toEqual(['g1', 'g2']);
  });
});

describe('IdP username', () => {
  it('keeps a federated username for admin calls, and none when it is the email or the sub', () => {
    const now = new Date();
    expect(userFromFirstSignIn({ sub: 's1', email: 'a@example.com', username: 'SSO_abc' }, {}, now).idpUsername).toBe('SSO_abc');
    expect(userFromFirstSignIn({ sub: 's1', email: 'a@example.com', username: 's1' }, {}, now).idpUsername).toBeUndefined();
    expect(userFromFirstSignIn({ sub: 's1', email: 'a@example.com', username: 'A@example.com' }, {}, now).idpUsername).toBeUndefined();
  });
});
