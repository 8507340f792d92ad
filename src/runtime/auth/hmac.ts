import { concatBytes, constantTimeEqualBytes, fromBase64, fromHex, utf8 } from './bytes.js';
import { macFor, type HmacEngine, type Mac } from './hmac-engine.js';
import {
  AUTH_MISMATCH as MISMATCH,
  AUTH_PASSED as MATCH,
  DEFAULT_TOLERANCE_SECONDS,
  type AuthResult,
  type HmacAuth,
  type SignedRequest,
  type VerifierOptions,
} from './scheme.js';

/**
 * HMAC signatures over the raw body bytes. The body is never decoded or re-serialized: one changed
 * byte, one changed space, and the signature no longer matches, which is the point.
 */

interface Parsed {
  macs: Uint8Array[];
  timestamp?: string;
}

function decode(auth: HmacAuth, text: string): Uint8Array | undefined {
  return auth.encoding === 'hex' ? fromHex(text) : fromBase64(text);
}

/** The MACs (and, for `pairs`, the timestamp) in the signature header; undefined when malformed. */
function parseSignatures(auth: HmacAuth, value: string): Parsed | undefined {
  const trimmed = value.trim();
  if (auth.format === 'single') {
    if (!trimmed.startsWith(auth.prefix)) return undefined;
    const mac = decode(auth, trimmed.slice(auth.prefix.length));
    return mac ? { macs: [mac] } : undefined;
  }
  const parts = auth.format === 'list' ? trimmed.split(/ +/) : trimmed.split(',').map((p) => p.trim());
  const macs: Uint8Array[] = [];
  let timestamp: string | undefined;
  for (const part of parts) {
    if (auth.format === 'pairs' && part.startsWith('t=')) {
      // Two timestamps in one header would leave the signed one ambiguous.
      if (timestamp !== undefined) return undefined;
      timestamp = part.slice(2);
    } else if (part.startsWith(auth.prefix)) {
      // Entries of other versions (`v1a,`, `v0=`) are skipped; a broken entry of ours only counts as no match.
      const mac = decode(auth, part.slice(auth.prefix.length));
      if (mac) macs.push(mac);
    }
  }
  if (macs.length === 0) return undefined;
  return timestamp === undefined ? { macs } : { macs, timestamp };
}

/** The bytes the sender signed: the one definition that signing and verifying share. */
export function signedBytes(auth: HmacAuth, body: Uint8Array, timestamp: string, id: string): Uint8Array {
  switch (auth.signs) {
    case 'body':
      return body;
    case 'timestamp.body':
      return concatBytes([utf8(`${timestamp}.`), body]);
    case 'v0:timestamp:body':
      return concatBytes([utf8(`v0:${timestamp}:`), body]);
    case 'id.timestamp.body':
      return concatBytes([utf8(`${id}.${timestamp}.`), body]);
  }
}

/** The key bytes of a configured secret; throws on a secret that cannot be one (a setup error). */
export function secretKey(auth: HmacAuth, secret: string): Uint8Array {
  if (secret === '') throw new Error(`${auth.id}: a secret must not be empty`);
  if (auth.secretFormat === 'text') return utf8(secret);
  const key = fromBase64(secret.startsWith('whsec_') ? secret.slice('whsec_'.length) : secret);
  if (key === undefined || key.byteLength === 0) throw new Error(`${auth.id}: the secret must be base64, optionally after whsec_`);
  return key;
}

export function macsFor(auth: HmacAuth, secrets: readonly string[], engine: HmacEngine = 'auto'): Mac[] {
  return secrets.map((s) => macFor(auth.algorithm, secretKey(auth, s), engine));
}

export function hmacVerifier(
  auth: HmacAuth,
  secrets: readonly string[],
  options: VerifierOptions & { engine?: HmacEngine } = {},
): (request: SignedRequest, body: Uint8Array) => AuthResult | Promise<AuthResult> {
  const macs = macsFor(auth, secrets, options.engine);
  const tolerance = options.toleranceSeconds ?? DEFAULT_TOLERANCE_SECONDS;
  const now = options.now ?? Date.now;
  const fallbacks = auth.fallbackHeaders;
  return (given, body) => {
    const request = fallbacks === undefined ? given : withFallbacks(given, fallbacks);
    const header = request.header(auth.header);
    if (header === null || header.trim() === '') return { ok: false, reason: 'missing' };
    const parsed = parseSignatures(auth, header);
    if (parsed === undefined) return { ok: false, reason: 'malformed' };
    let timestamp = '';
    let id = '';
    if (auth.signs !== 'body') {
      const found = auth.format === 'pairs' ? parsed.timestamp : request.header(auth.timestampHeader ?? '');
      if (found === undefined || found === null) return { ok: false, reason: 'missing' };
      if (!/^\d{1,12}$/.test(found)) return { ok: false, reason: 'malformed' };
      // Outside the window a captured delivery could be replayed; inside it, idempotency keys catch repeats.
      if (Math.abs(now() / 1000 - Number(found)) > tolerance) return { ok: false, reason: 'stale' };
      timestamp = found;
    }
    if (auth.signs === 'id.timestamp.body') {
      const found = request.header(auth.idHeader ?? '');
      if (found === null || found === '') return { ok: false, reason: 'missing' };
      id = found;
    }
    return matchFrom(macs, 0, signedBytes(auth, body, timestamp, id), parsed.macs);
  };
}

/** The request with each header read under its fallback name when absent under its own. */
function withFallbacks(request: SignedRequest, fallbacks: Readonly<Record<string, string>>): SignedRequest {
  return {
    header: (name) => {
      const value = request.header(name);
      const other = Object.prototype.hasOwnProperty.call(fallbacks, name) ? fallbacks[name] : undefined;
      return value === null && other !== undefined ? request.header(other) : value;
    },
  };
}

function anyEqual(given: readonly Uint8Array[], expected: Uint8Array): boolean {
  let match = false;
  for (const mac of given) match = constantTimeEqualBytes(mac, expected) || match;
  return match;
}

/**
 * Whether one of the secrets' MACs (from index `from` on) is among the given ones. Synchronous
 * while the MACs are (node:crypto), so a Node receiver awaits nothing here; it continues on the
 * first promise (Web Crypto).
 */
function matchFrom(macs: readonly Mac[], from: number, signed: Uint8Array, given: readonly Uint8Array[]): AuthResult | Promise<AuthResult> {
  for (let i = from; i < macs.length; i++) {
    const expected = macs[i]!(signed);
    if (expected instanceof Promise) {
      return expected.then((mac) => (anyEqual(given, mac) ? MATCH : i + 1 < macs.length ? matchFrom(macs, i + 1, signed, given) : MISMATCH));
    }
    if (anyEqual(given, expected)) return MATCH;
  }
  return MISMATCH;
}
