/**
 * `npm run flags:stale`: the installation flags past their expiry date, and where the code
 * still reads each one (file:line under functions/ and frontend/src), so removing a flag
 * is a checklist: the code first, then the store (docs/flags.md, "Removing a flag").
 *
 * Reads the flags from the running local runtime's table (its `<data-dir>/runtime.json`),
 * from a deployed installation's table (`--table`, the default AWS credentials), or from
 * a JSON file (`--file`: definitions or stored items, as an array, as `{ "flags": [...] }`, or
 * the body of `GET /api/flags`). `--check` exits with 1 when any flag is stale (for CI). Read only.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { z } from 'zod';
import { type FlagDefinition, flagDefinitionSchema } from '../functions/flags/model.js';
import { isoDate, isStale } from '../functions/flags/state.js';
import { dynamoFlagStore } from '../functions/flags/store.js';
import { dynamoDbLocalCredentials } from '../functions/local/dynamodb-local.js';
import { readRuntimeFile } from '../functions/local/runtime-file.js';

const repositoryRoot = fileURLToPath(new URL('../', import.meta.url));
/** Where flags are read in code: the server and the SPA (tests and docs may name a flag and still be fine). */
export const CODE_ROOTS = ['functions', 'frontend/src'];
const SOURCE_FILE = /\.(ts|tsx|js|mjs)$/;
/** Bounds, so a pasted file or a huge tree cannot run away. */
const MAX_FILE_BYTES = 5 * 1024 * 1024;
const MAX_REFERENCES_PER_FLAG = 200;

export interface Reference {
  file: string;
  line: number;
  text: string;
}

export interface StaleFlag {
  key: string;
  owner: string;
  expiresAt: string;
  references: Reference[];
}

export const staleFlags = (flags: readonly FlagDefinition[], today: string) =>
  flags.filter((f) => isStale(f, today)).sort((a, b) => a.expiresAt.localeCompare(b.expiresAt) || a.key.localeCompare(b.key));

/** Every line under `roots` (relative to `base`) that names one of `keys` as a whole word. */
export function findReferences(keys: readonly string[], base: string, roots: readonly string[] = CODE_ROOTS): Map<string, Reference[]> {
  const found = new Map<string, Reference[]>(keys.map((k) => [k, []]));
  if (keys.length === 0) return found;
  // Flag keys are [a-z0-9_] only: no escaping needed, and a key never matches inside a longer one.
  const pattern = new RegExp(`(?<![A-Za-z0-9_])(${keys.join('|')})(?![A-Za-z0-9_])`, 'g');
  for (const root of roots) {
    for (const file of sourceFiles(join(base, root))) {
      const lines = readFileSync(file, 'utf8').split('\n');
      lines.forEach((text, i) => {
        for (const match of text.matchAll(pattern)) {
          const list = found.get(match[1] as string);
          if (list && list.length < MAX_REFERENCES_PER_FLAG && list.at(-1)?.line !== i + 1) {
            list.push({ file: relative(base, file), line: i + 1, text: text.trim().slice(0, 160) });
          }
        }
      });
    }
  }
  return found;
}

function* sourceFiles(dir: string): Generator<string> {
  let entries: import('node:fs').Dirent[];
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return; // a root that does not exist has no references
  }
  for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name))) {
    if (entry.name === 'node_modules' || entry.name === 'dist' || entry.name.startsWith('.')) continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* sourceFiles(path);
    else if (entry.isFile() && SOURCE_FILE.test(entry.name)) yield path;
  }
}

const definitionOrStored = z.union([flagDefinitionSchema, z.object({ definition: flagDefinitionSchema }).transform((s) => s.definition)]);
/** A list of definitions, `{ flags: [...] }`, or the body of `GET /api/flags` (`{ items: [{ definition, ... }] }`). */
const fileSchema = z.union([
  z.array(definitionOrStored),
  z.object({ flags: z.array(definitionOrStored) }).transform((f) => f.flags),
  z.object({ items: z.array(definitionOrStored) }).transform((f) => f.items),
]);

