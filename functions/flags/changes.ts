/**
 * Changing flags, the same way in both planes: create or replace (If-Match on replace),
 * flip the kill switch or move a rollout, delete (history stays), revert to any earlier
 * version (a new version equal to the old one). Each change is checked as a whole
 * definition before it is written, so cross-field mistakes come back per field. The
 * caller adds what goes in the same transaction: the installation its outbox event.
 */
import { InvalidInput, NotFound, PreconditionRequired } from '../platform/errors.js';
import { staleVersion } from '../platform/preconditions.js';
import { type FlagDefinition, flagDefinitionSchema } from './model.js';
import type { FlagPatch } from './schemas.js';
import { isoDate } from './state.js';
import type { FlagChange, FlagStore, StoredFlag, TransactItem } from './store.js';

export interface FlagWriter {
  store: FlagStore;
  now: Date;
  /** Who changes it, for the history (a user id; the vendor's staff id in the control plane). */
  by: string;
  /** Items written in the same transaction as the change, e.g. its domain event. */
  alsoWrite?: (change: FlagChange) => TransactItem[];
}

/** A definition as a client sends it: the server owns the key's version and the creation date. */
export type FlagInput = Omit<FlagDefinition, 'key' | 'version' | 'createdAt' | 'killed'> & { killed?: boolean };

/** Creates the flag, or replaces it when `expected` is the version stored. */
export async function putFlag(w: FlagWriter, key: string, input: FlagInput, expected: number | undefined): Promise<FlagChange> {
  const current = await w.store.get(key);
  if (current) {
    assertVersion(current, expected);
    const after = checked({ ...input, key, createdAt: current.definition.createdAt, version: current.definition.version + 1 });
    return write(w, { change: 'updated', before: current.definition, after });
  }
  // The flag may have existed: numbering goes on after its last version, so history stays one line.
  if (expected !== undefined) throw staleVersion('flag', undefined);
  const after = checked({ ...input, key, createdAt: isoDate(w.now), version: (await lastVersion(w.store, key)) + 1 });
  return write(w, { change: 'created', after });
}

/** The kill switch and a rollout's percentage, without resending the rules. */
export async function patchFlag(w: FlagWriter, key: string, patch: FlagPatch, expected: number | undefined): Promise<FlagChange> {
  const current = await existing(w.store, key);
  assertVersion(current, expected);
  const before = current.definition;
  let rules = before.rules;
  if (patch.rollout) {
    const { ruleId, percentage } = patch.rollout;
    const rule = rules.find((r) => r.id === ruleId);
    if (!rule) throw invalidField('/rollout/ruleId', `The flag has no rule "${ruleId}".`);
    if (!('rollout' in rule.serve)) throw invalidField('/rollout/ruleId', `Rule "${ruleId}" serves a variant, not a percentage rollout.`);
    const rollout = { ...rule.serve.rollout, percentage };
    rules = rules.map((r) => (r.id === ruleId ? { ...r, serve: { rollout } } : r));
  }
  const after = checked({ ...before, rules, killed: patch.killed ?? before.killed, version: before.version + 1 });
  return write(w, { change: 'updated', before, after });
}

export async function deleteFlag(w: FlagWriter, key: string, expected: number | undefined): Promise<FlagChange> {
  const current = await existing(w.store, key);
  assertVersion(current, expected);
  return write(w, { change: 'deleted', before: current.definition });
}

/**
 * Restores version `version` as a new version. A deleted flag can be restored too (no
 * If-Match then: there is nothing to overwrite); an existing one needs its current version.
 */
export async function revertFlag(w: FlagWriter, key: string, version: number, expected: number | undefined): Promise<FlagChange> {
  const target = await w.store.historyEntry(key, version);
  if (!target) throw new NotFound(`The flag ${key} has no version ${version}.`);
  if (target.change === 'deleted')
    throw invalidField('/version', `Version ${version} records the deletion; revert to version ${version - 1}, the one it deleted.`);
  const current = await w.store.get(key);
  if (current) assertVersion(current, expected);
  const next = current ? current.definition.version + 1 : (await lastVersion(w.store, key)) + 1;
  const after = checked({ ...target.definition, version: next });
  return write(w, { change: 'reverted', ...(current ? { before: current.definition } : {}), after, revertedFrom: version });
}

async function write(w: FlagWriter, change: Omit<FlagChange, 'at' | 'by'>): Promise<FlagChange> {
  const full: FlagChange = { ...change, at: w.now.toISOString(), by: w.by };
  await w.store.write(full, w.alsoWrite?.(full) ?? []);
  return full;
}

async function existing(store: FlagStore, key: string): Promise<StoredFlag> {
  const current = await store.get(key);
  if (!current) throw new NotFound(`No flag ${key}.`);
  return current;
}

async function lastVersion(store: FlagStore, key: string): Promise<number> {
  return (await store.history(key, 1))[0]?.version ?? 0;
}

function assertVersion(current: StoredFlag, expected: number | undefined) {
  if (expected === undefined)
    throw new PreconditionRequired(
      `The flag ${current.definition.key} exists: send If-Match with the version you read (e.g. If-Match: "${current.definition.version}").`,
    );
  if (expected !== current.definition.version) throw staleVersion('flag', current.definition.version);
}

/** The whole definition, checked: a mistake comes back as a 400 naming the field, like a body that fails its schema. */
function checked(candidate: Record<string, unknown>): FlagDefinition {
  const parsed = flagDefinitionSchema.safeParse(candidate);
  if (parsed.success) return parsed.data;
  throw new InvalidInput('The flag is not valid.', {
    errors: parsed.error.issues.slice(0, 20).map((issue) => ({ location: 'body', pointer: `/${issue.path.map(String).join('/')}`, message: issue.message })),
  });
}

function invalidField(pointer: string, message: string) {
  return new InvalidInput(message, { errors: [{ location: 'body', pointer, message }] });
}
