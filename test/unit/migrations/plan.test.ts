/**
 * The pure parts of the migrations: version order (which decides when a contract may run),
 * the request the upgrade sends, and the registry's rules (ordered ids, declared steps).
 */
import { describe, expect, it } from 'vitest';
import { documentWordCount } from '../../../functions/migrations/document-word-count.js';
import { migrationRequest } from '../../../functions/migrations/invocation.js';
import { migrationKeys } from '../../../functions/migrations/migration.js';
import { compareVersions, contractDue } from '../../../functions/migrations/plan.js';
import { migrations } from '../../../functions/migrations/registry.js';

describe('compareVersions', () => {
  it('orders major, minor and patch numerically, a pre-release before its release', () => {
    expect(compareVersions('0.2.0', '0.10.0')).toBe(-1);
    expect(compareVersions('1.0.0', '0.99.99')).toBe(1);
    expect(compareVersions('0.2.1', '0.2.1')).toBe(0);
    expect(compareVersions('0.2.0-beta.1', '0.2.0')).toBe(-1);
    expect(compareVersions('0.2.0', '0.2.0-beta.1')).toBe(1);
    expect(compareVersions('0.2.0-beta.1', '0.2.0-beta.2')).toBe(-1);
  });
});

describe('contractDue', () => {
  const migration = documentWordCount;
  it('is false on the version that introduced the migration and before, true after', () => {
    expect(migration.introducedIn).toBe('0.2.0');
    expect(contractDue(migration, '0.1.0', '0.1.0')).toBe(false);
    expect(contractDue(migration, '0.2.0', '0.2.0')).toBe(false);
    expect(contractDue(migration, '0.2.0-beta.3', '0.2.0-beta.3')).toBe(false);
    expect(contractDue(migration, '0.2.1', '0.2.0')).toBe(true);
    expect(contractDue(migration, '1.0.0', '0.2.0')).toBe(true);
  });

  it('waits for the upgrade after the one that completed expand (an installation that skipped the introducing release)', () => {
    expect(contractDue(migration, '0.3.0', '0.3.0')).toBe(false);
    expect(contractDue(migration, '0.3.1', '0.3.0')).toBe(true);
    expect(contractDue(migration, '0.3.0', undefined)).toBe(false);
  });
});

describe('the registry', () => {
  it('has unique, ordered ids and steps that move the format forward', () => {
    const ids = migrations.map((m) => m.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort()).toEqual(ids);
    for (const m of migrations) {
      expect(m.id).toMatch(/^\d{4}-[a-z0-9-]+$/);
      expect(m.to).toBeGreaterThan(m.from);
      expect(m.expand.writesSchemaVersion).toBe(m.to);
      expect(m.contract.writesSchemaVersion).toBeGreaterThanOrEqual(m.to);
      expect(migrationKeys.checkpoint(m.id, 'expand')).toEqual({ pk: `MIGRATION#${m.id}`, sk: 'EXPAND' });
    }
  });
});

describe('migrationRequest', () => {
  it('defaults to running pending steps on one segment', () => {
    expect(migrationRequest.parse({})).toEqual({ action: 'run', segments: 1 });
  });
  it('refuses unknown fields and out-of-range budgets', () => {
    expect(migrationRequest.safeParse({ phase: 'contract' }).success).toBe(false);
    expect(migrationRequest.safeParse({ budgetSeconds: 0 }).success).toBe(false);
    expect(migrationRequest.safeParse({ budgetSeconds: 901 }).success).toBe(false);
    expect(migrationRequest.safeParse({ segments: 17 }).success).toBe(false);
  });
});
