/**
 * The API Gateway HTTP API JWT authorizer, reproduced: a request reaches a private route
 * only with a bearer token that is signed by a key of the issuer's JWKS with an allowed
 * algorithm (RS256; never `none` or an HMAC), whose `iss` is the issuer, whose `aud` or
 * `client_id` is an allowed audience, and whose `exp`/`nbf`/`iat` hold. Nothing the
 * token says is trusted before all of these pass.
 */
import { createLocalJWKSet, errors as joseErrors, type JSONWebKeySet, jwtVerify } from 'jose';

export interface JwtAuthorizerOptions {
  issuer: string;
  /** Accepted values of `aud` (or of `client_id` when the token has no `aud`). */
  audience: readonly string[];
  jwks: JSONWebKeySet;
  /** @default ['RS256'] (API Gateway accepts RSA signatures only) */
  algorithms?: string[];
  /** Allowed clock skew. @default 5 s */
  clockToleranceSeconds?: number;
}

/** Claims as API Gateway passes them to the function: every value a string. */
export type AuthorizerClaims = Record<string, string>;

export type AuthorizerResult = { ok: true; claims: AuthorizerClaims; scopes: string[] } | { ok: false; reason: string; tokenPresent: boolean };

export function createJwtAuthorizer(options: JwtAuthorizerOptions) {
  const keySet = createLocalJWKSet(options.jwks);
  const algorithms = options.algorithms ?? ['RS256'];
  const clockTolerance = options.clockToleranceSeconds ?? 5;

  return async function authorize(authorization: string | undefined): Promise<AuthorizerResult> {
    const token = bearerToken(authorization);
    if (!token) return { ok: false, reason: 'no bearer token', tokenPresent: false };
    try {
      const { payload } = await jwtVerify(token, keySet, { issuer: options.issuer, algorithms, clockTolerance, requiredClaims: ['exp'] });
      const audiences = payload.aud === undefined ? [payload.client_id] : Array.isArray(payload.aud) ? payload.aud : [payload.aud];
      if (!audiences.some((aud) => typeof aud === 'string' && options.audience.includes(aud))) {
        return { ok: false, reason: 'audience not allowed', tokenPresent: true };
      }
      if (typeof payload.iat === 'number' && payload.iat > Date.now() / 1000 + clockTolerance) {
        return { ok: false, reason: 'issued in the future', tokenPresent: true };
      }
      const scopes = typeof payload.scope === 'string' ? payload.scope.split(' ').filter(Boolean) : [];
      return { ok: true, claims: toApiGatewayClaims(payload), scopes };
    } catch (error) {
      return { ok: false, reason: describe(error), tokenPresent: true };
    }
  };
}

/** API Gateway accepts the token with or without the `Bearer ` prefix. */
function bearerToken(header: string | undefined): string | undefined {
  const value = header?.trim();
  if (!value) return undefined;
  const token = /^bearer\s+/i.test(value) ? value.replace(/^bearer\s+/i, '') : value;
  return token.length > 0 ? token : undefined;
}

/** The shape API Gateway gives claims in: strings, arrays as `[a b]`, objects as JSON. */
export function toApiGatewayClaims(payload: Record<string, unknown>): AuthorizerClaims {
  const claims: AuthorizerClaims = {};
  for (const [name, value] of Object.entries(payload)) {
    if (value === undefined || value === null) continue;
    if (Array.isArray(value)) claims[name] = `[${value.map((v) => (typeof v === 'object' ? JSON.stringify(v) : String(v))).join(' ')}]`;
    else if (typeof value === 'object') claims[name] = JSON.stringify(value);
    else claims[name] = String(value);
  }
  return claims;
}

function describe(error: unknown): string {
  if (error instanceof joseErrors.JWTExpired) return 'token expired';
  if (error instanceof joseErrors.JWTClaimValidationFailed) return `claim ${error.claim} invalid (${error.reason})`;
  if (error instanceof joseErrors.JOSEAlgNotAllowed) return 'algorithm not allowed';
  if (error instanceof joseErrors.JWSSignatureVerificationFailed) return 'bad signature';
  if (error instanceof joseErrors.JWKSNoMatchingKey) return 'no matching key';
  if (error instanceof joseErrors.JOSEError) return error.code;
  return 'malformed token';
}
