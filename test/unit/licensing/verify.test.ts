import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import { LICENSE_TYPE, MAX_LICENSE_BYTES, OFFLINE_GRACE_SECONDS } from '../../../functions/licensing/claims.js';
import { licenseVerifier, type LicenseVerifier } from '../../../functions/licensing/verify.js';
import { claimsFor, type LicenseKeys, licenseKeys, TEST_INSTALLATION_ID } from '../../support/licenses.js';

const NOW = new Date('2026-11-24T10:00:00.000Z');
const at = { now: NOW, installationId: TEST_INSTALLATION_ID };
let vendor: LicenseKeys;
let verify: LicenseVerifier;

beforeAll(async () => {
  vendor = await licenseKeys();
  verify = licenseVerifier(vendor.publicKeyJson);
});

/** Replaces the payload segment, keeping the original signature. */
function withPayload(token: string, payload: Record<string, unknown>): string {
  const [header, , signature] = token.split('.');
  return [header, Buffer.from(JSON.stringify(payload)).toString('base64url'), signature].join('.');
}

describe('verifyLicense', () => {
  it('accepts a license signed with the vendor key, for this installation, and returns its claims', async () => {
    const claims = claimsFor({}, NOW);
    const result = await verify(await vendor.sign(claims), at);
    expect(result).toEqual({ ok: true, claims });
  });

  it('rejects a tampered payload (seats raised after signing) as bad-signature', async () => {
    const claims = claimsFor({}, NOW);
    const token = await vendor.sign(claims);
    expect(await verify(withPayload(token, { ...claims, seats: 100_000 }), at)).toEqual({ ok: false, reason: 'bad-signature' });
  });

  it('rejects a license signed with another key as bad-signature', async () => {
    const other = await licenseKeys();
    expect(await verify(await other.sign(claimsFor({}, NOW)), at)).toEqual({ ok: false, reason: 'bad-signature' });
  });

  it('rejects an HS256 token keyed with the public key (algorithm confusion) and alg none', async () => {
    const hs = await new SignJWT(claimsFor({}, NOW))
      .setProtectedHeader({ alg: 'HS256', typ: LICENSE_TYPE })
      .sign(new TextEncoder().encode(vendor.publicKeyJson));
    expect(await verify(hs, at)).toEqual({ ok: false, reason: 'bad-signature' });
    const none = `${Buffer.from(JSON.stringify({ alg: 'none', typ: LICENSE_TYPE })).toString('base64url')}.${Buffer.from(JSON.stringify(claimsFor({}, NOW))).toString('base64url')}.`;
    expect((await verify(none, at)).ok).toBe(false);
  });

  it('rejects a license for another installation as wrong-installation', async () => {
    const token = await vendor.sign(claimsFor({ sub: 'inst_zzzzzzzzzzzzzzzzzzzz' }, NOW));
    expect(await verify(token, at)).toEqual({ ok: false, reason: 'wrong-installation' });
    // Before the installation is connected there is no id to compare with.
    expect((await verify(token, { now: NOW })).ok).toBe(true);
  });

  it('reports an expired license apart, with its claims, so the offline grace can count it', async () => {
    const claims = claimsFor({}, new Date(NOW.getTime() - 20 * 86_400_000));
    const result = await verify(await vendor.sign(claims), at);
    expect(result).toEqual({ ok: false, reason: 'expired', claims });
    expect(claims.exp + OFFLINE_GRACE_SECONDS).toBeGreaterThan(NOW.getTime() / 1000);
  });

  it('checks that an expired license is for this installation before reporting it expired', async () => {
    const claims = claimsFor({ sub: 'inst_zzzzzzzzzzzzzzzzzzzz' }, new Date(NOW.getTime() - 20 * 86_400_000));
    expect(await verify(await vendor.sign(claims), at)).toEqual({ ok: false, reason: 'wrong-installation' });
  });

  it('rejects the wrong typ, issuer or audience, and claims outside the schema, as invalid-claims', async () => {
    expect(await verify(await vendor.sign(claimsFor({}, NOW), { typ: 'JWT' }), at)).toEqual({ ok: false, reason: 'invalid-claims' });
    expect(await verify(await vendor.sign({ ...claimsFor({}, NOW), iss: 'someone-else' } as never), at)).toEqual({ ok: false, reason: 'invalid-claims' });
    expect(await verify(await vendor.sign({ ...claimsFor({}, NOW), aud: 'another-product' } as never), at)).toEqual({ ok: false, reason: 'invalid-claims' });
    expect(await verify(await vendor.sign({ ...claimsFor({}, NOW), seats: -1 }), at)).toEqual({ ok: false, reason: 'invalid-claims' });
    expect(await verify(await vendor.sign({ ...claimsFor({}, NOW), extra: 'field' } as never), at)).toEqual({ ok: false, reason: 'invalid-claims' });
  });

  it('rejects garbage and oversized tokens as malformed before parsing them', async () => {
    expect(await verify('not a token', at)).toEqual({ ok: false, reason: 'malformed' });
    expect(await verify('a.b.c', at)).toEqual({ ok: false, reason: 'malformed' });
    expect(await verify(`${'a'.repeat(MAX_LICENSE_BYTES)}.b.c`, at)).toEqual({ ok: false, reason: 'malformed' });
  });

  it('refuses a private key or another curve as the configured public key', async () => {
    const { privateKey } = await generateKeyPair('EdDSA', { crv: 'Ed25519', extractable: true });
    const token = await vendor.sign(claimsFor({}, NOW));
    await expect(licenseVerifier(JSON.stringify(await exportJWK(privateKey)))(token, at)).rejects.toThrow(/private key/);
    await expect(licenseVerifier('{"kty":"EC","crv":"P-256","x":"a","y":"b"}')(token, at)).rejects.toThrow(/Ed25519/);
    await expect(licenseVerifier('not json')(token, at)).rejects.toThrow(/JWK/);
  });
});
