/** A valid stable-channel manifest for 1.3.0, with what a test changes. */
import type { ReleaseManifest } from '../../../functions/upgrades/manifest.js';

export const aManifest = (over: Partial<ReleaseManifest> = {}): ReleaseManifest => ({
  channel: 'stable',
  version: '1.3.0',
  templateUrl: 'https://ownstack-releases-eu-west-1.s3.eu-west-1.amazonaws.com/ownstack/1.3.0/ownstack.template.json',
  releaseNotes: '## 1.3.0\n- Faster exports',
  minimumUpgradableVersion: '1.0.0',
  checksum: `sha256:${'a'.repeat(64)}`,
  publishedAt: '2026-11-20T12:00:00Z',
  ...over,
});
