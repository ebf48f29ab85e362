/**
 * Checks AWS Signature Version 4 as S3 does, for the local S3 stand-in: header-signed
 * SDK requests, presigned URLs (with their expiry) and POST policies. The local
 * credentials are placeholders, but checking them means a tampered or expired link fails
 * locally exactly as it would against S3, so tests of refusals mean something.
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

export interface LocalCredentials {
  accessKeyId: string;
  secretAccessKey: string;
}

/** What the signature covers, from the raw request. */
export interface SignedRequest {
  method: string;
  /** The path exactly as sent, percent-encoded (S3 does not normalize it). */
  rawPath: string;
  /** The raw query string, without `?`. */
  rawQuery: string;
  headers: Record<string, string | string[] | undefined>;
}

export type SignatureCheck =
  | { ok: true; payloadHash: string }
  | { ok: false; code: 'AccessDenied' | 'SignatureDoesNotMatch' | 'InvalidAccessKeyId'; message: string };

const ALGORITHM = 'AWS4-HMAC-SHA256';
const MAX_PRESIGN_SECONDS = 7 * 24 * 3600;

const hmac = (key: Buffer | string, data: string) => createHmac('sha256', key).update(data, 'utf8').digest();
const sha256Hex = (data: string | Buffer) => createHash('sha256').update(data).digest('hex');

export function signingKey(secret: string, date: string, region: string, service: string): Buffer {
  return hmac(hmac(hmac(hmac(`AWS4${secret}`, date), region), service), 'aws4_request');
}

function sameHex(a: string, b: string): boolean {
  const x = Buffer.from(a, 'utf8');
  const y = Buffer.from(b, 'utf8');
  return x.length === y.length && timingSafeEqual(x, y);
}

/** RFC 3986 encoding as SigV4 wants it (encodeURIComponent leaves !'()* alone). */
const strictEncode = (s: string) => encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s.replace(/\+/g, ' '));
  } catch {
    return s;
  }
}

export function parseQuery(rawQuery: string): [string, string][] {
  if (!rawQuery) return [];
  return rawQuery.split('&').map((pair) => {
    const at = pair.indexOf('=');
    return at < 0 ? [safeDecode(pair), ''] : [safeDecode(pair.slice(0, at)), safeDecode(pair.slice(at + 1))];
  });
}

function canonicalQuery(pairs: [string, string][]): string {
  return pairs
    .map(([k, v]) => [strictEncode(k), strictEncode(v)] as const)
    .sort(([a, x], [b, y]) => (a < b ? -1 : a > b ? 1 : x < y ? -1 : x > y ? 1 : 0))
    .map(([k, v]) => `${k}=${v}`)
    .join('&');
}

function headerValue(headers: SignedRequest['headers'], name: string): string {
  const value = headers[name];
  const joined = Array.isArray(value) ? value.join(',') : (value ?? '');
  return joined.trim().replace(/\s+/g, ' ');
}

interface Scope {
  accessKeyId: string;
  date: string;
  region: string;
  service: string;
}

function parseCredential(credential: string): Scope | undefined {
  const [accessKeyId, date, region, service, terminator] = credential.split('/');
  if (!accessKeyId || !date || !region || !service || terminator !== 'aws4_request') return undefined;
  return { accessKeyId, date, region, service };
}

function verify(
  request: SignedRequest,
  credentials: LocalCredentials,
  parts: { scope: Scope; amzDate: string; signedHeaders: string[]; signature: string; query: [string, string][]; payloadHash: string },
): SignatureCheck {
  if (parts.scope.accessKeyId !== credentials.accessKeyId)
    return { ok: false, code: 'InvalidAccessKeyId', message: 'The AWS Access Key Id you provided does not exist in our records.' };
  const canonicalRequest = [
    request.method,
    request.rawPath,
    canonicalQuery(parts.query),
    ...parts.signedHeaders.map((h) => `${h}:${headerValue(request.headers, h)}`),
    '',
    parts.signedHeaders.join(';'),
    parts.payloadHash,
  ].join('\n');
  const scope = `${parts.scope.date}/${parts.scope.region}/${parts.scope.service}/aws4_request`;
  const stringToSign = [ALGORITHM, parts.amzDate, scope, sha256Hex(canonicalRequest)].join('\n');
  const expected = hmac(signingKey(credentials.secretAccessKey, parts.scope.date, parts.scope.region, parts.scope.service), stringToSign).toString('hex');
  if (!sameHex(expected, parts.signature))
    return { ok: false, code: 'SignatureDoesNotMatch', message: 'The request signature we calculated does not match the signature you provided.' };
  return { ok: true, payloadHash: parts.payloadHash };
}

