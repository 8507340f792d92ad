import { toBase64, toHex } from './bytes.js';
import { macFor } from './hmac-engine.js';
import { secretKey, signedBytes } from './hmac.js';
import type { HmacAuth, SenderAuth } from './scheme.js';
import { tokenHeaders } from './token.js';

/**
 * The sender's side of a scheme: the headers a delivery of `body` carries when sent with `secret`.
 * Request fixtures, `send --secret` and the generated tests sign with this, and verification reads
 * the same signedBytes, so a signature made here and one checked by createSenderVerifier cannot
 * disagree about what is signed.
 */
export interface SigningContext {
  /** Unix seconds; signed by schemes with a replay window. */
  timestamp: number;
  /** The delivery id, signed by `id.timestamp.body` schemes. */
  id: string;
}

/** The headers for an HMAC already computed over signedBytes(auth, body, ...). */
export function hmacHeaders(auth: HmacAuth, mac: Uint8Array, at: SigningContext): Record<string, string> {
  const encoded = `${auth.prefix}${auth.encoding === 'hex' ? toHex(mac) : toBase64(mac)}`;
  const headers: Record<string, string> = { [auth.header]: auth.format === 'pairs' ? `t=${at.timestamp},${encoded}` : encoded };
  if (auth.signs !== 'body' && auth.format !== 'pairs' && auth.timestampHeader !== undefined) headers[auth.timestampHeader] = String(at.timestamp);
  if (auth.signs === 'id.timestamp.body' && auth.idHeader !== undefined) headers[auth.idHeader] = at.id;
  return headers;
}

/**
 * Signs with a MAC function given by the caller: the generator passes node:crypto's, synchronous,
 * so emitters stay synchronous functions of the model.
 */
export function signDeliveryWith(
  auth: SenderAuth,
  secret: string,
  body: Uint8Array,
  at: SigningContext,
  hmac: (algorithm: HmacAuth['algorithm'], key: Uint8Array, data: Uint8Array) => Uint8Array,
): Record<string, string> {
  if (auth.kind !== 'hmac') return tokenHeaders(auth, secret);
  return hmacHeaders(auth, hmac(auth.algorithm, secretKey(auth, secret), signedBytes(auth, body, String(at.timestamp), at.id)), at);
}

export async function signDelivery(auth: SenderAuth, secret: string, body: Uint8Array, at: SigningContext): Promise<Record<string, string>> {
  if (auth.kind !== 'hmac') return tokenHeaders(auth, secret);
  const mac = await macFor(auth.algorithm, secretKey(auth, secret))(signedBytes(auth, body, String(at.timestamp), at.id));
  return hmacHeaders(auth, mac, at);
}
