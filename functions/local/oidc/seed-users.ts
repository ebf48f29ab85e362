/**
 * The local identity provider's seeded accounts: fixed, put back in the user store
 * (accounts.ts) on every start, signed in with one shared password, like every local
 * account. Local only: these never exist in a deployed installation, where Cognito (or
 * the customer's own IdP) holds the users.
 */
export interface SeededUser {
  /** Stable subject, shaped like a Cognito `sub`, so a user keeps its data across restarts. */
  sub: string;
  email: string;
  name: string;
  emailVerified: boolean;
}

/** The one password of every seeded account. Shown on the sign-in page; local use only. */
export const LOCAL_PASSWORD = 'ownstack-dev';

/** The first owner of the local installation (the stack's initial-owner parameter in AWS). */
export const LOCAL_OWNER_EMAIL = 'owner@example.com';

export const SEEDED_USERS: readonly SeededUser[] = [
  { sub: '6f1c2a4e-0b7d-4c61-9a51-000000000001', email: LOCAL_OWNER_EMAIL, name: 'Olivia Owner', emailVerified: true },
  { sub: '6f1c2a4e-0b7d-4c61-9a51-000000000002', email: 'member@example.com', name: 'Max Member', emailVerified: true },
];
