/**
 * The parameter registry (lib/parameter-groups.ts): a parameter anywhere in the stack
 * without a console group and label, or without a description, fails the synth; one
 * registered appears in the Interface metadata with its label. And the helpers of the
 * release build that need no synth: notes from CHANGELOG.md, deterministic zips.
 */
import { App, CfnParameter, Stack } from 'aws-cdk-lib';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { defaultMinimumUpgradableVersion, sha256 } from '../../lib/release/build.js';
import { zipFolder } from '../../lib/release/deterministic-zip.js';
import { releaseNotesFor } from '../../lib/release/release-notes.js';
import { addParameterGroup } from '../../lib/parameter-groups.js';

const scratch = mkdtempSync(join(tmpdir(), 'ownstack-release-parameters-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function stackWith(define: (stack: Stack) => void): () => CfnJsonTemplate {
  const app = new App({ outdir: mkdtempSync(join(scratch, 'out-')) });
  const stack = new Stack(app, 'Probe');
  define(stack);
  return () => app.synth().getStackByName('Probe').template as CfnJsonTemplate;
}
// biome-ignore lint/suspicious/noExplicitAny: a CloudFormation template is untyped JSON.
type CfnJsonTemplate = any;

describe('the parameter registry', () => {
  it('fails the synth for a parameter without a group and label, naming it', () => {
    const synth = stackWith((stack) => {
      const known = new CfnParameter(stack, 'Known', { type: 'String', description: 'A registered parameter.', default: '' });
      addParameterGroup(stack, 'Operations', [{ parameter: known, label: 'Known' }]);
      new CfnParameter(stack, 'Forgotten', { type: 'String', description: 'A parameter nobody registered.', default: '' });
    });
    expect(synth).toThrow(/Parameter Forgotten has no console group and label/);
  });

  it('fails the synth for a parameter without a description', () => {
    const synth = stackWith((stack) => {
      addParameterGroup(stack, 'Operations', [{ parameter: new CfnParameter(stack, 'Terse', { type: 'String', default: '' }), label: 'Terse' }]);
    });
    expect(synth).toThrow(/Parameter Terse has no description/);
  });

  it('builds the Interface metadata from every module that registered, in order, with labels', () => {
    const synth = stackWith((stack) => {
      const a = new CfnParameter(stack, 'A', { type: 'String', description: 'First.', default: 'x' });
      const b = new CfnParameter(stack, 'B', { type: 'String', description: 'Second.', default: 'y' });
      const c = new CfnParameter(stack, 'C', { type: 'String', description: 'Third.', default: 'z' });
      addParameterGroup(stack, 'Users', [{ parameter: a, label: 'Alpha' }]);
      addParameterGroup(stack, 'Upgrades', [{ parameter: b, label: 'Beta' }]);
      addParameterGroup(stack, 'Users', [{ parameter: c, label: 'Gamma' }]);
    });
    expect(synth().Metadata['AWS::CloudFormation::Interface']).toEqual({
      ParameterGroups: [
        { Label: { default: 'Users' }, Parameters: ['A', 'C'] },
        { Label: { default: 'Upgrades' }, Parameters: ['B'] },
      ],
      ParameterLabels: { A: { default: 'Alpha' }, B: { default: 'Beta' }, C: { default: 'Gamma' } },
    });
  });

  it('refuses a parameter registered twice', () => {
    expect(() =>
      stackWith((stack) => {
        const a = new CfnParameter(stack, 'A', { type: 'String', description: 'First.', default: 'x' });
        addParameterGroup(stack, 'Users', [{ parameter: a, label: 'Alpha' }]);
        addParameterGroup(stack, 'Other', [{ parameter: a, label: 'Alpha again' }]);
      }),
    ).toThrow(/already in the parameter group "Users"/);
  });
});

describe('release notes', () => {
  const changelog = join(scratch, 'CHANGELOG.md');
  writeFileSync(changelog, '# Changelog\n\n## [1.1.0]\n\nNewer.\n\n## 1.0.0 - 2026-01-01\n\nFirst stable.\n\n- a fix\n\n## [0.9.0]\n\nOld.\n');

  it("takes the version's CHANGELOG.md section, up to the next one", () => {
    expect(releaseNotesFor('1.0.0', { changelogFile: changelog })).toBe('First stable.\n\n- a fix');
    expect(releaseNotesFor('1.1.0', { changelogFile: changelog })).toBe('Newer.');
  });

  it('refuses a version without notes, and prefers a notes file', () => {
    expect(() => releaseNotesFor('2.0.0', { changelogFile: changelog })).toThrow(/no "## 2.0.0" section/);
    const notes = join(scratch, 'notes.md');
    writeFileSync(notes, 'From a file.\n');
    expect(releaseNotesFor('2.0.0', { changelogFile: changelog, notesFile: notes })).toBe('From a file.');
  });

  it('lets a release be upgraded to directly from its own minor (0.x) or major (1.x on) by default', () => {
    expect(defaultMinimumUpgradableVersion('0.4.2')).toBe('0.4.0');
    expect(defaultMinimumUpgradableVersion('2.3.1')).toBe('2.0.0');
    // With an earlier release in CHANGELOG.md, that release: one hop at a time.
    expect(defaultMinimumUpgradableVersion('0.2.0', '0.1.0')).toBe('0.1.0');
  });
});

describe('asset zips', () => {
  it('are byte-identical for the same content, whatever the files’ times, and differ when content does', () => {
    const build = (name: string, content: string) => {
      const dir = join(scratch, name);
      mkdirSync(join(dir, 'lib'), { recursive: true });
      writeFileSync(join(dir, 'index.mjs'), content);
      writeFileSync(join(dir, 'lib', 'util.mjs'), 'export const x = 1;');
      return dir;
    };
    const first = zipFolder(build('one', 'export const handler = 1;'));
    const second = zipFolder(build('two', 'export const handler = 1;'));
    const third = zipFolder(build('three', 'export const handler = 2;'));
    expect(sha256(first)).toBe(sha256(second));
    expect(sha256(third)).not.toBe(sha256(first));
  });
});
