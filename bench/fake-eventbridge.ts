/**
 * A tiny stand-in for EventBridge's PutEvents (AWS JSON 1.1) on loopback, so the outbox
 * publisher's cold start includes a real call through its SDK client. It accepts every
 * entry and checks nothing: the bench measures the publisher, not the bus.
 */
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';

export interface FakeEventBridge {
  endpoint: string;
  /** Entries accepted so far. */
  accepted(): number;
  /** PutEvents requests answered so far. */
  calls(): number;
  stop(): Promise<void>;
}

export function startFakeEventBridge(): Promise<FakeEventBridge> {
  let accepted = 0;
  let calls = 0;
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const target = req.headers['x-amz-target'];
      if (target !== 'AWSEvents.PutEvents') {
        res.writeHead(400, { 'content-type': 'application/x-amz-json-1.1' });
        res.end(JSON.stringify({ __type: 'UnknownOperationException', message: `Only PutEvents is answered here (got ${String(target)}).` }));
        return;
      }
      const input = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { Entries?: unknown[] };
      const entries = (input.Entries ?? []).map(() => ({ EventId: randomUUID() }));
      accepted += entries.length;
      calls += 1;
      res.writeHead(200, { 'content-type': 'application/x-amz-json-1.1' });
      res.end(JSON.stringify({ FailedEntryCount: 0, Entries: entries }));
    });
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      if (!address || typeof address === 'string') return reject(new Error('The fake EventBridge got no port.'));
      resolve({
        endpoint: `http://127.0.0.1:${address.port}`,
        accepted: () => accepted,
        calls: () => calls,
        stop: () =>
          new Promise<void>((done) => {
            server.closeAllConnections();
            server.close(() => done());
          }),
      });
    });
  });
}
