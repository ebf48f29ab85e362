/**
 * `npm run release -- --version X.Y.Z [--channel canary|beta|stable] [--out dir]
 *  [--notes file] [--min-upgrade-from X.Y.Z] [--skip-web-build]`
 * Builds the SPA, synthesizes the release template and writes the release folder
 * (docs/release.md), then verifies it and prints the figures and launch links.
 */
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { UPDATE_CHANNELS, type UpdateChannel } from '../../functions/upgrades/manifest.js';
import { BUCKET_FOLDER, buildRelease } from '../../lib/release/build.js';
import { RELEASE_VERSION_PATTERN } from '../../lib/release/settings.js';
import { verifyRelease } from '../../lib/release/verify.js';
import { repositoryRoot } from '../../lib/repository.js';

const { values } = parseArgs({
  options: {
    version: { type: 'string' },
    channel: { type: 'string', default: 'canary' },
    out: { type: 'string' },
    notes: { type: 'string' },
    'min-upgrade-from': { type: 'string' },
    'skip-web-build': { type: 'boolean', default: false },
  },
});

const fail = (message: string): never => {
  console.error(`release: ${message}`);
  process.exit(1);
};
const version = values.version ?? fail('--version X.Y.Z is required.');
if (!RELEASE_VERSION_PATTERN.test(version)) fail(`--version ${version} is not X.Y.Z.`);
const channel = values.channel as UpdateChannel;
if (!UPDATE_CHANNELS.includes(channel)) fail(`--channel must be one of ${UPDATE_CHANNELS.join(', ')}.`);
const minimum = values['min-upgrade-from'];
if (minimum !== undefined && !RELEASE_VERSION_PATTERN.test(minimum)) fail(`--min-upgrade-from ${minimum} is not X.Y.Z.`);
const outDir = resolve(values.out ?? resolve(repositoryRoot, 'dist/release', version));

const started = performance.now();
if (!values['skip-web-build']) {
  const web = spawnSync('npm', ['run', '--silent', 'build:web'], { cwd: repositoryRoot, stdio: 'inherit' });
  if (web.status !== 0) fail('npm run build:web failed.');
}
let summary: ReturnType<typeof buildRelease>;
try {
  summary = buildRelease({ version, channel, outDir, notesFile: values.notes, minimumUpgradableVersion: minimum });
} catch (error) {
  fail((error as Error).message);
  process.exit(1);
}
const { problems } = verifyRelease(outDir);
if (problems.length > 0) fail(`the release folder fails verification:\n- ${problems.join('\n- ')}`);

const seconds = ((performance.now() - started) / 1000).toFixed(1);
console.log(`Ownstack ${version} (${channel}) in ${outDir}, built in ${seconds} s`);
console.log(`  template: ${summary.templateKey}, ${summary.templateBytes} bytes, sha256 ${summary.templateSha256}`);
console.log(`  ${summary.resourceCount} resources, ${summary.parameterCount} parameters, required: ${summary.requiredParameters.join(', ') || 'none'}`);
console.log(
  `  ${summary.assets.length} assets, ${summary.assets.reduce((n, a) => n + a.bytes, 0)} bytes; ${summary.manifestKeys.length} manifests (one per region), e.g. ${summary.manifestKeys[0]}`,
);
console.log(`Upload ${BUCKET_FOLDER}/ to each regional release bucket, e.g. aws s3 sync ${outDir}/${BUCKET_FOLDER}/ s3://<bucket>/`);
console.log('Launch links:');
for (const [region, url] of Object.entries(summary.launchUrls)) console.log(`  ${region}: ${url}`);
