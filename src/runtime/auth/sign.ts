import { toBase64, toHex, utf8 } from './bytes.js';
import { macFor } from './hmac-engine.js';
import { secretKey } from './hmac.js';
import type { HmacAuth, SenderAuth } from './scheme.js';
import { tokenHeaders } from './token.js';

/**
 * The sender's side of a scheme: the headers a delivery of `body` carries when sent with `secret`.
 * Request fixtures, `send --secret` and the generated tests sign with this, so a signature made
 * here and checked by createSenderVerifier meet in one description.
 */
export interface SigningContext {
  /** Unix seconds; signed by schemes with a replay window. */
  timestamp: number;
  /** The delivery id, signed by `id.timestamp.body` schemes. */
  id: string;
}

function signedText(auth: HmacAuth, at: SigningContext): string {
  switch (auth.signs) {
    case 'body':
      return '';
    case 'timestamp.body':
      return `${at.timestamp}.`;
    case 'v0:timestamp:body':
      return `v0:${at.timestamp}:`;
    case 'id.timestamp.body':
      return `${at.id}.${at.timestamp}.`;
  }
}

export async function signDelivery(auth: SenderAuth, secret: string, body: Uint8Array, at: SigningContext): Promise<Record<string, string>> {
  if (auth.kind !== 'hmac') return tokenHeaders(auth, secret);
  const head = utf8(signedText(auth, at));
  const signed = new Uint8Array(head.byteLength + body.byteLength);
  signed.set(head);
  signed.set(body, head.byteLength);
  const mac = await macFor(auth.algorithm, secretKey(auth, secret))(signed);
  const encoded = `${auth.prefix}${auth.encoding === 'hex' ? toHex(mac) : toBase64(mac)}`;
  const headers: Record<string, string> = { [auth.header]: auth.format === 'pairs' ? `t=${at.timestamp},${encoded}` : encoded };
  if (auth.signs !== 'body' && auth.format !== 'pairs' && auth.timestampHeader !== undefined) headers[auth.timestampHeader] = String(at.timestamp);
  if (auth.signs === 'id.timestamp.body' && auth.idHeader !== undefined) headers[auth.idHeader] = at.id;
  return headers;
}
