import { describe, expect, it } from 'vitest';
import { loadConfig, loadConfigPart } from '../../../functions/platform/config.js';
import { ulid } from '../../../functions/platform/ids.js';

describe('ids', () => {
  it('are 26 URL-safe characters that sort by creation time', () => {
    const earlier = ulid(1_700_000_000_000);
    const later = ulid(1_700_000_000_001);
    expect(earlier).toMatch(/^[0-9A-HJKMNP-TV-Z]{26}$/);
    expect([later, earlier].sort()).toEqual([earlier, later]);
  });

  it('do not repeat', () => {
    const ids = new Set(Array.from({ length: 1000 }, () => ulid()));
    expect(ids.size).toBe(1000);
  });
});

describe('configuration', () => {
  it('fails loudly at start-up when a required setting is missing, naming it', () => {
    expect(() => loadConfig({})).toThrow(/TABLE_NAME/);
  });

  it('applies the documented defaults', () => {
    expect(loadConfig({ TABLE_NAME: 'tbl' })).toMatchObject({ OWNSTACK_VERSION: '0.0.0-dev', OWNSTACK_RUNTIME: 'aws' });
  });

  it('treats an empty initial owner parameter as none, and refuses a malformed one', () => {
    expect(loadConfig({ TABLE_NAME: 'tbl', INITIAL_OWNER_EMAIL: '' }).INITIAL_OWNER_EMAIL).toBeUndefined();
    expect(() => loadConfig({ TABLE_NAME: 'tbl', INITIAL_OWNER_EMAIL: 'not-an-email' })).toThrow(/INITIAL_OWNER_EMAIL/);
  });

  it('validates only the settings a function needs', () => {
    expect(loadConfigPart(['EVENT_BUS_NAME'], { EVENT_BUS_NAME: 'bus' })).toEqual({ EVENT_BUS_NAME: 'bus' });
  });
});
