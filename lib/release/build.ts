/**
 * Builds a release folder from one synth: `bucket/` holds exactly the objects to copy to
 * every regional release bucket (the version's code zips and template, the channel's
 * manifest), and `summary.json` the figures and launch links (not uploaded). The template
 * records the sha256 of every object it references (`Metadata.Ownstack::Release`), and the
 * manifest the sha256 of the template, so one checksum vouches for the whole release.
 */
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { type ReleaseManifest, manifestSchema, type UpdateChannel } from '../../functions/upgrades/manifest.js';
import { productVersion, repositoryRoot } from '../repository.js';
import { zipFolder } from './deterministic-zip.js';
import { quickCreateUrl } from './quick-create.js';
import { previousReleaseIn, releaseNotesFor } from './release-notes.js';
import { synthRelease } from './release-app.js';
import { manifestKey, objectUrl, releaseSettings, templateKey, versionPrefix } from './settings.js';
import { templateFigures } from './template-checks.js';

export const RELEASE_METADATA_KEY = 'Ownstack::Release';
/** The folder inside a release folder whose content is copied, as is, to each release bucket. */
export const BUCKET_FOLDER = 'bucket';

export interface ReleaseOptions {
  readonly version: string;
  readonly channel: UpdateChannel;
  readonly outDir: string;
  /** A markdown file with the notes. @default the version's section of CHANGELOG.md */
  readonly notesFile?: string;
  /** @default the version's major.0.0 (from 1.0.0 on) or 0.minor.0 (before) */
  readonly minimumUpgradableVersion?: string;
  /** Folder of the built SPA. @default frontend/dist */
  readonly siteAssetPath?: string;
  /** @default now */
  readonly releasedAt?: Date;
}

export interface ReleasedObject {
  readonly key: string;
  readonly sha256: string;
  readonly bytes: number;
}

export interface ReleaseSummary {
  readonly version: string;
  readonly channel: UpdateChannel;
  readonly templateKey: string;
  readonly templateSha256: string;
  readonly templateBytes: number;
  readonly resourceCount: number;
  readonly parameterCount: number;
  readonly requiredParameters: string[];
  readonly assets: ReleasedObject[];
  /** One per region: each names its own region's template URL. */
  readonly manifestKeys: string[];
  readonly launchUrls: Record<string, string>;
}

interface FileAssetEntry {
  source: { path: string; packaging?: 'file' | 'zip' };
  destinations: Record<string, { bucketName: string; objectKey: string }>;
}

export function buildRelease(options: ReleaseOptions): ReleaseSummary {
  const { version, channel } = options;
  // Functions report productVersion as the deployed version (OWNSTACK_VERSION): a release
  // named otherwise would tell installations they run something they do not.
  if (version !== productVersion)
    throw new Error(`--version ${version} differs from package.json's version ${productVersion}: run \`npm version ${version}\` first.`);
  const changelogFile = join(repositoryRoot, 'CHANGELOG.md');
  const releaseNotes = releaseNotesFor(version, { notesFile: options.notesFile, changelogFile });
  const assemblyDir = mkdtempSync(join(tmpdir(), 'ownstack-release-'));
  try {
    const artifact = synthRelease({ version, assemblyDir, siteAssetPath: options.siteAssetPath });
    assertNoGuardViolation(assemblyDir);

    const bucketDir = join(options.outDir, BUCKET_FOLDER);
    rmSync(bucketDir, { recursive: true, force: true });
    const manifestFile = join(assemblyDir, `${artifact.id}.assets.json`);
    const files = (JSON.parse(readFileSync(manifestFile, 'utf8')) as { files?: Record<string, FileAssetEntry> }).files ?? {};
    const assets = Object.values(files)
      // The template is an asset of its own synth; the release writes it under its fixed name below.
      .filter((asset) => asset.source.path !== basename(artifact.templateFile))
      .map((asset) => placeAsset(asset, assemblyDir, bucketDir, version));

    const template = JSON.parse(readFileSync(artifact.templateFullPath, 'utf8'));
    template.Metadata = { ...template.Metadata, [RELEASE_METADATA_KEY]: { version, assets: Object.fromEntries(assets.map((a) => [a.key, a.sha256])) } };
    const templateBody = `${JSON.stringify(template, null, 1)}\n`;
    writeObject(bucketDir, templateKey(version), templateBody);
    const templateSha256 = sha256(templateBody);

    const templateUrls = Object.fromEntries(releaseSettings.regions.map((region) => [region, objectUrl(region, templateKey(version))]));
    const publishedAt = (options.releasedAt ?? new Date()).toISOString();
    for (const [region, templateUrl] of Object.entries(templateUrls)) {
      // Parsed with the installation's own schema (functions/upgrades/manifest.ts): what it cannot read is never published.
      const manifest: ReleaseManifest = manifestSchema.parse({
        channel,
        version,
        templateUrl,
        releaseNotes,
        minimumUpgradableVersion: options.minimumUpgradableVersion ?? defaultMinimumUpgradableVersion(version, previousReleaseIn(changelogFile, version)),
        checksum: `sha256:${templateSha256}`,
        publishedAt,
      } satisfies ReleaseManifest);
      writeObject(bucketDir, manifestKey(channel, region), `${JSON.stringify(manifest, null, 2)}\n`);
    }

    const figures = templateFigures(template);
    const summary: ReleaseSummary = {
      version,
      channel,
      templateKey: templateKey(version),
      templateSha256,
      templateBytes: Buffer.byteLength(templateBody),
      resourceCount: figures.resourceCount,
      parameterCount: figures.parameterCount,
      requiredParameters: figures.requiredParameters,
      assets,
      manifestKeys: releaseSettings.regions.map((region) => manifestKey(channel, region)),
      launchUrls: Object.fromEntries(
        Object.entries(templateUrls).map(([region, templateUrl]) => [
          region,
          quickCreateUrl({ region, templateUrl, stackName: releaseSettings.defaultStackName, parameters: releaseSettings.launchParameters }),
        ]),
      ),
    };
    writeFileSync(join(options.outDir, 'summary.json'), `${JSON.stringify(summary, null, 2)}\n`);
    return summary;
  } finally {
    rmSync(assemblyDir, { recursive: true, force: true });
  }
}

