/**
 * `npm run dev:token -- <email>`: prints an access token for a seeded user of the local
 * runtime, signed with its persisted key for its issuer, exactly like one from the sign-in
 * flow. For curl and scripts against `npm start`; meaningless anywhere else.
 */
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { signAccessToken } from './oidc/access-token.js';
import { readKeys } from './oidc/keys.js';
import { SEEDED_USERS, seededUserByEmail } from './oidc/seed-users.js';
import { readRuntimeFile } from './runtime-file.js';

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({ allowPositionals: true, options: { 'data-dir': { type: 'string', default: '.ownstack' } } });
  const seeded = SEEDED_USERS.map((u) => u.email).join(', ');
  const email = positionals[0];
  if (!email) throw new Error(`Usage: npm run dev:token -- <email> [--data-dir <dir>]. Seeded users: ${seeded}.`);
  const user = seededUserByEmail(email);
  if (!user) throw new Error(`"${email}" is not a seeded user of the local runtime. Seeded users: ${seeded}.`);

  const dataDir = resolve(values['data-dir']);
  const runtime = readRuntimeFile(dataDir);
  const keys = readKeys(dataDir);
  if (!runtime || !keys) throw new Error(`The local runtime has not run with the data directory ${dataDir} yet. Start it with "npm start", then retry.`);
  process.stdout.write(`${await signAccessToken(keys, runtime.issuer, user)}\n`);
}

main().catch((error: Error) => {
  process.stderr.write(`${error.message}\n`);
  process.exit(1);
});
