import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { controlPlaneClient } from '../../functions/licensing/control-plane-client.js';
import { signingKeyFrom } from '../../functions/licensing/signed-request.js';
import { licenseVerifier } from '../../functions/licensing/verify.js';
import { eventually } from '../support/eventually.js';
import { type LocalControlPlane, startLocalControlPlane } from '../../functions/vendor/local/control-plane.js';

let plane: LocalControlPlane;
let dataDir: string;
const tableName = `vendor-local-${Date.now().toString(36)}`;

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'vendor-plane-'));
  plane = await startLocalControlPlane({ port: 0, dataDir, dynamoEndpoint: inject('dynamoEndpoint'), quiet: true, tableName, stripe: { port: 0 } });
});
afterAll(async () => {
  await plane?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('the local control plane over HTTP', () => {
  it('registers with the printed code, takes a heartbeat and serves a license the installation verifies offline', async () => {
    const client = controlPlaneClient(plane.url);
    const registered = await client.register({ activationCode: plane.activationCode, name: 'Local test', version: '0.2.0', channel: 'stable' });
    const conn = { installationId: registered.installationId, signingKey: signingKeyFrom(registered.installationSecret) };
    await client.heartbeat(conn, { version: '0.2.1', channel: 'stable', seats: 3, health: { jobsFailed24h: 0, dlqDepth: 0 } });
    const license = await client.license(conn);

    const verify = licenseVerifier(JSON.stringify(plane.publicKeyJwk));
    const verdict = await verify(license, { installationId: conn.installationId, now: new Date() });
    expect(verdict).toMatchObject({ ok: true, claims: { sub: conn.installationId, plan: 'free', status: 'active', ring: 2 } });

    const fleet = await fetch(`${plane.url}/admin/installations/${conn.installationId}`, { headers: { authorization: `Bearer ${plane.adminToken}` } });
    expect(fleet.status).toBe(200);
    expect(await fleet.json()).toMatchObject({ installationId: conn.installationId, version: '0.2.1', seats: 3 });
  });

  it('starts the pro trial through the Stripe fake and answers with a trialing pro license', async () => {
    const client = controlPlaneClient(plane.url);
    const registered = await client.register({ activationCode: plane.activationCode, name: 'Trial test', version: '0.2.0', channel: 'stable' });
    const conn = { installationId: registered.installationId, signingKey: signingKeyFrom(registered.installationSecret) };
    const license = await client.trial(conn);
    const verdict = await licenseVerifier(JSON.stringify(plane.publicKeyJwk))(license, { installationId: conn.installationId, now: new Date() });
    expect(verdict).toMatchObject({ ok: true, claims: { plan: 'pro', status: 'trialing' } });
    if (!verdict.ok) return;
    const trialDays = (Date.parse(verdict.claims.trialEndsAt ?? '') - Date.now()) / 86_400_000;
    expect(trialDays).toBeGreaterThan(13.9);
    expect(trialDays).toBeLessThanOrEqual(14);
  });

  it('turns a paid Checkout into an active enterprise license (webhook, queue, worker), then bills the seats a heartbeat reports', async () => {
    const client = controlPlaneClient(plane.url);
    const registered = await client.register({ activationCode: plane.activationCode, name: 'Checkout test', version: '0.2.0', channel: 'stable' });
    const conn = { installationId: registered.installationId, signingKey: signingKeyFrom(registered.installationSecret) };
    const { url } = await client.checkout(conn, {
      plan: 'enterprise',
      seats: 12,
      successUrl: 'http://localhost:3000/billing?checkout=done',
      cancelUrl: 'http://localhost:3000/billing',
    });
    const sessionId = new URL(url).pathname.split('/').at(-1) ?? '';
    await plane.stripe.payCheckout(sessionId);
    const verify = licenseVerifier(JSON.stringify(plane.publicKeyJwk));
    const claims = await eventually(
      async () => {
        await plane.billingIdle();
        const verdict = await verify(await client.license(conn), { installationId: conn.installationId, now: new Date() });
        return verdict.ok && verdict.claims.plan === 'enterprise' ? verdict.claims : undefined;
      },
      { what: 'an enterprise license after Checkout' },
    );
    expect(claims).toMatchObject({ plan: 'enterprise', status: 'active' });

    // The heartbeat's seat count becomes the subscription's quantity (queue, worker, Stripe, webhook).
    await client.heartbeat(conn, { version: '0.2.0', channel: 'stable', seats: 20, health: { jobsFailed24h: 0, dlqDepth: 0 } });
    await eventually(
      async () => {
        await plane.billingIdle();
        const subscription = Object.values(plane.stripe.data.customers)
          .map((customer) => plane.stripe.liveSubscriptionOf(customer.id))
          .find((sub) => (sub?.metadata as Record<string, string> | undefined)?.installationId === conn.installationId);
        return (subscription?.items as { data: { quantity?: number }[] } | undefined)?.data[0]?.quantity === 20;
      },
      { what: 'the subscription quantity to follow the heartbeat' },
    );
    expect(plane.billingQueueState().deadLetters).toEqual([]);
  });

  it('keeps the admin API behind its authorizer and serves the console its token', async () => {
    expect((await fetch(`${plane.url}/admin/installations`)).status).toBe(401);
    expect((await fetch(`${plane.url}/admin/installations`, { headers: { authorization: 'Bearer forged.token.value' } })).status).toBe(401);
    const config = (await (await fetch(`${plane.url}/config.json`)).json()) as { adminToken: string };
    expect(config.adminToken).toBe(plane.adminToken);
  });

  it('answers an unsigned installation request 401 and an unknown API path 404', async () => {
    const res = await fetch(`${plane.url}/v1/license`);
    expect(res.status).toBe(401);
    expect(res.headers.get('content-type')).toBe('application/problem+json');
    expect((await fetch(`${plane.url}/v1/nothing-here`)).status).toBe(404);
  });

  it('keeps its keys and its activation code across a restart of the same data directory', async () => {
    const again = await startLocalControlPlane({
      port: 0,
      dataDir,
      dynamoEndpoint: inject('dynamoEndpoint'),
      quiet: true,
      tableName: `${tableName}-2`,
      stripe: { port: 0 },
    });
    try {
      expect(again.activationCode).toBe(plane.activationCode);
      expect(again.publicKeyJwk).toEqual(plane.publicKeyJwk);
    } finally {
      await again.stop();
    }
  });
});
