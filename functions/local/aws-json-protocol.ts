/**
 * The AWS JSON protocol (1.0 for SQS, 1.1 for EventBridge) on a plain HTTP endpoint: the
 * operation comes from `X-Amz-Target`, input and output are JSON, errors carry `__type`.
 * Enough for the unchanged AWS SDK v3 clients to talk to the local queue and bus.
 * Signatures are not checked: these endpoints listen on loopback only.
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { readBody } from './http-body.js';

/** A failure the client should see as a modelled AWS error. */
export class AwsServiceError extends Error {
  constructor(
    readonly type: string,
    message: string,
    readonly status = 400,
  ) {
    super(message);
  }
}

export type Operation = (input: Record<string, unknown>) => unknown;

export interface AwsJsonServiceOptions {
  /** The `X-Amz-Target` prefix, e.g. `AmazonSQS` or `AWSEvents`. */
  targetPrefix: string;
  jsonVersion: '1.0' | '1.1';
  operations: Record<string, Operation>;
  /** Request size bound. @default 1 MiB */
  maxBodyBytes?: number;
  /** How error types are named on the wire (SQS uses a shape-id prefix). @default as is */
  errorType?: (type: string) => string;
}

export function createAwsJsonService(options: AwsJsonServiceOptions) {
  const contentType = `application/x-amz-json-${options.jsonVersion}`;
  return async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const requestId = randomUUID();
    const reply = (status: number, body: unknown, extra: Record<string, string> = {}) => {
      res.writeHead(status, { 'content-type': contentType, 'x-amzn-requestid': requestId, ...extra });
      res.end(JSON.stringify(body));
    };
    const error = (e: AwsServiceError) => {
      const type = options.errorType ? options.errorType(e.type) : e.type;
      reply(e.status, { __type: type, message: e.message }, { 'x-amzn-errortype': e.type });
    };
    try {
      if (req.method !== 'POST') throw new AwsServiceError('InvalidAction', 'Only POST is supported.');
      const target = String(req.headers['x-amz-target'] ?? '');
      const [prefix, name = ''] = target.split('.');
      const operation = prefix === options.targetPrefix ? options.operations[name] : undefined;
      if (!operation) {
        const known = Object.keys(options.operations).join(', ');
        throw new AwsServiceError('UnknownOperationException', `The local runtime implements ${options.targetPrefix} ${known} only (got "${target}").`);
      }
      const body = await readBody(req, options.maxBodyBytes ?? 1024 * 1024);
      if (!body.ok) throw new AwsServiceError('RequestEntityTooLarge', 'Request too large.', 413);
      let input: Record<string, unknown>;
      try {
        input = body.bytes.byteLength ? (JSON.parse(body.bytes.toString('utf8')) as Record<string, unknown>) : {};
      } catch {
        throw new AwsServiceError('SerializationException', 'The request body is not JSON.');
      }
      reply(200, await operation(input));
    } catch (e) {
      if (e instanceof AwsServiceError) return error(e);
      error(new AwsServiceError('InternalFailure', (e as Error).message, 500));
    }
  };
}