/** A request signed in its `Authorization` header (the SDK's own calls). */
export function verifyHeaderSignature(request: SignedRequest, credentials: LocalCredentials): SignatureCheck {
  const auth = headerValue(request.headers, 'authorization');
  const match = /^AWS4-HMAC-SHA256 Credential=([^,]+), ?SignedHeaders=([^,]+), ?Signature=([0-9a-f]{64})$/.exec(auth);
  const scope = match ? parseCredential(match[1] ?? '') : undefined;
  if (!match || !scope) return { ok: false, code: 'AccessDenied', message: 'Requests must be signed with AWS Signature Version 4.' };
  const amzDate = headerValue(request.headers, 'x-amz-date');
  const payloadHash = headerValue(request.headers, 'x-amz-content-sha256');
  if (!amzDate || !payloadHash) return { ok: false, code: 'AccessDenied', message: 'x-amz-date and x-amz-content-sha256 are required.' };
  return verify(request, credentials, {
    scope,
    amzDate,
    signedHeaders: (match[2] ?? '').split(';'),
    signature: match[3] ?? '',
    query: parseQuery(request.rawQuery),
    payloadHash,
  });
}

/** A presigned URL: signature and expiry travel in the query string. */
export function verifyPresignedUrl(request: SignedRequest, credentials: LocalCredentials, now: Date): SignatureCheck {
  const query = parseQuery(request.rawQuery);
  const get = (name: string) => query.find(([k]) => k === name)?.[1];
  const scope = parseCredential(get('X-Amz-Credential') ?? '');
  const amzDate = get('X-Amz-Date') ?? '';
  const expires = Number(get('X-Amz-Expires'));
  const signature = get('X-Amz-Signature') ?? '';
  if (get('X-Amz-Algorithm') !== ALGORITHM || !scope || !/^\d{8}T\d{6}Z$/.test(amzDate) || !Number.isInteger(expires))
    return { ok: false, code: 'AccessDenied', message: 'The presigned URL is malformed.' };
  if (expires < 1 || expires > MAX_PRESIGN_SECONDS)
    return { ok: false, code: 'AccessDenied', message: `X-Amz-Expires must be between 1 and ${MAX_PRESIGN_SECONDS} seconds.` };
  const signedAt = Date.parse(
    `${amzDate.slice(0, 4)}-${amzDate.slice(4, 6)}-${amzDate.slice(6, 8)}T${amzDate.slice(9, 11)}:${amzDate.slice(11, 13)}:${amzDate.slice(13, 15)}Z`,
  );
  const checked = verify(request, credentials, {
    scope,
    amzDate,
    signedHeaders: (get('X-Amz-SignedHeaders') ?? 'host').split(';'),
    signature,
    query: query.filter(([k]) => k !== 'X-Amz-Signature'),
    payloadHash: get('X-Amz-Content-Sha256') ?? 'UNSIGNED-PAYLOAD',
  });
  if (!checked.ok) return checked;
  if (now.getTime() > signedAt + expires * 1000) return { ok: false, code: 'AccessDenied', message: 'Request has expired' };
  return checked;
}

/** A POST policy's signature: HMAC of the base64 policy with the scope's signing key. */
export function verifyPolicySignature(policyBase64: string, credential: string, signature: string, credentials: LocalCredentials): SignatureCheck {
  const scope = parseCredential(credential);
  if (!scope) return { ok: false, code: 'AccessDenied', message: 'Invalid X-Amz-Credential.' };
  if (scope.accessKeyId !== credentials.accessKeyId)
    return { ok: false, code: 'InvalidAccessKeyId', message: 'The AWS Access Key Id you provided does not exist in our records.' };
  const expected = hmac(signingKey(credentials.secretAccessKey, scope.date, scope.region, scope.service), policyBase64).toString('hex');
  if (!sameHex(expected, signature))
    return { ok: false, code: 'SignatureDoesNotMatch', message: 'The request signature we calculated does not match the signature you provided.' };
  return { ok: true, payloadHash: 'UNSIGNED-PAYLOAD' };
}

export const sha256OfBody = (body: Buffer) => sha256Hex(body);
