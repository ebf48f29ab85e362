import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { findReferences, flagsFromFile, renderReport, staleFlags } from '../../../scripts/flags-stale.js';
import { aFlag } from './builders.js';

const scratch = mkdtempSync(join(tmpdir(), 'flags-stale-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const flags = [
  aFlag({ key: 'release_old_editor', createdAt: '2026-01-01', expiresAt: '2026-06-30' }),
  aFlag({ key: 'release_new_editor', expiresAt: '2027-02-01' }),
  aFlag({ key: 'exp_last_day', createdAt: '2026-11-01', expiresAt: '2026-11-24' }),
  aFlag({ key: 'ops_gone', createdAt: '2026-01-01', expiresAt: '2026-03-01' }),
];

describe('the stale flag report', () => {
  it('lists flags past their expiry date, oldest first, and not those expiring today', () => {
    expect(staleFlags(flags, '2026-11-24').map((f) => f.key)).toEqual(['ops_gone', 'release_old_editor']);
    expect(staleFlags(flags, '2026-11-25').map((f) => f.key)).toEqual(['ops_gone', 'release_old_editor', 'exp_last_day']);
  });

  it('finds each key where the code still reads it, as a whole word, file:line', () => {
    mkdirSync(join(scratch, 'functions', 'documents'), { recursive: true });
    mkdirSync(join(scratch, 'frontend', 'src', 'node_modules'), { recursive: true });
    writeFileSync(
      join(scratch, 'functions', 'documents', 'routes.ts'),
      "import x from 'y';\nif (await flags.getBooleanValue('release_old_editor', false)) {\n}\n",
    );
    writeFileSync(join(scratch, 'frontend', 'src', 'editor.tsx'), 'const a = flags.release_old_editor;\nconst b = flags.release_old_editor_v2;\n');
    writeFileSync(join(scratch, 'frontend', 'src', 'node_modules', 'dep.js'), 'release_old_editor');
    writeFileSync(join(scratch, 'functions', 'notes.md'), 'release_old_editor');
    const found = findReferences(['release_old_editor', 'ops_gone'], scratch);
    expect(found.get('release_old_editor')?.map((r) => `${r.file}:${r.line}`)).toEqual(['functions/documents/routes.ts:2', 'frontend/src/editor.tsx:1']);
    expect(found.get('ops_gone')).toEqual([]);
    const report = renderReport(
      [
        { key: 'ops_gone', owner: 'ops', expiresAt: '2026-03-01', references: [] },
        { key: 'release_old_editor', owner: 'editor-team', expiresAt: '2026-06-30', references: found.get('release_old_editor') ?? [] },
      ],
      4,
      '2026-11-24',
      'flags.json',
    );
    expect(report).toContain('2 of 4 flags from flags.json are past their expiry date');
    expect(report).toContain('ops_gone  expired 2026-03-01, owner ops\n  no references left in the code: delete it from the store');
    expect(report).toContain("  functions/documents/routes.ts:2  if (await flags.getBooleanValue('release_old_editor', false)) {");
  });

  it('reads a file of definitions, of stored items or of GET /api/flags, and refuses anything else', () => {
    const plain = join(scratch, 'plain.json');
    writeFileSync(plain, JSON.stringify(flags));
    expect(flagsFromFile(plain)).toHaveLength(4);
    const stored = join(scratch, 'stored.json');
    writeFileSync(stored, JSON.stringify({ flags: flags.map((definition) => ({ definition, updatedAt: 'x' })) }));
    expect(flagsFromFile(stored).map((f) => f.key)).toContain('ops_gone');
    const api = join(scratch, 'api.json');
    writeFileSync(api, JSON.stringify({ items: flags.map((definition) => ({ source: 'installation', definition, state: {} })), today: '2026-11-24' }));
    expect(flagsFromFile(api)).toHaveLength(4);
    const bad = join(scratch, 'bad.json');
    writeFileSync(bad, JSON.stringify([{ key: 'no_prefix' }]));
    expect(() => flagsFromFile(bad)).toThrow(/not a list of flag definitions/);
  });

  it('runs as npm run flags:stale -- --file, and fails --check only when a flag is stale', () => {
    const file = join(scratch, 'cli.json');
    writeFileSync(file, JSON.stringify(flags));
    const run = (...args: string[]) =>
      spawnSync(process.execPath, ['--import', 'tsx', 'scripts/flags-stale.ts', '--file', file, ...args], { encoding: 'utf8' });
    const stale = run('--check', '--today', '2026-11-24');
    expect(stale.status, stale.stderr).toBe(1);
    expect(stale.stdout).toContain('release_old_editor  expired 2026-06-30');
    const fresh = run('--check', '--today', '2026-01-02');
    expect(fresh.status, fresh.stderr).toBe(0);
    expect(fresh.stdout).toContain('No stale flags: all 4 flags');
    const json = JSON.parse(run('--json', '--today', '2026-11-24').stdout);
    expect(json.stale.map((f: { key: string }) => f.key)).toEqual(['ops_gone', 'release_old_editor']);
  }, 60_000); // three node processes on a busy machine
});