export function flagsFromFile(path: string): FlagDefinition[] {
  const text = readFileSync(path, 'utf8');
  if (text.length > MAX_FILE_BYTES) throw new Error(`${path} is over ${MAX_FILE_BYTES} bytes; give a file of flag definitions.`);
  const parsed = fileSchema.safeParse(JSON.parse(text));
  if (!parsed.success) throw new Error(`${path} is not a list of flag definitions: ${z.prettifyError(parsed.error)}`);
  return parsed.data;
}

async function flagsFromTable(tableName: string, endpoint?: string): Promise<FlagDefinition[]> {
  const client = new DynamoDBClient(endpoint ? { endpoint, region: 'local', credentials: dynamoDbLocalCredentials, maxAttempts: 2 } : {});
  try {
    return (await dynamoFlagStore(DynamoDBDocumentClient.from(client), tableName).list()).map((s) => s.definition);
  } finally {
    client.destroy();
  }
}

function runningLocalTable(dataDir: string): { tableName: string; endpoint: string } {
  const runtime = readRuntimeFile(dataDir);
  const alive = runtime !== undefined && isRunning(runtime.pid);
  if (!runtime || !alive || !runtime.dynamoEndpoint) {
    throw new Error(
      `No local runtime is running with the data directory ${dataDir}. Start it with "npm start", or give --file <flags.json> or --table <name>.`,
    );
  }
  return { tableName: runtime.tableName, endpoint: runtime.dynamoEndpoint };
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0); // signal 0: a liveness check, nothing is sent
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export function renderReport(stale: readonly StaleFlag[], total: number, today: string, source: string): string {
  if (stale.length === 0) return `No stale flags: all ${total} flags from ${source} expire on or after ${today}.`;
  const lines = [`${stale.length} of ${total} flags from ${source} are past their expiry date (today is ${today}):`, ''];
  for (const flag of stale) {
    lines.push(`${flag.key}  expired ${flag.expiresAt}, owner ${flag.owner}`);
    if (flag.references.length === 0) lines.push('  no references left in the code: delete it from the store');
    for (const ref of flag.references) lines.push(`  ${ref.file}:${ref.line}  ${ref.text}`);
    lines.push('');
  }
  lines.push('Remove each: its code paths first (keep the behaviour that won), deploy, then delete the flag from the store (docs/flags.md).');
  return lines.join('\n');
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      file: { type: 'string' },
      table: { type: 'string' },
      'data-dir': { type: 'string', default: '.ownstack' },
      today: { type: 'string' },
      check: { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
    },
  });
  const today = values.today ?? isoDate(new Date());
  if (!/^\d{4}-\d{2}-\d{2}$/.test(today)) throw new Error(`--today takes a date as YYYY-MM-DD; got ${today}.`);
  let flags: FlagDefinition[];
  let source: string;
  if (values.file) {
    flags = flagsFromFile(resolve(values.file));
    source = values.file;
  } else if (values.table) {
    flags = await flagsFromTable(values.table);
    source = `table ${values.table}`;
  } else {
    const local = runningLocalTable(resolve(values['data-dir']));
    flags = await flagsFromTable(local.tableName, local.endpoint);
    source = `the local runtime (table ${local.tableName})`;
  }
  const expired = staleFlags(flags, today);
  const references = findReferences(
    expired.map((f) => f.key),
    repositoryRoot,
  );
  const stale = expired.map((f) => ({ key: f.key, owner: f.owner, expiresAt: f.expiresAt, references: references.get(f.key) ?? [] }));
  console.log(values.json ? JSON.stringify({ today, source, total: flags.length, stale }, null, 2) : renderReport(stale, flags.length, today, source));
  if (values.check && stale.length > 0) process.exitCode = 1;
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 2;
  });
}
