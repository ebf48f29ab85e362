/**
 * License signing (control plane) and verification (installation, offline) time in a warm
 * process: a pro license carrying 20 fleet flags, 100 warm-up rounds, then 1,000 timed
 * signatures and 1,000 timed verifications with the installation's own verifier
 * (`licensing/verify.ts`). Run with `npx tsx bench/license.ts`; prints JSON.
 */
import { performance } from 'node:perf_hooks';
import { importJWK } from 'jose';
import type { FlagDefinition } from '../functions/flags/model.js';
import { verifyLicense } from '../functions/licensing/verify.js';
import { issueLicense } from '../functions/vendor/licenses/issue.js';
import { signLicense } from '../functions/vendor/licenses/sign.js';
import { generateSigningKey, importSigningKey } from '../functions/vendor/licenses/signing-key.js';

const ROUNDS = 1_000;
const WARM_UP = 100;

const generated = await generateSigningKey();
const signingKey = await importSigningKey(JSON.stringify(generated.privateJwk));
const publicKey = await importJWK(generated.publicJwk, 'EdDSA');
const flags: FlagDefinition[] = Array.from({ length: 20 }, (_, i) => ({
  key: `release_feature_${i}`,
  description: `Feature ${i}`,
  owner: 'platform',
  createdAt: '2026-11-01',
  expiresAt: '2027-02-01',
  variants: { on: true, off: false },
  defaultVariant: 'off',
  rules: [
    { id: 'vendor', when: { rings: [0] }, serve: { variant: 'on' } },
    { id: 'rollout', when: {}, serve: { rollout: { percentage: 25, variant: 'on', stickiness: 'installationId' } } },
  ],
  killed: false,
  version: 1,
}));
const now = new Date();
const claims = issueLicense({
  installation: { installationId: 'inst_01jbenchmarkbenchmarkbench0', ring: 2, channel: 'stable' },
  subscription: {
    installationId: 'inst_01jbenchmarkbenchmarkbench0',
    stripeCustomerId: 'cus_1',
    plan: 'pro',
    status: 'active',
    seatsBilled: 40,
    syncedAt: now.toISOString(),
  },
  fleet: { flags, flagsVersion: 20 },
  now,
  jti: 'bench',
});

async function time(fn: () => Promise<unknown>): Promise<number[]> {
  for (let i = 0; i < WARM_UP; i++) await fn();
  const samples: number[] = [];
  for (let i = 0; i < ROUNDS; i++) {
    const t = performance.now();
    await fn();
    samples.push(performance.now() - t);
  }
  return samples.sort((a, b) => a - b);
}

const token = await signLicense(claims, signingKey);
const check = await verifyLicense(token, publicKey, { now, installationId: claims.sub });
if (!check.ok) throw new Error(`The benchmark license does not verify (${check.reason}).`);

const signing = await time(() => signLicense(claims, signingKey));
const verifying = await time(() => verifyLicense(token, publicKey, { now, installationId: claims.sub }));
const at = (samples: number[], q: number) => Number((samples[Math.floor(q * (samples.length - 1))] ?? 0).toFixed(3));
console.log(
  JSON.stringify({
    licenseBytes: Buffer.byteLength(token),
    fleetFlags: flags.length,
    rounds: ROUNDS,
    sign: { p50Ms: at(signing, 0.5), p99Ms: at(signing, 0.99) },
    verify: { p50Ms: at(verifying, 0.5), p99Ms: at(verifying, 0.99) },
  }),
);
