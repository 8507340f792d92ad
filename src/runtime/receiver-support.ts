/**
 * The receiver's building blocks that do not depend on the spec: address matching, the token
 * comparison, the idempotency store and body reading. Web-standard APIs only, so the receiver
 * runs on Node, Bun, Deno and Workers alike.
 */

/** IPv4 `a.b.c.d` as a 32-bit number, or undefined. */
function ipv4(address: string): number | undefined {
  const parts = address.split('.');
  if (parts.length !== 4) return undefined;
  let value = 0;
  for (const part of parts) {
    if (!/^\d{1,3}$/.test(part) || Number(part) > 255) return undefined;
    value = value * 256 + Number(part);
  }
  return value;
}

/** `::ffff:1.2.3.4` (how Node reports IPv4 on a dual-stack socket) → `1.2.3.4`; trims brackets. */
export function normalizeAddress(address: string): string {
  const trimmed = address.trim().replace(/^\[(.*)\]$/, '$1').toLowerCase();
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(trimmed);
  return mapped ? mapped[1]! : trimmed;
}

/** A matcher for addresses and CIDR ranges (IPv4 ranges; IPv6 addresses match exactly). */
export function addressMatcher(entries: readonly string[]): (address: string) => boolean {
  const ranges: Array<[number, number]> = [];
  const exact = new Set<string>();
  for (const entry of entries) {
    const [base, bits] = entry.split('/');
    const start = ipv4(base ?? '');
    if (start !== undefined && bits !== undefined && /^\d+$/.test(bits) && Number(bits) <= 32) {
      const size = 2 ** (32 - Number(bits));
      const first = Math.floor(start / size) * size;
      ranges.push([first, first + size - 1]);
    } else if (bits !== undefined) {
      throw new Error(`not an address or IPv4 CIDR range: ${entry}`);
    } else {
      exact.add(normalizeAddress(entry));
    }
  }
  return (address) => {
    const normal = normalizeAddress(address);
    if (exact.has(normal)) return true;
    const value = ipv4(normal);
    return value !== undefined && ranges.some(([first, last]) => value >= first && value <= last);
  };
}

/**
 * Compares two strings without stopping at the first difference, so the time taken does not tell
 * an attacker how much of a guessed token was right. Works on UTF-16 code units: no allocation.
 */
export function constantTimeEqual(a: string, b: string): boolean {
  let diff = a.length ^ b.length;
  const length = Math.max(a.length, b.length);
  for (let i = 0; i < length; i++) diff |= (a.charCodeAt(i) | 0) ^ (b.charCodeAt(i) | 0);
  return diff === 0;
}

/**
 * Where processed deliveries are remembered, so a redelivery does not run its handler twice.
 * The in-memory store fits one process; for several, implement this over Redis or a database
 * (`SET key 1 NX PX ttl` and `EXISTS key`).
 */
export interface IdempotencyStore {
  has(key: string): boolean | Promise<boolean>;
  add(key: string, ttlMs: number): void | Promise<void>;
}

/** Bounded and expiring: the oldest keys go first once `maxEntries` is reached. */
export class MemoryIdempotencyStore implements IdempotencyStore {
  private readonly expiries = new Map<string, number>();

  constructor(private readonly maxEntries = 10_000, private readonly now: () => number = Date.now) {}

  has(key: string): boolean {
    const expiry = this.expiries.get(key);
    if (expiry === undefined) return false;
    if (expiry > this.now()) return true;
    this.expiries.delete(key);
    return false;
  }

  add(key: string, ttlMs: number): void {
    this.expiries.delete(key);
    this.expiries.set(key, this.now() + ttlMs);
    while (this.expiries.size > this.maxEntries) this.expiries.delete(this.expiries.keys().next().value as string);
  }

  get size(): number {
    return this.expiries.size;
  }
}

export class BodyTooLarge extends Error {}

/** Reads a body, stopping (and cancelling the stream) as soon as it passes `limit` bytes. */
export async function readBody(stream: ReadableStream<Uint8Array> | null, limit: number): Promise<Uint8Array> {
  if (stream === null) return new Uint8Array(0);
  const reader = stream.getReader();
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

/** Names of fields that hold credentials. `apiKeyId` or `tokenCost` are not among them. */
const SECRET_FIELD = /^(?:key|secret|password|passcode|token|api_?key)$|(?:ApiKey|_api_key|Secret|_secret|Password|_password|Passcode|Token|_token)$/;

export function isSecretField(key: string): boolean {
  return SECRET_FIELD.test(key);
}

/** A copy of a parsed body with every string in a secret-named field replaced. */
export function redactSecrets(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(redactSecrets);
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [key, child] of Object.entries(value)) {
    const redacted = typeof child === 'string' && isSecretField(key) ? 'REDACTED' : redactSecrets(child);
    Object.defineProperty(out, key, { value: redacted, enumerable: true, writable: true, configurable: true });
  }
  return out;
}
