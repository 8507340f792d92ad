import type { HmacAuth } from '../../runtime/auth/scheme.js';

/**
 * A generic HMAC scheme read from prose: the hash, that the raw body is what is signed, hex or
 * base64, and a prefix such as `sha1=`. Anything the text does not state makes the scheme
 * "unclear" with the missing piece named, never a guess: a wrong guess would refuse every real
 * delivery, or (worse) pass a check that is not the sender's.
 */
export type HmacReading = { ok: true; auth: HmacAuth } | { ok: false; unenforceable: boolean; reason: string };

const ALGORITHM = /hmac[\s_-]*sha[\s-]?(1|256|512)\b|\bsha[\s-]?(1|256|512)[\s-]+hmac/i;
const CANONICAL = /canonical request|request method|http method/i;
const BODY = /\b(?:raw|unmodified|request|json)\b[^.;]{0,24}\b(?:body|payload)\b|\b(?:over|of) the (?:raw |request |json )*(?:body|payload)\b/i;
const PREFIX = /prefixed with `([^`\s]+)`|`([a-z0-9]+=)[^`]*`/i;

export function readHmac(id: string, header: string, text: string, signsTimestamp: boolean): HmacReading {
  if (CANONICAL.test(text)) {
    return { ok: false, unenforceable: true, reason: 'an HMAC of a canonical request (method, path, chosen headers and body), not of the body alone' };
  }
  const algorithm = ALGORITHM.exec(text);
  if (algorithm === null) return { ok: false, unenforceable: false, reason: 'an HMAC, but the spec does not name the hash (SHA-1, SHA-256, SHA-512)' };
  if (signsTimestamp)
    return { ok: false, unenforceable: false, reason: 'an HMAC that also covers a timestamp, but the spec does not say how the two are joined' };
  if (!BODY.test(text)) return { ok: false, unenforceable: false, reason: 'an HMAC, but the spec does not say the raw body is what is signed' };
  const hex = /\bhex/i.test(text);
  const base64 = /base-?64/i.test(text);
  if (hex === base64) {
    return { ok: false, unenforceable: false, reason: `an HMAC, but the spec ${hex ? 'names both hex and base64' : 'does not say hex or base64'}` };
  }
  const prefix = PREFIX.exec(text);
  return {
    ok: true,
    auth: {
      kind: 'hmac',
      id,
      algorithm: `sha${algorithm[1] ?? algorithm[2]}` as HmacAuth['algorithm'],
      encoding: hex ? 'hex' : 'base64',
      header: header.toLowerCase(),
      format: 'single',
      prefix: prefix?.[1] ?? prefix?.[2] ?? '',
      signs: 'body',
      secretFormat: 'text',
    },
  };
}
