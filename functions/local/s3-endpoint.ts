/**
 * S3's REST API, path-style, in front of local files, for the unchanged S3 client and for
 * browsers: PutObject, GetObject, HeadObject, DeleteObject, multipart uploads, presigned
 * GETs and browser POST uploads. Signatures (header, query and POST policy) are checked
 * against the local credentials, POST policies are enforced (expiry, bucket, key, size,
 * content type) and CORS answers the SPA's origin only, so the refusals a browser meets
 * in AWS happen here too. Errors are S3's XML errors.
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { BlobFiles } from './blob-files.js';
import { readBody } from './http-body.js';
import { checkPostPolicy } from './post-policy.js';
import {
  type LocalCredentials,
  parseQuery,
  type SignedRequest,
  sha256OfBody,
  verifyHeaderSignature,
  verifyPolicySignature,
  verifyPresignedUrl,
} from './sigv4.js';

export interface S3EndpointOptions {
  /** The path the endpoint is mounted at, e.g. `/_local/s3`. */
  prefix: string;
  files: BlobFiles;
  credentials: LocalCredentials;
  /** Origins allowed by CORS (the SPA's). */
  allowedOrigins: readonly string[];
  /** Largest request body (a part, a PutObject, a POST upload). @default 64 MiB */
  maxBodyBytes?: number;
  now?: () => Date;
}

class S3Error extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

