import { describe, expect, it } from 'vitest';
import { vendorRoutes } from '../../../../functions/vendor/catalog.js';
import { adminFromClaims, VENDOR_ADMIN_GROUP } from '../../../../functions/vendor/http/admin-auth.js';
import { VENDOR_ADMINS_GROUP } from '../../../../lib/vendor/staff-identity.js';
import { adminRoutes } from '../../../../functions/vendor/http/admin-routes.js';
import { installationRoutes } from '../../../../functions/vendor/http/installation-routes.js';
import { vendorRouteKey } from '../../../../functions/vendor/http/route.js';

const keysOf = (fn: string) =>
  vendorRoutes
    .filter((r) => r.fn === fn)
    .map(vendorRouteKey)
    .sort();

describe('the control plane routes', () => {
  it('declare exactly the catalog routes of each function, so the stack and the router agree', () => {
    expect(installationRoutes.map(vendorRouteKey).sort()).toEqual(keysOf('installationApi'));
    expect(adminRoutes.map(vendorRouteKey).sort()).toEqual(keysOf('adminApi'));
  });

  it('authenticate every installation route by signature except registration, and every admin route as staff', () => {
    for (const route of installationRoutes) expect(route.auth).toBe(route.path === '/v1/installations' ? 'activation' : 'signed');
    for (const route of adminRoutes) expect(route.auth).toBe('admin');
  });
});

describe('adminFromClaims', () => {
  it('requires the group the VendorStack creates in the staff user pool', () => {
    expect(VENDOR_ADMIN_GROUP).toBe(VENDOR_ADMINS_GROUP);
  });

  it('accepts a member of vendor-admins, groups as API Gateway flattens them', () => {
    expect(adminFromClaims({ sub: 's1', email: 'ops@vendor.example', 'cognito:groups': '[readers vendor-admins]' })).toEqual({
      ok: true,
      admin: { userId: 's1', email: 'ops@vendor.example' },
    });
    expect(adminFromClaims({ sub: 's1', 'cognito:groups': ['vendor-admins'] })).toMatchObject({ ok: true });
  });

  it('refuses anyone else, including a look-alike group', () => {
    expect(adminFromClaims({ sub: 's1', 'cognito:groups': '[vendor-admins-old]' })).toEqual({ ok: false, reason: 'not-staff' });
    expect(adminFromClaims({ sub: 's1' })).toEqual({ ok: false, reason: 'not-staff' });
    expect(adminFromClaims(undefined)).toEqual({ ok: false, reason: 'no-claims' });
    expect(adminFromClaims({ 'cognito:groups': '[vendor-admins]' })).toEqual({ ok: false, reason: 'no-claims' });
  });
});
