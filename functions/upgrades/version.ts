/**
 * Semantic versions, as the release manifests and OWNSTACK_VERSION write them
 * (`1.4.0`, `1.5.0-beta.2`), and the one question the upgrade asks of them: may this
 * installation go from its version to the manifest's? Never down, never from below the
 * release's minimum (that release's migrations assume the minimum's data shapes).
 */

export interface SemVer {
  major: number;
  minor: number;
  patch: number;
  /** Pre-release identifiers (`beta.2` → ['beta', '2']); empty for a release. */
  prerelease: string[];
}

const SEMVER = /^v?(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-([0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*))?(?:\+[0-9A-Za-z.-]+)?$/;

export function parseVersion(text: string): SemVer | undefined {
  const match = SEMVER.exec(text.trim());
  if (!match) return undefined;
  return { major: Number(match[1]), minor: Number(match[2]), patch: Number(match[3]), prerelease: match[4] ? match[4].split('.') : [] };
}

export const isVersion = (text: string) => parseVersion(text) !== undefined;

/** Precedence as semver.org §11 defines it (build metadata ignored): negative, zero or positive. */
export function compareVersions(a: string, b: string): number {
  const x = parseVersion(a);
  const y = parseVersion(b);
  if (!x || !y) throw new Error(`Not a semantic version: "${x ? b : a}".`);
  for (const key of ['major', 'minor', 'patch'] as const) if (x[key] !== y[key]) return x[key] - y[key];
  // A release ranks above its own pre-releases.
  if (x.prerelease.length === 0 || y.prerelease.length === 0) return y.prerelease.length - x.prerelease.length;
  for (let i = 0; i < Math.min(x.prerelease.length, y.prerelease.length); i++) {
    const order = compareIdentifiers(x.prerelease[i] ?? '', y.prerelease[i] ?? '');
    if (order !== 0) return order;
  }
  return x.prerelease.length - y.prerelease.length;
}

function compareIdentifiers(a: string, b: string): number {
  const numeric = /^\d+$/;
  if (numeric.test(a) && numeric.test(b)) return Number(a) - Number(b);
  // Numeric identifiers rank below alphanumeric ones.
  if (numeric.test(a)) return -1;
  if (numeric.test(b)) return 1;
  return a < b ? -1 : a > b ? 1 : 0;
}

export type UpgradePath =
  | { kind: 'up-to-date' }
  | { kind: 'available'; from: string; to: string }
  /** The manifest is older than what runs: an upgrade never goes back. */
  | { kind: 'downgrade-refused'; from: string; to: string }
  /** The installation must first take an intermediate release (the manifest names the minimum). */
  | { kind: 'below-minimum'; from: string; to: string; minimum: string }
  | { kind: 'unknown-version'; version: string };

export function upgradePath(deployed: string, latest: { version: string; minimumUpgradableVersion: string }): UpgradePath {
  for (const v of [deployed, latest.version, latest.minimumUpgradableVersion]) if (!isVersion(v)) return { kind: 'unknown-version', version: v };
  const order = compareVersions(latest.version, deployed);
  if (order === 0) return { kind: 'up-to-date' };
  if (order < 0) return { kind: 'downgrade-refused', from: deployed, to: latest.version };
  if (compareVersions(deployed, latest.minimumUpgradableVersion) < 0) {
    return { kind: 'below-minimum', from: deployed, to: latest.version, minimum: latest.minimumUpgradableVersion };
  }
  return { kind: 'available', from: deployed, to: latest.version };
}
