import { constantTimeEqualText, toBase64, utf8 } from './bytes.js';
import {
  AUTH_MALFORMED,
  AUTH_MISMATCH,
  AUTH_MISSING,
  AUTH_PASSED,
  type AuthResult,
  type BasicAuth,
  type FieldAuth,
  type SignedRequest,
  type TokenAuth,
} from './scheme.js';

/**
 * Shared secrets sent as they are. Every configured secret is compared (no early exit), in constant
 * time, so neither the time nor the answer says which secret of a rotation came close.
 */
export function matchAny(given: string, expected: readonly string[]): boolean {
  let match = false;
  for (const candidate of expected) match = constantTimeEqualText(given, candidate) || match;
  return match;
}

/** The header must be exactly `<prefix><token>` for one of `tokens`. */
export function tokenVerifier(auth: TokenAuth, tokens: readonly string[]): (request: SignedRequest) => AuthResult {
  const expected = tokens.map((t) => `${auth.prefix}${t}`);
  return (request) => {
    const given = request.header(auth.header);
    if (given === null || given === '') return AUTH_MISSING;
    return matchAny(given, expected) ? AUTH_PASSED : AUTH_MISMATCH;
  };
}

/** `Authorization: Basic base64(user:password)` for one of `credentials` (each `user:password`). */
export function basicVerifier(_auth: BasicAuth, credentials: readonly string[]): (request: SignedRequest) => AuthResult {
  const expected = credentials.map((c) => toBase64(utf8(c)));
  return (request) => {
    const given = request.header('authorization');
    if (given === null || given === '') return AUTH_MISSING;
    // The scheme name is case-insensitive (RFC 9110); the credentials are not.
    const match = /^basic +(\S+)$/i.exec(given.trim());
    if (match === null) return AUTH_MALFORMED;
    return matchAny(match[1]!, expected) ? AUTH_PASSED : AUTH_MISMATCH;
  };
}

const UTF8 = new TextDecoder('utf-8', { fatal: true });

/** The body's top-level `field` must be one of `secrets`; the body is parsed here, for this only. */
export function fieldVerifier(auth: FieldAuth, secrets: readonly string[]): (request: SignedRequest, body: Uint8Array) => AuthResult {
  return (_request, body) => {
    let parsed: unknown;
    try {
      parsed = JSON.parse(UTF8.decode(body));
    } catch {
      return AUTH_MALFORMED;
    }
    const fields = parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : {};
    const given = Object.prototype.hasOwnProperty.call(fields, auth.field) ? fields[auth.field] : undefined;
    if (typeof given !== 'string' || given === '') return AUTH_MISSING;
    return matchAny(given, secrets) ? AUTH_PASSED : AUTH_MISMATCH;
  };
}

/** The headers that carry `secret` under `auth`: what a sender (or a test) adds. A body field needs none. */
export function tokenHeaders(auth: TokenAuth | BasicAuth | FieldAuth, secret: string): Record<string, string> {
  if (auth.kind === 'field') return {};
  return auth.kind === 'token' ? { [auth.header]: `${auth.prefix}${secret}` } : { authorization: `Basic ${toBase64(utf8(secret))}` };
}

/** The body as a sender using `auth` sends it: with the secret in its field, for a body-field scheme. */
export function withBodySecret(auth: { kind: string; field?: string }, body: unknown, secret: string): unknown {
  if (auth.kind !== 'field' || auth.field === undefined || body === null || typeof body !== 'object' || Array.isArray(body)) return body;
  const copy: Record<string, unknown> = { ...(body as Record<string, unknown>) };
  Object.defineProperty(copy, auth.field, { value: secret, enumerable: true, writable: true, configurable: true });
  return copy;
}
