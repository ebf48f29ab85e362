/**
 * Reads a request body with a size bound, as API Gateway and the AWS endpoints do. An
 * oversized body is drained (so the client still gets the 413) but never buffered.
 */
import type { IncomingMessage } from 'node:http';

export type BodyResult = { ok: true; bytes: Buffer } | { ok: false; receivedBytes: number };

/** Past this, stop draining and drop the connection. */
const DRAIN_LIMIT_BYTES = 64 * 1024 * 1024;

export async function readBody(req: IncomingMessage, maxBytes: number): Promise<BodyResult> {
  const chunks: Buffer[] = [];
  let received = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    received += chunk.byteLength;
    if (received > DRAIN_LIMIT_BYTES) {
      req.destroy();
      break;
    }
    if (received <= maxBytes) chunks.push(chunk);
  }
  return received > maxBytes ? { ok: false, receivedBytes: received } : { ok: true, bytes: Buffer.concat(chunks) };
}
