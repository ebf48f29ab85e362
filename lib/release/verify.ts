/**
 * Checks a release folder offline, before anything is uploaded: each channel manifest is
 * well formed and names a template present with the sha256 it states; the template passes
 * lib/release/template-checks.ts; every object the template references is in the folder
 * with the sha256 the template records; and the folder holds nothing else under the
 * version's prefix. Returns every problem found, not just the first.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { manifestSchema, UPDATE_CHANNELS } from '../../functions/upgrades/manifest.js';
import { BUCKET_FOLDER, RELEASE_METADATA_KEY, sha256 } from './build.js';
import { manifestKey, objectUrl, releaseSettings, templateKey, versionPrefix } from './settings.js';
import { templateFigures, templateProblems } from './template-checks.js';

export interface VerifyResult {
  readonly problems: string[];
  /** Versions whose template was checked. */
  readonly versions: string[];
  readonly objectsChecked: number;
}

export function verifyRelease(releaseDir: string): VerifyResult {
  const bucketDir = join(releaseDir, BUCKET_FOLDER);
  if (!existsSync(bucketDir)) return { problems: [`${bucketDir} does not exist: not a release folder.`], versions: [], objectsChecked: 0 };
  const problems: string[] = [];
  const versions = new Set<string>();

  let manifestCount = 0;
  for (const channel of UPDATE_CHANNELS) {
    const present = releaseSettings.regions.filter((region) => existsSync(join(bucketDir, manifestKey(channel, region))));
    // A channel is published in every region or in none: an installation reads its own region's.
    if (present.length > 0 && present.length < releaseSettings.regions.length) {
      const missing = releaseSettings.regions.filter((region) => !present.includes(region));
      problems.push(`The ${channel} manifest is missing for ${missing.join(', ')}.`);
    }
    for (const region of present) {
      manifestCount += 1;
      const key = manifestKey(channel, region);
      const parsed = manifestSchema.safeParse(parseJson(join(bucketDir, key), problems));
      if (!parsed.success) {
        problems.push(`${key} is not a valid manifest: ${parsed.error.issues.map((i) => `${i.path.join('.')} ${i.message}`).join('; ')}`);
        continue;
      }
      const manifest = parsed.data;
      if (manifest.channel !== channel) problems.push(`${key} says channel ${manifest.channel}.`);
      const expectedUrl = objectUrl(region, templateKey(manifest.version));
      if (manifest.templateUrl !== expectedUrl) problems.push(`${key} names template ${manifest.templateUrl}, not ${expectedUrl}.`);
      const templateFile = join(bucketDir, templateKey(manifest.version));
      if (!existsSync(templateFile)) {
        problems.push(`${key} names ${templateKey(manifest.version)}, which is not in the folder.`);
        continue;
      }
      const actual = `sha256:${sha256(readFileSync(templateFile))}`;
      if (actual !== manifest.checksum) problems.push(`${templateKey(manifest.version)} has ${actual}; ${key} says ${manifest.checksum}.`);
      versions.add(manifest.version);
    }
  }
  if (manifestCount === 0)
    problems.push(`No channel manifest under ${bucketDir} (expected ${manifestKey('stable', releaseSettings.regions[0] ?? 'us-east-1')} or another channel).`);

  let objectsChecked = 0;
  for (const version of versions) {
    const templateFile = join(bucketDir, templateKey(version));
    const body = readFileSync(templateFile);
    const template = parseJson(templateFile, problems);
    if (!template) continue;
    problems.push(...templateProblems(template, body.length).map((p) => `${templateKey(version)}: ${p}`));
    const recorded: Record<string, string> = template.Metadata?.[RELEASE_METADATA_KEY]?.assets ?? {};
    if (template.Metadata?.[RELEASE_METADATA_KEY]?.version !== version)
      problems.push(`${templateKey(version)} does not record version ${version} in Metadata.${RELEASE_METADATA_KEY}.`);

    const referenced = new Set(stringsIn(template.Resources).filter((s) => s.startsWith(versionPrefix(version))));
    for (const key of [...referenced].sort()) {
      const file = join(bucketDir, key);
      const expected = recorded[key];
      if (!expected) problems.push(`${key} is referenced by the template but has no sha256 in Metadata.${RELEASE_METADATA_KEY}.`);
      if (!existsSync(file)) {
        problems.push(`${key} is referenced by the template but missing from the folder.`);
        continue;
      }
      objectsChecked += 1;
      const actual = sha256(readFileSync(file));
      if (expected && actual !== expected) problems.push(`${key} has sha256 ${actual}; the template expects ${expected}.`);
    }
    const present = filesUnder(join(bucketDir, versionPrefix(version))).map((f) => relative(bucketDir, f).split(sep).join('/'));
    for (const key of present) {
      if (key !== templateKey(version) && !referenced.has(key)) problems.push(`${key} is in the folder but the template does not use it.`);
    }
    if (templateFigures(template).resourceCount === 0) problems.push(`${templateKey(version)} has no resources.`);
  }
  return { problems, versions: [...versions], objectsChecked };
}

// biome-ignore lint/suspicious/noExplicitAny: JSON read from disk, checked by the callers.
function parseJson(file: string, problems: string[]): any {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    problems.push(`${file} is not JSON: ${(error as Error).message}`);
    return undefined;
  }
}

function stringsIn(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(stringsIn);
  if (value && typeof value === 'object') return Object.values(value).flatMap(stringsIn);
  return [];
}

function filesUnder(folder: string): string[] {
  if (!existsSync(folder)) return [];
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? filesUnder(join(folder, entry.name)) : [join(folder, entry.name)],
  );
}
