/**
 * The release build end to end, offline: one real release (bundled functions, a small SPA,
 * cdk-nag and cfn-guard) into a temporary folder, then the template, the folder and the
 * manifest are checked as a customer's CloudFormation and an installation would read
 * them, and `verifyRelease` is shown to catch a missing or altered object.
 */
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { manifestSchema } from '../../functions/upgrades/manifest.js';
import { BUCKET_FOLDER, buildRelease, defaultMinimumUpgradableVersion, RELEASE_METADATA_KEY, type ReleaseSummary, sha256 } from '../../lib/release/build.js';
import { DISABLED_GUARD_RULES } from '../../lib/release/guard.js';
import { previousReleaseIn, releaseNotesFor } from '../../lib/release/release-notes.js';
import { manifestKey, releaseSettings, templateKey, versionPrefix } from '../../lib/release/settings.js';
import { MAX_RESOURCES, MAX_TEMPLATE_BYTES, templateProblems } from '../../lib/release/template-checks.js';
import { verifyRelease } from '../../lib/release/verify.js';
import { repositoryRoot } from '../../lib/repository.js';
import type { CfnJson } from './support/synth-app-stack.js';

const CHANGELOG = fileURLToPath(new URL('../../CHANGELOG.md', import.meta.url));
/** The release must name the product's own version (package.json); the build refuses any other. */
const VERSION = (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;
const scratch = mkdtempSync(join(tmpdir(), 'ownstack-release-test-'));
const outDir = join(scratch, 'release');
let summary: ReleaseSummary;
let template: CfnJson;
let templateBody: Buffer;

beforeAll(() => {
  const site = join(scratch, 'site');
  mkdirSync(join(site, 'assets'), { recursive: true });
  writeFileSync(join(site, 'index.html'), '<!doctype html><title>Ownstack</title><div id="root"></div>');
  writeFileSync(join(site, 'assets', 'index-abc123.js'), 'export {};');
  summary = buildRelease({ version: VERSION, channel: 'beta', outDir, siteAssetPath: site, releasedAt: new Date('2026-11-24T00:00:00Z') });
  templateBody = readFileSync(join(outDir, BUCKET_FOLDER, templateKey(VERSION)));
  template = JSON.parse(templateBody.toString('utf8'));
});
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('the release template', () => {
  it('needs no cdk bootstrap: no bootstrap version parameter or rule, no bootstrap bucket or role', () => {
    expect(template.Parameters.BootstrapVersion).toBeUndefined();
    expect(template.Rules?.CheckBootstrapVersion).toBeUndefined();
    expect(templateBody.toString('utf8')).not.toMatch(/cdk-hnb659fds|BootstrapVersion|cdk-bootstrap/);
  });

  it("references every function's code in the region's release bucket under the version's prefix", () => {
    const functions = Object.values<CfnJson>(template.Resources).filter((r) => r.Type === 'AWS::Lambda::Function' && r.Properties.Code.S3Key);
    expect(functions.length).toBeGreaterThanOrEqual(4);
    for (const fn of functions) {
      expect(fn.Properties.Code.S3Bucket).toEqual({ 'Fn::Sub': releaseSettings.bucketNamePattern });
      expect(fn.Properties.Code.S3Key.startsWith(versionPrefix(VERSION))).toBe(true);
    }
  });

  it('ships the SPA from the release bucket too (the site deployments read their zips there)', () => {
    const deployments = Object.values<CfnJson>(template.Resources).filter((r) => r.Type === 'Custom::CDKBucketDeployment');
    expect(deployments.length).toBeGreaterThan(0);
    for (const deployment of deployments) {
      expect(
        deployment.Properties.SourceBucketNames.every((b: CfnJson) => JSON.stringify(b) === JSON.stringify({ 'Fn::Sub': releaseSettings.bucketNamePattern })),
      ).toBe(true);
      expect(deployment.Properties.SourceObjectKeys.every((k: string) => k.startsWith(versionPrefix(VERSION)))).toBe(true);
    }
  });

  it('passes every hygiene check: parameters explained, no credential, limits, the app URL among the outputs', () => {
    expect(templateProblems(template, templateBody.length)).toEqual([]);
    expect(templateBody.length).toBeLessThan(MAX_TEMPLATE_BYTES);
    expect(Object.keys(template.Resources).length).toBeLessThan(MAX_RESOURCES);
    expect(template.Outputs.AppUrl).toBeDefined();
  });

  it('asks the customer for the owner email only; everything else has a default', () => {
    expect(summary.requiredParameters).toEqual(['InitialOwnerEmail']);
  });

  it('has every parameter documented in docs/operator-guide.md', () => {
    const guide = readFileSync(join(repositoryRoot, 'docs/operator-guide.md'), 'utf8');
    expect(Object.keys(template.Parameters).filter((name) => !guide.includes(`| \`${name}\` (`))).toEqual([]);
  });

  it('records the sha256 of every object it references', () => {
    const recorded = template.Metadata[RELEASE_METADATA_KEY];
    expect(recorded.version).toBe(VERSION);
    expect(Object.keys(recorded.assets).sort()).toEqual(summary.assets.map((a) => a.key).sort());
  });
});

describe('the channel manifests', () => {
  const manifestIn = (region: string) => manifestSchema.parse(JSON.parse(readFileSync(join(outDir, BUCKET_FOLDER, manifestKey('beta', region)), 'utf8')));

  it("name the version, the region's template with its checksum, the notes from CHANGELOG.md and the oldest version that upgrades directly", () => {
    expect(manifestIn('eu-west-1')).toMatchObject({
      channel: 'beta',
      version: VERSION,
      templateUrl: `https://ownstack-releases-eu-west-1.s3.eu-west-1.amazonaws.com/${templateKey(VERSION)}`,
      checksum: `sha256:${sha256(templateBody)}`,
      // The release before this one in CHANGELOG.md, or the start of this series when there is none.
      minimumUpgradableVersion: defaultMinimumUpgradableVersion(VERSION, previousReleaseIn(CHANGELOG, VERSION)),
      publishedAt: '2026-11-24T00:00:00.000Z',
      releaseNotes: releaseNotesFor(VERSION, { changelogFile: CHANGELOG }),
    });
    expect(manifestIn('eu-west-1').releaseNotes.length).toBeGreaterThan(20);
  });

  it('exist for every region, each naming its own region, at the key the installation reads', () => {
    expect(summary.manifestKeys).toEqual(releaseSettings.regions.map((region) => `ownstack/channels/${region}/beta.json`));
    for (const region of releaseSettings.regions) expect(manifestIn(region).templateUrl).toContain(`.s3.${region}.amazonaws.com/`);
  });
});

describe('the launch links', () => {
  it('open quick-create in each region with the template, a stack name and the prefilled parameters', () => {
    const url = new URL(summary.launchUrls['us-east-1'] ?? '');
    expect(url.origin + url.pathname).toBe('https://console.aws.amazon.com/cloudformation/home');
    expect(url.searchParams.get('region')).toBe('us-east-1');
    const [route, query] = url.hash.split('?');
    expect(route).toBe('#/stacks/quickcreate');
    const params = new URLSearchParams(query);
    expect(params.get('templateURL')).toBe(`https://ownstack-releases-us-east-1.s3.us-east-1.amazonaws.com/${templateKey(VERSION)}`);
    expect(params.get('stackName')).toBe('Ownstack');
    expect(params.get('param_MfaPolicy')).toBe('OPTIONAL');
    expect(Object.keys(summary.launchUrls)).toEqual([...releaseSettings.regions]);
  });
});

describe('offline verification', () => {
  /** A copy of the release folder to damage. */
  function copyOfRelease(): string {
    const copy = mkdtempSync(join(scratch, 'copy-'));
    cpSync(outDir, copy, { recursive: true });
    return copy;
  }
  const someAsset = () => summary.assets.find((a) => a.key.endsWith('.zip'))?.key ?? '';

  it('accepts the folder as built, having checked every referenced object', () => {
    const result = verifyRelease(outDir);
    expect(result.problems).toEqual([]);
    expect(result.objectsChecked).toBe(summary.assets.length);
  });

  it('names a missing object', () => {
    const copy = copyOfRelease();
    unlinkSync(join(copy, BUCKET_FOLDER, someAsset()));
    expect(verifyRelease(copy).problems).toEqual([`${someAsset()} is referenced by the template but missing from the folder.`]);
  });

  it('names an altered object', () => {
    const copy = copyOfRelease();
    writeFileSync(join(copy, BUCKET_FOLDER, someAsset()), 'not the zip that was built');
    expect(verifyRelease(copy).problems).toEqual([expect.stringMatching(new RegExp(`^${someAsset()} has sha256 [0-9a-f]{64}; the template expects`))]);
  });

  it('names an altered template, whose checksum no longer matches the manifest', () => {
    const copy = copyOfRelease();
    const file = join(copy, BUCKET_FOLDER, templateKey(VERSION));
    writeFileSync(file, readFileSync(file, 'utf8').replace('"AppUrl"', '"AppUrI"'));
    const { problems } = verifyRelease(copy);
    expect(problems).toContainEqual(expect.stringMatching(/ownstack\.template\.json has sha256:[0-9a-f]{64}; .* says sha256:/));
    expect(problems).toContainEqual(expect.stringContaining('The outputs have no AppUrl'));
  });

  it('names a stray object the template does not use', () => {
    const copy = copyOfRelease();
    writeFileSync(join(copy, BUCKET_FOLDER, versionPrefix(VERSION), 'stray.zip'), 'x');
    expect(verifyRelease(copy).problems).toEqual([`${versionPrefix(VERSION)}stray.zip is in the folder but the template does not use it.`]);
  });
});

describe('cfn-guard', () => {
  it('ran in the build and passed: the build throws on any unacknowledged finding (so reaching here means none)', () => {
    expect(summary.templateSha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it.each(Object.entries(DISABLED_GUARD_RULES))('disables %s only with a reason of several words', (_rule, reason) => {
    expect(reason.split(' ').length).toBeGreaterThan(8);
  });
});
