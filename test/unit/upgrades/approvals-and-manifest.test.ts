/** The approval answer to Step Functions (mocked SFN) and the bounded manifest read (a real local HTTP server). */
import { SendTaskFailureCommand, SendTaskSuccessCommand, SFNClient } from '@aws-sdk/client-sfn';
import { mockClient } from 'aws-sdk-client-mock';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { manifestSource, parseManifest } from '../../../functions/upgrades/manifest.js';
import { stepFunctionsApprovals } from '../../../functions/upgrades/task-tokens.js';
import { aManifest } from './fixtures.js';

const sfn = mockClient(SFNClient);
beforeEach(() => sfn.reset());

describe('stepFunctionsApprovals', () => {
  const approvals = () => stepFunctionsApprovals(new SFNClient({ region: 'eu-west-1' }));

  it('answers approve with SendTaskSuccess and reject with SendTaskFailure', async () => {
    sfn.on(SendTaskSuccessCommand).resolves({});
    sfn.on(SendTaskFailureCommand).resolves({});
    await approvals().answer('T1', 'approve', 'U1');
    await approvals().answer('T2', 'reject', 'U2');
    expect(sfn.commandCalls(SendTaskSuccessCommand)[0]?.args[0].input).toEqual({ taskToken: 'T1', output: JSON.stringify({ approvedBy: 'U1' }) });
    expect(sfn.commandCalls(SendTaskFailureCommand)[0]?.args[0].input).toEqual({ taskToken: 'T2', error: 'UpgradeRejected', cause: 'Rejected by U2' });
  });

  it('turns a token Step Functions no longer waits on into a conflict', async () => {
    sfn.on(SendTaskSuccessCommand).rejects(Object.assign(new Error('expired'), { name: 'TaskTimedOut' }));
    await expect(approvals().answer('T1', 'approve', 'U1')).rejects.toMatchObject({ kind: 'conflict' });
  });
});

describe('manifest read', () => {
  let server: Server;
  let base: string;
  const bodies: Record<string, { status?: number; body: string; length?: string }> = {};
  beforeAll(async () => {
    server = createServer((req, res) => {
      const reply = bodies[req.url ?? ''];
      if (req.url === '/slow') return void setTimeout(() => res.end('{}'), 2_000);
      if (!reply) return void res.writeHead(404).end();
      res.writeHead(reply.status ?? 200, { 'content-type': 'application/json', ...(reply.length ? { 'content-length': reply.length } : {}) });
      res.end(reply.body);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise((resolve) => server.close(resolve)));

  it('reads a valid manifest from a loopback URL', async () => {
    bodies['/stable.json'] = { body: JSON.stringify(aManifest()) };
    expect(await manifestSource(`${base}/stable.json`).read()).toEqual({ ok: true, manifest: aManifest() });
  });

  it('records, never throws, for a missing, oversized, slow or malformed manifest', async () => {
    bodies['/big.json'] = { body: 'x'.repeat(2048) };
    bodies['/bad.json'] = { body: JSON.stringify({ ...aManifest(), version: 'latest' }) };
    const read = (path: string) => manifestSource(`${base}${path}`, { maxBytes: 1024, timeoutMs: 300 }).read();
    expect(await read('/missing.json')).toMatchObject({ ok: false, error: expect.stringContaining('HTTP 404') });
    expect(await read('/big.json')).toMatchObject({ ok: false, error: expect.stringContaining('1024') });
    expect(await read('/slow')).toMatchObject({ ok: false, error: expect.stringMatching(/abort|timeout/i) });
    expect(await read('/bad.json')).toMatchObject({ ok: false, error: expect.stringContaining('version') });
  });

  it('refuses plain http to anything but this machine', async () => {
    expect(await manifestSource('http://releases.example.com/stable.json').read()).toMatchObject({ ok: false, error: expect.stringContaining('https') });
  });

  it('refuses a template URL that is not https, and a checksum that is not sha256', () => {
    expect(parseManifest(JSON.stringify({ ...aManifest(), templateUrl: 'http://x/t.json' })).ok).toBe(false);
    expect(parseManifest(JSON.stringify({ ...aManifest(), checksum: 'md5:abc' })).ok).toBe(false);
  });
});