/** Copies (a file) or deterministically zips (a folder) one asset to its key under the bucket folder. */
function placeAsset(asset: FileAssetEntry, assemblyDir: string, bucketDir: string, version: string): ReleasedObject {
  const destinations = Object.values(asset.destinations);
  const [destination] = destinations;
  if (destinations.length !== 1 || !destination)
    throw new Error(`Asset ${asset.source.path} has ${destinations.length} destinations; a release asset has one.`);
  if (destination.bucketName !== releaseSettings.bucketNamePattern || !destination.objectKey.startsWith(versionPrefix(version))) {
    throw new Error(`Asset ${asset.source.path} goes to s3://${destination.bucketName}/${destination.objectKey}, outside this release's bucket and prefix.`);
  }
  const source = join(assemblyDir, asset.source.path);
  const target = join(bucketDir, destination.objectKey);
  mkdirSync(dirname(target), { recursive: true });
  if (asset.source.packaging === 'zip' && statSync(source).isDirectory()) writeFileSync(target, zipFolder(source));
  else copyFileSync(source, target);
  const body = readFileSync(target);
  return { key: destination.objectKey, sha256: sha256(body), bytes: body.length };
}

function writeObject(bucketDir: string, key: string, body: string): void {
  const target = join(bucketDir, key);
  mkdirSync(dirname(target), { recursive: true });
  writeFileSync(target, body);
}

/** cfn-guard findings are reported, not thrown, by the synth: a release with one is refused. */
function assertNoGuardViolation(assemblyDir: string): void {
  const reportFile = join(assemblyDir, 'validation-report.json');
  if (!existsSync(reportFile)) throw new Error('The synth wrote no validation report: cfn-guard did not run.');
  const report = JSON.parse(readFileSync(reportFile, 'utf8')) as {
    pluginReports: { pluginName: string; violations: { ruleName: string; violatingConstructs: { constructPath: string }[] }[] }[];
  };
  const violations = report.pluginReports.flatMap((p) =>
    p.violations.map((v) => `${p.pluginName} ${v.ruleName}: ${v.violatingConstructs.map((c) => c.constructPath).join(', ')}`),
  );
  if (violations.length > 0) throw new Error(`cfn-guard found ${violations.length} unacknowledged violation(s):\n${violations.join('\n')}`);
}

/**
 * The oldest version that may upgrade straight to this one: by default the release before
 * it in CHANGELOG.md, so installations move one release at a time and every migration's
 * contract step runs between its expand and the next release (docs/migrations.md). With no
 * earlier release listed, the start of this version's series.
 */
export function defaultMinimumUpgradableVersion(version: string, previousRelease?: string): string {
  if (previousRelease) return previousRelease;
  const [major = '0', minor = '0'] = version.split('.');
  return major === '0' ? `0.${minor}.0` : `${major}.0.0`;
}

export function sha256(body: string | Uint8Array): string {
  return createHash('sha256').update(body).digest('hex');
}
