/**
 * Where deliveries are remembered, so an event is handled once even when it arrives several times,
 * at once, at several receiver processes. The contract is a claim with a lease: whoever claims a
 * key handles the event, then marks it done (kept `ttlMs`) or releases it so a redelivery can try
 * again; a process that dies while handling loses its claim when the lease runs out.
 */

/** `claimed`: handle it now. `in-flight`: someone else is handling it. `done`: it was handled. */
export type ClaimOutcome = 'claimed' | 'in-flight' | 'done';

export interface IdempotencyStore {
  /** Atomically: claims `key` for `leaseMs` unless it is claimed or done. */
  claim(key: string, leaseMs: number): ClaimOutcome | Promise<ClaimOutcome>;
  /** The claimed event was handled: remember it as done for `ttlMs`. */
  complete(key: string, ttlMs: number): unknown;
  /** The claimed event was not handled: forget the claim (only if it is still this store's own). */
  release(key: string): unknown;
}

/** True for an object with the three methods; the factory checks stores with it. */
export function isIdempotencyStore(value: unknown): value is IdempotencyStore {
  const store = value as Partial<Record<keyof IdempotencyStore, unknown>> | null;
  return typeof store === 'object' && store !== null && ['claim', 'complete', 'release'].every((m) => typeof store[m as keyof IdempotencyStore] === 'function');
}

/** Keys longer than this reach a store as a SHA-256 digest, so a store never holds large keys. */
export const MAX_PLAIN_KEY_LENGTH = 200;

interface WebCrypto {
  subtle: { digest(algorithm: string, data: Uint8Array): Promise<ArrayBuffer> };
}

/** `key` itself when short (at once), else a digest of it: the same key in every process. */
export function boundedKey(key: string): string | Promise<string> {
  return key.length <= MAX_PLAIN_KEY_LENGTH ? key : digestKey(key);
}

async function digestKey(key: string): Promise<string> {
  const crypto = (globalThis as unknown as { crypto: WebCrypto }).crypto;
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(key)));
  let hex = '';
  for (const byte of digest) hex += byte.toString(16).padStart(2, '0');
  return `sha256:${hex}`;
}

interface Entry {
  state: 'claimed' | 'done';
  expiry: number;
}

/**
 * One process's memory: right for a single receiver process, wrong for several (use a shared
 * store such as RedisIdempotencyStore). Bounded: at most `maxEntries` keys of at most
 * `maxKeyLength` characters; entries expire. When full, the oldest hundredth (at least one key)
 * goes in one pass: a Map keeps deleted slots until it is rehashed, so evicting one key per add
 * with `keys().next()` would walk every earlier deletion again on each add.
 * It answers synchronously; the receiver does not wait on an answer that is not a promise.
 */
export class MemoryIdempotencyStore implements IdempotencyStore {
  private readonly entries: Map<string, Entry> = new Map();
  private readonly batch: number;

  constructor(
    private readonly maxEntries: number = 10_000,
    private readonly now: () => number = Date.now,
    private readonly maxKeyLength: number = 1024,
  ) {
    if (!Number.isInteger(maxEntries) || maxEntries < 1) throw new Error('MemoryIdempotencyStore: maxEntries must be a positive integer');
    if (!Number.isInteger(maxKeyLength) || maxKeyLength < 1) throw new Error('MemoryIdempotencyStore: maxKeyLength must be a positive integer');
    this.batch = Math.max(1, Math.floor(maxEntries / 100));
  }

  /** Adds a key not in the map (so it goes last, as the newest), evicting the oldest if full. */
  private add(key: string, state: Entry['state'], expiry: number): void {
    if (key.length > this.maxKeyLength) throw new RangeError(`MemoryIdempotencyStore: a key is longer than ${this.maxKeyLength} characters`);
    if (this.entries.size >= this.maxEntries) {
      let excess = this.entries.size - this.maxEntries + this.batch;
      for (const oldest of this.entries.keys()) {
        this.entries.delete(oldest);
        if (--excess === 0) break;
      }
    }
    this.entries.set(key, { state, expiry });
  }

  claim(key: string, leaseMs: number): ClaimOutcome {
    const now = this.now();
    const entry = this.entries.get(key);
    if (entry !== undefined) {
      if (entry.expiry > now) return entry.state === 'done' ? 'done' : 'in-flight';
      this.entries.delete(key);
    }
    this.add(key, 'claimed', now + leaseMs);
    return 'claimed';
  }

  complete(key: string, ttlMs: number): void {
    const entry = this.entries.get(key);
    const expiry = this.now() + ttlMs;
    // The claim's entry becomes the done one in place: one lookup, and its place in the eviction
    // order (claimed moments ago) stays right.
    if (entry !== undefined) {
      entry.state = 'done';
      entry.expiry = expiry;
    } else {
      this.add(key, 'done', expiry);
    }
  }

  release(key: string): void {
    const entry = this.entries.get(key);
    if (entry !== undefined && (entry.state === 'claimed' || entry.expiry <= this.now())) this.entries.delete(key);
  }

  get size(): number {
    return this.entries.size;
  }
}