const xmlEscape = (s: string) => s.replace(/[<>&'"]/g, (c) => `&#${c.charCodeAt(0)};`);
const xml = (root: string, fields: Record<string, string>) =>
  `<?xml version="1.0" encoding="UTF-8"?>\n<${root} xmlns="http://s3.amazonaws.com/doc/2006-03-01/">${Object.entries(fields)
    .map(([k, v]) => `<${k}>${xmlEscape(v)}</${k}>`)
    .join('')}</${root}>`;

export function createS3Endpoint(options: S3EndpointOptions) {
  const maxBody = options.maxBodyBytes ?? 64 * 1024 * 1024;
  const now = options.now ?? (() => new Date());
  const { files } = options;

  function cors(req: IncomingMessage): Record<string, string> {
    const origin = req.headers.origin;
    if (!origin || !options.allowedOrigins.includes(origin)) return {};
    return { 'access-control-allow-origin': origin, 'access-control-expose-headers': 'ETag, Location', vary: 'Origin' };
  }

  function preflight(req: IncomingMessage, res: ServerResponse) {
    const origin = req.headers.origin;
    const method = String(req.headers['access-control-request-method'] ?? '');
    if (!origin || !options.allowedOrigins.includes(origin) || !['GET', 'POST', 'HEAD'].includes(method))
      throw new S3Error(403, 'AccessForbidden', 'CORSResponse: This CORS request is not allowed.');
    res.writeHead(200, {
      'access-control-allow-origin': origin,
      'access-control-allow-methods': 'GET, POST, HEAD',
      'access-control-allow-headers': String(req.headers['access-control-request-headers'] ?? ''),
      'access-control-max-age': '3000',
      vary: 'Origin',
    });
    res.end();
  }

  async function body(req: IncomingMessage): Promise<Buffer> {
    const read = await readBody(req, maxBody);
    if (!read.ok) throw new S3Error(400, 'EntityTooLarge', `Your proposed upload exceeds the maximum allowed size (${maxBody} bytes locally).`);
    return read.bytes;
  }

  function requireSigned(signed: SignedRequest, presigned: boolean) {
    const check = presigned ? verifyPresignedUrl(signed, options.credentials, now()) : verifyHeaderSignature(signed, options.credentials);
    if (!check.ok) throw new S3Error(403, check.code, check.message);
    return check.payloadHash;
  }

  async function signedBody(req: IncomingMessage, payloadHash: string): Promise<Buffer> {
    const bytes = await body(req);
    if (payloadHash.startsWith('STREAMING-'))
      throw new S3Error(
        501,
        'NotImplemented',
        'The local S3 does not accept aws-chunked uploads; configure the client with requestChecksumCalculation WHEN_REQUIRED.',
      );
    if (/^[0-9a-f]{64}$/.test(payloadHash) && sha256OfBody(bytes) !== payloadHash)
      throw new S3Error(400, 'XAmzContentSHA256Mismatch', 'The provided x-amz-content-sha256 header does not match what was computed.');
    return bytes;
  }

  async function postUpload(req: IncomingMessage, res: ServerResponse, bucket: string, headers: Record<string, string>) {
    const type = String(req.headers['content-type'] ?? '');
    if (!type.startsWith('multipart/form-data')) throw new S3Error(412, 'PreconditionFailed', 'Bucket POST must be of the enclosure-type multipart/form-data');
    const form = await new Request('http://local/upload', {
      method: 'POST',
      headers: { 'content-type': type },
      body: new Uint8Array(await body(req)),
    }).formData();
    const fields = new Map<string, string>();
    let file: Blob | undefined;
    for (const [name, value] of form.entries()) {
      if (name.toLowerCase() === 'file') file = value as Blob;
      else fields.set(name.toLowerCase(), String(value));
    }
    if (!file) throw new S3Error(400, 'InvalidArgument', 'POST requires exactly one file upload per request.');
    fields.set('bucket', fields.get('bucket') ?? bucket);
    const policy = fields.get('policy') ?? '';
    const signature = verifyPolicySignature(policy, fields.get('x-amz-credential') ?? '', fields.get('x-amz-signature') ?? '', options.credentials);
    if (!signature.ok) throw new S3Error(403, signature.code, signature.message);
    if (fields.get('bucket') !== bucket) throw new S3Error(403, 'AccessDenied', 'Invalid according to Policy: the form names another bucket.');
    const bytes = Buffer.from(await file.arrayBuffer());
    const verdict = checkPostPolicy(Buffer.from(policy, 'base64').toString('utf8'), fields, bytes.byteLength, now());
    if (!verdict.ok) throw new S3Error(verdict.code === 'AccessDenied' ? 403 : 400, verdict.code, verdict.message);
    const key = fields.get('key');
    if (!key) throw new S3Error(400, 'InvalidArgument', 'Bucket POST must contain a field named key.');
    const meta = files.put(bucket, key, bytes, fields.get('content-type') ?? 'binary/octet-stream');
    res.writeHead(204, { ...headers, etag: `"${meta.etag}"`, location: `${options.prefix}/${bucket}/${encodeURIComponent(key)}` });
    res.end();
  }

  async function objectRequest(req: IncomingMessage, res: ServerResponse, signed: SignedRequest, bucket: string, key: string, headers: Record<string, string>) {
    const query = new Map(parseQuery(signed.rawQuery));
    const presigned = query.has('X-Amz-Signature');
    const payloadHash = requireSigned(signed, presigned);
    const method = signed.method;
    const uploadId = query.get('uploadId');

    if (method === 'POST' && query.has('uploads')) {
      const id = files.createUpload(bucket, key, String(req.headers['content-type'] ?? 'binary/octet-stream'));
      return send(res, 200, headers, xml('InitiateMultipartUploadResult', { Bucket: bucket, Key: key, UploadId: id }));
    }
    if (uploadId !== undefined) {
      const upload = files.upload(uploadId);
      if (!upload || upload.bucket !== bucket || upload.key !== key) throw new S3Error(404, 'NoSuchUpload', 'The specified upload does not exist.');
      if (method === 'PUT') {
        const partNumber = Number(query.get('partNumber'));
        if (!Number.isInteger(partNumber) || partNumber < 1 || partNumber > 10_000)
          throw new S3Error(400, 'InvalidArgument', 'Part number must be an integer between 1 and 10000.');
        const etag = files.putPart(uploadId, partNumber, await signedBody(req, payloadHash));
        return send(res, 200, { ...headers, etag: `"${etag}"` });
      }
      if (method === 'POST') {
        const parts = [...(await signedBody(req, payloadHash)).toString('utf8').matchAll(/<PartNumber>(\d+)<\/PartNumber>/g)].map((m) => Number(m[1]));
        if (parts.length === 0 || parts.some((n, i) => i > 0 && n <= (parts[i - 1] ?? 0)))
          throw new S3Error(400, 'InvalidPartOrder', 'The list of parts was not in ascending order.');
        if (!parts.every((n) => files.hasPart(uploadId, n))) throw new S3Error(400, 'InvalidPart', 'One or more of the specified parts could not be found.');
        const meta = files.completeUpload(uploadId, parts);
        return send(
          res,
          200,
          headers,
          xml('CompleteMultipartUploadResult', { Location: `${options.prefix}/${bucket}/${key}`, Bucket: bucket, Key: key, ETag: `"${meta.etag}"` }),
        );
      }
      if (method === 'DELETE') {
        files.abortUpload(uploadId);
        return send(res, 204, headers);
      }
    }
    if (method === 'PUT') {
      const meta = files.put(bucket, key, await signedBody(req, payloadHash), String(req.headers['content-type'] ?? 'binary/octet-stream'));
      return send(res, 200, { ...headers, etag: `"${meta.etag}"` });
    }
    if (method === 'DELETE') {
      files.delete(bucket, key);
      return send(res, 204, headers);
    }
    if (method === 'GET' || method === 'HEAD') {
      const meta = files.head(bucket, key);
      if (!meta) throw new S3Error(404, 'NoSuchKey', 'The specified key does not exist.');
      const objectHeaders = {
        ...headers,
        'content-type': query.get('response-content-type') ?? meta.contentType,
        'content-length': String(meta.sizeBytes),
        etag: `"${meta.etag}"`,
        'last-modified': meta.lastModified,
        ...(query.has('response-content-disposition') ? { 'content-disposition': query.get('response-content-disposition') ?? '' } : {}),
      };
      res.writeHead(200, objectHeaders);
      res.end(method === 'GET' ? files.read(bucket, key) : undefined);
      return;
    }
    throw new S3Error(405, 'MethodNotAllowed', `The local S3 does not implement ${method} on an object.`);
  }

  return async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const requestId = randomUUID();
    const headers = { 'x-amz-request-id': requestId, ...cors(req) };
    try {
      if (req.method === 'OPTIONS') return preflight(req, res);
      const rawUrl = req.url ?? '/';
      const at = rawUrl.indexOf('?');
      const rawPath = at < 0 ? rawUrl : rawUrl.slice(0, at);
      const signed: SignedRequest = { method: req.method ?? 'GET', rawPath, rawQuery: at < 0 ? '' : rawUrl.slice(at + 1), headers: req.headers };
      const rest = rawPath.slice(options.prefix.length).replace(/^\//, '');
      const slash = rest.indexOf('/');
      const bucket = decodeURIComponent(slash < 0 ? rest : rest.slice(0, slash));
      const key = slash < 0 ? '' : decodeURIComponent(rest.slice(slash + 1));
      if (!files.hasBucket(bucket)) throw new S3Error(404, 'NoSuchBucket', 'The specified bucket does not exist.');
      if (!key) {
        if (req.method === 'POST') return await postUpload(req, res, bucket, headers);
        throw new S3Error(501, 'NotImplemented', 'The local S3 implements object operations and POST uploads only.');
      }
      if (key.length > 1024) throw new S3Error(400, 'KeyTooLongError', 'Your key is too long.');
      return await objectRequest(req, res, signed, bucket, key, headers);
    } catch (error) {
      if (!(error instanceof S3Error)) throw error;
      if (!req.readableEnded) req.resume();
      if (req.method === 'HEAD') return send(res, error.status, { ...headers, 'x-amz-error-code': error.code });
      send(
        res,
        error.status,
        headers,
        xml('Error', { Code: error.code, Message: error.message, RequestId: requestId }).replace(' xmlns="http://s3.amazonaws.com/doc/2006-03-01/"', ''),
      );
    }
  };
}

function send(res: ServerResponse, status: number, headers: Record<string, string>, body?: string) {
  res.writeHead(status, { ...headers, ...(body ? { 'content-type': 'application/xml' } : {}) });
  res.end(body);
}

export type S3Endpoint = ReturnType<typeof createS3Endpoint>;
