/**
 * The local provider's user store (the user pool, in AWS): the seeded accounts plus the
 * ones the app invites through the Cognito stand-in, kept in `<dataDir>/users.json` so
 * invited people survive a restart. Seeded accounts are put back on every start. It holds
 * no password: every local account signs in with the one local password.
 */
import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { SEEDED_USERS } from './seed-users.js';

/** Cognito's `UserStatus` values that the local store can hold. */
export type AccountStatus = 'CONFIRMED' | 'FORCE_CHANGE_PASSWORD';

const accountSchema = z.object({
  /** Stable subject, a UUID like Cognito's `sub`; it is also the API's user id. */
  sub: z.string().min(1),
  email: z.email(),
  name: z.string().optional(),
  emailVerified: z.boolean(),
  status: z.enum(['CONFIRMED', 'FORCE_CHANGE_PASSWORD']),
  /** false after AdminDisableUser: the account can neither sign in nor obtain tokens. */
  enabled: z.boolean(),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
});
const usersFileSchema = z.object({ accounts: z.array(accountSchema) });

export type LocalAccount = z.infer<typeof accountSchema>;

export interface NewAccount {
  email: string;
  emailVerified: boolean;
  name?: string;
}

export interface LocalAccounts {
  list(): readonly LocalAccount[];
  /** Case-insensitive, as the pool's sign-in is. */
  byEmail(email: string): LocalAccount | undefined;
  bySub(sub: string): LocalAccount | undefined;
  /** An invited account: a new `sub`, FORCE_CHANGE_PASSWORD, enabled. The caller checks for duplicates. */
  add(input: NewAccount): LocalAccount;
  change(sub: string, patch: Partial<Pick<LocalAccount, 'status' | 'enabled'>>): LocalAccount;
  remove(sub: string): void;
}

const USERS_FILE = 'users.json';
export const usersFilePath = (dataDir: string) => join(dataDir, USERS_FILE);
const normalized = (email: string) => email.trim().toLowerCase();

/** The accounts as a start would see them (stored ones plus the seeds), without writing. */
export function readAccounts(dataDir: string, now = new Date()): LocalAccount[] {
  const file = usersFilePath(dataDir);
  let stored: LocalAccount[] = [];
  if (existsSync(file)) {
    const parsed = usersFileSchema.safeParse(JSON.parse(readFileSync(file, 'utf8')));
    if (!parsed.success) throw new Error(`${file} is not a valid user store (${parsed.error.issues[0]?.message}). Delete it or start with --fresh.`);
    stored = parsed.data.accounts;
  }
  const at = now.toISOString();
  const missingSeeds = SEEDED_USERS.filter((seed) => !stored.some((a) => a.email === seed.email)).map(
    (seed): LocalAccount => ({ ...seed, status: 'CONFIRMED', enabled: true, createdAt: at, updatedAt: at }),
  );
  return [...missingSeeds, ...stored];
}

/** The account a token may be minted for (`tokenFor`, `dev:token`): it exists and is enabled, as Cognito requires. */
export function accountForToken(accounts: readonly LocalAccount[], email: string): LocalAccount {
  const account = accounts.find((a) => a.email === normalized(email));
  if (!account) {
    throw new Error(`No seeded user or invited account "${email}" in the local runtime. Accounts: ${accounts.map((a) => a.email).join(', ')}.`);
  }
  if (!account.enabled) {
    throw new Error(`The local account "${email}" is disabled (deactivated in the app); Cognito gives a disabled user no tokens. Reactivate the member first.`);
  }
  return account;
}

/** Loads the store (seeding it) and writes every change through to `users.json`. */
export function openAccounts(dataDir: string, clock: () => Date = () => new Date()): LocalAccounts {
  let accounts = readAccounts(dataDir, clock());
  const save = () => {
    // Write then rename, so `dev:token` never reads half a file.
    const file = usersFilePath(dataDir);
    writeFileSync(`${file}.tmp`, `${JSON.stringify({ accounts }, null, 2)}\n`);
    renameSync(`${file}.tmp`, file);
  };
  const existing = (sub: string) => {
    const account = accounts.find((a) => a.sub === sub);
    if (!account) throw new Error(`No local account with sub ${sub}.`);
    return account;
  };
  save();

  return {
    list: () => accounts,
    byEmail: (email) => accounts.find((a) => a.email === normalized(email)),
    bySub: (sub) => accounts.find((a) => a.sub === sub),
    add(input) {
      const at = clock().toISOString();
      const account: LocalAccount = {
        sub: randomUUID(),
        email: normalized(input.email),
        ...(input.name ? { name: input.name } : {}),
        emailVerified: input.emailVerified,
        status: 'FORCE_CHANGE_PASSWORD',
        enabled: true,
        createdAt: at,
        updatedAt: at,
      };
      accounts = [...accounts, account];
      save();
      return account;
    },
    change(sub, patch) {
      const changed = { ...existing(sub), ...patch, updatedAt: clock().toISOString() };
      accounts = accounts.map((a) => (a.sub === sub ? changed : a));
      save();
      return changed;
    },
    remove(sub) {
      accounts = accounts.filter((a) => a.sub !== sub);
      save();
    },
  };
}
