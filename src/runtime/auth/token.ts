import { constantTimeEqualText, toBase64, utf8 } from './bytes.js';
import type { AuthResult, BasicAuth, SignedRequest, TokenAuth } from './scheme.js';

/**
 * Shared secrets sent as they are. Every configured secret is compared (no early exit), in constant
 * time, so neither the time nor the answer says which secret of a rotation came close.
 */
function matchAny(given: string, expected: readonly string[]): boolean {
  let match = false;
  for (const candidate of expected) match = constantTimeEqualText(given, candidate) || match;
  return match;
}

/** The header must be exactly `<prefix><token>` for one of `tokens`. */
export function tokenVerifier(auth: TokenAuth, tokens: readonly string[]): (request: SignedRequest) => AuthResult {
  const expected = tokens.map((t) => `${auth.prefix}${t}`);
  return (request) => {
    const given = request.header(auth.header);
    if (given === null || given === '') return { ok: false, reason: 'missing' };
    return matchAny(given, expected) ? { ok: true } : { ok: false, reason: 'mismatch' };
  };
}

/** `Authorization: Basic base64(user:password)` for one of `credentials` (each `user:password`). */
export function basicVerifier(_auth: BasicAuth, credentials: readonly string[]): (request: SignedRequest) => AuthResult {
  const expected = credentials.map((c) => toBase64(utf8(c)));
  return (request) => {
    const given = request.header('authorization');
    if (given === null || given === '') return { ok: false, reason: 'missing' };
    // The scheme name is case-insensitive (RFC 9110); the credentials are not.
    const match = /^basic +(\S+)$/i.exec(given.trim());
    if (match === null) return { ok: false, reason: 'malformed' };
    return matchAny(match[1]!, expected) ? { ok: true } : { ok: false, reason: 'mismatch' };
  };
}

/** The headers that carry `secret` under `auth`: what a sender (or a test) adds. */
export function tokenHeaders(auth: TokenAuth | BasicAuth, secret: string): Record<string, string> {
  return auth.kind === 'token' ? { [auth.header]: `${auth.prefix}${secret}` } : { authorization: `Basic ${toBase64(utf8(secret))}` };
}
