/** Version compare (semver precedence, minimum, never down) and the maintenance window (UTC, past midnight). */
import { describe, expect, it } from 'vitest';
import { compareVersions, upgradePath } from '../../../functions/upgrades/version.js';
import { isWithinWindow, nextWindowStart, parseWindow } from '../../../functions/upgrades/window.js';

describe('compareVersions', () => {
  it.each([
    ['1.0.0', '1.0.1', -1],
    ['1.10.0', '1.9.9', 1],
    ['2.0.0', '2.0.0', 0],
    ['1.0.0-beta.2', '1.0.0-beta.10', -1],
    ['1.0.0-beta', '1.0.0', -1],
    ['1.0.0-alpha.1', '1.0.0-alpha.beta', -1],
    ['1.0.0+build.5', '1.0.0', 0],
  ])('%s against %s is %i', (a, b, sign) => {
    expect(Math.sign(compareVersions(a, b))).toBe(sign);
  });

  it('refuses what is not a version', () => {
    expect(() => compareVersions('1.0', '1.0.0')).toThrow(/Not a semantic version/);
  });
});

describe('upgradePath', () => {
  const offer = (version: string, minimumUpgradableVersion = '0.1.0') => ({ version, minimumUpgradableVersion });

  it('offers a newer version', () => {
    expect(upgradePath('1.2.0', offer('1.3.0'))).toEqual({ kind: 'available', from: '1.2.0', to: '1.3.0' });
  });
  it('is up to date on the same version', () => {
    expect(upgradePath('1.3.0', offer('1.3.0'))).toEqual({ kind: 'up-to-date' });
  });
  it('never goes down, even when a channel offers an older version', () => {
    expect(upgradePath('1.3.0', offer('1.2.9'))).toMatchObject({ kind: 'downgrade-refused' });
    expect(upgradePath('1.3.0', offer('1.3.0-rc.1'))).toMatchObject({ kind: 'downgrade-refused' });
  });
  it('refuses to skip past the minimum upgradable version', () => {
    expect(upgradePath('1.0.0', offer('2.0.0', '1.5.0'))).toEqual({ kind: 'below-minimum', from: '1.0.0', to: '2.0.0', minimum: '1.5.0' });
    expect(upgradePath('1.5.0', offer('2.0.0', '1.5.0'))).toMatchObject({ kind: 'available' });
  });
  it('names a version it cannot read', () => {
    expect(upgradePath('0.1.0-dev', offer('1.0.0', '0.0.0'))).toMatchObject({ kind: 'available' });
    // A pre-release ranks below its release: 0.0.0-dev is below a 0.0.0 minimum.
    expect(upgradePath('0.0.0-dev', offer('1.0.0', '0.0.0'))).toMatchObject({ kind: 'below-minimum' });
    expect(upgradePath('dev', offer('1.0.0'))).toEqual({ kind: 'unknown-version', version: 'dev' });
  });
});

describe('maintenance window', () => {
  const at = (iso: string) => new Date(iso);
  // 2026-11-22 is a Sunday.
  it('holds inside, not at or after the end', () => {
    const window = parseWindow('Sun:02:00-04:00');
    expect(isWithinWindow(window, at('2026-11-22T01:59:00Z'))).toBe(false);
    expect(isWithinWindow(window, at('2026-11-22T02:00:00Z'))).toBe(true);
    expect(isWithinWindow(window, at('2026-11-22T03:59:59Z'))).toBe(true);
    expect(isWithinWindow(window, at('2026-11-22T04:00:00Z'))).toBe(false);
    expect(isWithinWindow(window, at('2026-11-23T03:00:00Z'))).toBe(false);
  });

  it('runs past midnight into the next day, and Saturday into Sunday', () => {
    const window = parseWindow('Sat:23:00-01:00');
    expect(isWithinWindow(window, at('2026-11-28T23:30:00Z'))).toBe(true);
    expect(isWithinWindow(window, at('2026-11-29T00:30:00Z'))).toBe(true);
    expect(isWithinWindow(window, at('2026-11-29T01:00:00Z'))).toBe(false);
    expect(isWithinWindow(window, at('2026-11-28T00:30:00Z'))).toBe(false);
  });

  it('tells when it next opens', () => {
    const window = parseWindow('Sun:02:00-04:00');
    expect(nextWindowStart(window, at('2026-11-24T10:17:33Z')).toISOString()).toBe('2026-11-29T02:00:00.000Z');
    expect(nextWindowStart(window, at('2026-11-22T03:00:00Z')).toISOString()).toBe('2026-11-22T03:00:00.000Z');
  });

  it.each(['Sun 02:00-04:00', 'Sunday:02:00-04:00', 'Sun:24:00-01:00', 'Sun:02:00-02:00', ''])('refuses "%s"', (text) => {
    expect(() => parseWindow(text)).toThrow();
  });
});
