/**
 * `npm run dev:token -- <email>`: prints an access token for an account of the local
 * runtime (seeded or invited; not a disabled one), signed with its persisted key for its
 * issuer, exactly like one from the sign-in flow. For curl and scripts against
 * `npm start`; meaningless anywhere else.
 */
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { signAccessToken } from './oidc/access-token.js';
import { accountForToken, readAccounts } from './oidc/accounts.js';
import { readKeys } from './oidc/keys.js';
import { SEEDED_USERS } from './oidc/seed-users.js';
import { readRuntimeFile } from './runtime-file.js';

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({ allowPositionals: true, options: { 'data-dir': { type: 'string', default: '.ownstack' } } });
  const seeded = SEEDED_USERS.map((u) => u.email).join(', ');
  const email = positionals[0];
  if (!email) throw new Error(`Usage: npm run dev:token -- <email> [--data-dir <dir>]. Seeded users: ${seeded}.`);

  const dataDir = resolve(values['data-dir']);
  const runtime = readRuntimeFile(dataDir);
  const keys = readKeys(dataDir);
  if (!runtime || !keys) throw new Error(`The local runtime has not run with the data directory ${dataDir} yet. Start it with "npm start", then retry.`);
  const account = accountForToken(readAccounts(dataDir), email);
  process.stdout.write(`${await signAccessToken(keys, runtime.issuer, account)}\n`);
}

main().catch((error: Error) => {
  process.stderr.write(`${error.message}\n`);
  process.exit(1);
});
