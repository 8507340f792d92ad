import type { ClaimOutcome, IdempotencyStore } from './idempotency.js';

/**
 * The idempotency store for several receiver processes (pods, serverless functions) sharing one
 * Redis. It needs no Redis package of its own: give it a function that sends one command, which
 * every client has (node-redis: `(args) => client.sendCommand(args)`; ioredis:
 * `(args) => redis.call(args[0]!, ...args.slice(1))`), so the generated code depends on zod alone.
 */

/** Sends one Redis command (`['SET', key, value, ...]`) and resolves with its reply. */
export type RedisCommand = (args: string[]) => Promise<unknown>;

export interface RedisIdempotencyStoreOptions {
  command: RedisCommand;
  /** Put before every key, so several receivers can share a database; default `webhook:`. */
  prefix?: string | undefined;
}

const DONE = 'done';

/** Deletes the key only while it still holds this claim's token: never another process's claim. */
const RELEASE = "if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) else return 0 end";

/** A token no other claim has: the release script compares it. */
function claimToken(): string {
  const crypto = (globalThis as unknown as { crypto?: { getRandomValues?(array: Uint8Array): Uint8Array } }).crypto;
  const bytes = new Uint8Array(16);
  if (crypto?.getRandomValues) crypto.getRandomValues(bytes);
  else for (let i = 0; i < bytes.length; i++) bytes[i] = Math.floor(Math.random() * 256);
  let hex = 'claim:';
  for (const byte of bytes) hex += byte.toString(16).padStart(2, '0');
  return hex;
}

/**
 * A claim is `SET key <token> NX PX lease`; completion is `SET key done PX ttl`; a release runs
 * a small script that deletes the key only if it still holds our token (a claim whose lease ran
 * out may belong to another process by now).
 */
export class RedisIdempotencyStore implements IdempotencyStore {
  private readonly command: RedisCommand;
  private readonly prefix: string;
  /** This process's live claims: key -> token. */
  private readonly claims: Map<string, string> = new Map();

  constructor(options: RedisIdempotencyStoreOptions) {
    if (typeof options?.command !== 'function') {
      throw new Error('RedisIdempotencyStore: `command` must be a function that sends one Redis command, e.g. (args) => client.sendCommand(args)');
    }
    if (options.prefix !== undefined && typeof options.prefix !== 'string') throw new Error('RedisIdempotencyStore: `prefix` must be a string');
    this.command = options.command;
    this.prefix = options.prefix ?? 'webhook:';
  }

  async claim(key: string, leaseMs: number): Promise<ClaimOutcome> {
    const redisKey = this.prefix + key;
    // A key can expire or be released between SET and GET; then the claim is simply tried again.
    for (let attempt = 0; attempt < 3; attempt++) {
      const token = claimToken();
      const set = await this.command(['SET', redisKey, token, 'PX', String(Math.max(1, Math.ceil(leaseMs))), 'NX']);
      if (set === 'OK') {
        this.claims.set(key, token);
        return 'claimed';
      }
      const value = await this.command(['GET', redisKey]);
      if (value === DONE) return 'done';
      if (value !== null && value !== undefined) return 'in-flight';
    }
    return 'in-flight';
  }

  async complete(key: string, ttlMs: number): Promise<void> {
    this.claims.delete(key);
    await this.command(['SET', this.prefix + key, DONE, 'PX', String(Math.max(1, Math.ceil(ttlMs)))]);
  }

  async release(key: string): Promise<void> {
    const token = this.claims.get(key);
    if (token === undefined) return;
    this.claims.delete(key);
    await this.command(['EVAL', RELEASE, '1', this.prefix + key, token]);
  }
}
