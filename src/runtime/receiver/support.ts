import type { HeaderList } from '../auth/scheme.js';
import { requestPath } from '../request-path.js';
import type { IncomingDelivery } from './core.js';
import type { DeliveryRecording } from './options.js';

/**
 * The receiver's building blocks that do not depend on the spec: body reading, the Web-standard
 * request as the receiver sees it (WebDelivery), and secret redaction for recordings.
 * Web-standard APIs only, so the receiver runs on Node, Bun, Deno and Workers alike.
 */

export class BodyTooLarge extends Error {
  override name: string = 'BodyTooLarge';
}

/** The body did not finish arriving in time (bodyTimeoutMs), or the receiver is closing. */
export class BodyTimedOut extends Error {
  override name: string = 'BodyTimedOut';
}

/**
 * The body cannot be read because something else read it first (a body parser mounted before
 * the receiver): a server configuration mistake, answered 500 and reported, never a hang.
 */
export class BodyUnavailable extends Error {
  override name: string = 'BodyUnavailable';
}

/**
 * How the receiver ends a body read in progress (too slow, or the receiver closing): the reader
 * hands it the function that stops it; the receiver answers at once either way.
 */
export type OnStop = (stop: (reason: Error) => void) => void;

/**
 * Reads a body, stopping (and cancelling the stream) as soon as it passes `limit` bytes, or when
 * the receiver stops it through `onStop` (it answers then; the cancel stops the transfer).
 */
export async function readBody(stream: ReadableStream<Uint8Array> | null, limit: number, onStop?: OnStop): Promise<Uint8Array> {
  if (stream === null) return new Uint8Array(0);
  const reader = stream.getReader();
  onStop?.((reason) => void reader.cancel(reason).catch(() => undefined));
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel().catch(() => undefined);
      throw new BodyTooLarge(`body is larger than ${limit} bytes`);
    }
    chunks.push(value);
  }
  const body = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    body.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return body;
}

/**
 * The Web-standard body: one `arrayBuffer()` when the sender declared a length within the limit
 * (servers frame such a body by that length, and @hono/node-server then reads the socket directly
 * instead of building a ReadableStream); the stream, stopped at the limit, for a chunked body or
 * a declared length over it. A Request built by hand can carry a body longer than its header
 * says: the length actually read is checked again.
 */
export async function readRequestBody(request: Request, limit: number, onStop?: OnStop): Promise<Uint8Array> {
  const declared = request.headers.get('content-length');
  if (declared === null || !/^\d{1,15}$/.test(declared) || Number(declared) > limit) return readBody(request.body, limit, onStop);
  const body = new Uint8Array(await request.arrayBuffer());
  if (body.byteLength > limit) throw new BodyTooLarge(`body is larger than ${limit} bytes`);
  return body;
}

/**
 * The rule for fields that hold credentials, on the key name alone: split into words at `_`, `-`,
 * `.`, spaces and each lower-to-upper case change (`privateKey` -> private, key), the field is a
 * secret when its LAST word is one of these (any case). So `privateKey`, `signing_key`, `apiKey`,
 * `access_token`, `passwd`, `clientSecret` are secrets; `apiKeyId`, `tokenCost`, `keyword` are not.
 * It errs towards redacting: `publicKey` or `sortKey` are redacted too, which costs a recording one
 * value, where missing a secret would leak it.
 */
export const SECRET_WORDS: readonly string[] = [
  'apikey',
  'authorization',
  'cookie',
  'credential',
  'credentials',
  'jwt',
  'key',
  'passcode',
  'passphrase',
  'passwd',
  'password',
  'pwd',
  'secret',
  'token',
];
const SECRET_WORD_SET = new Set(SECRET_WORDS);

/**
 * A Web-standard Request as the receiver sees it: one object per request, its methods on the
 * prototype, rather than an object of fresh closures (the node path's NodeDelivery likewise).
 */
export class WebDelivery implements IncomingDelivery {
  readonly method: string;
  readonly url: string;
  readonly path: string;

  constructor(
    private readonly request: Request,
    readonly remoteAddress: string | undefined,
  ) {
    this.method = request.method;
    this.url = request.url;
    this.path = requestPath(this.url);
  }

  header(name: string): string | null {
    return this.request.headers.get(name);
  }

  body(limit: number, onStop?: OnStop): Promise<Uint8Array> {
    return this.request.bodyUsed ? Promise.reject(new BodyUnavailable('the request body was already read')) : readRequestBody(this.request, limit, onStop);
  }

  headerList(): HeaderList {
    return this.request.headers;
  }
}

/** Whether a field of this name holds a credential, by the rule of SECRET_WORDS. */
export function isSecretField(key: string): boolean {
  const words = key.replace(/([a-z0-9])([A-Z])/g, '$1 $2').split(/[\s_.-]+/);
  let last = words.length - 1;
  while (last > 0 && words[last] === '') last--;
  return SECRET_WORD_SET.has(words[last]!.toLowerCase());
}

/** A copy of a parsed body with every string or number in a secret-named field replaced. */
export function redactSecrets(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(redactSecrets);
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [key, child] of Object.entries(value)) {
    const redacted = (typeof child === 'string' || typeof child === 'number') && isSecretField(key) ? 'REDACTED' : redactSecrets(child);
    Object.defineProperty(out, key, { value: redacted, enumerable: true, writable: true, configurable: true });
  }
  return out;
}

/** The request headers worth keeping in a recording, the credential replaced. */
const RECORDED_HEADERS = ['content-type', 'user-agent', 'authorization', 'x-forwarded-for'];

/** What onRecord receives for one authentic delivery: the credential and secret fields redacted. */
export function recordingOf(
  outcome: DeliveryRecording['outcome'],
  event: string | null,
  header: (name: string) => string | null,
  body: unknown,
  identityHeaders: readonly string[] = [],
): DeliveryRecording {
  const headers: Record<string, string> = {};
  // The headers that name the event too: without them, verify could not tell what a recording is.
  for (const name of [...RECORDED_HEADERS, ...identityHeaders]) {
    const value = header(name);
    if (value !== null) headers[name] = name === 'authorization' ? 'REDACTED' : value;
  }
  return { leonardoWebhookRecording: 1, receivedAt: new Date().toISOString(), outcome, event, headers, body: redactSecrets(body) };
}
