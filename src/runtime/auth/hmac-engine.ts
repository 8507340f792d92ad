/**
 * HMAC with a key prepared once. Where node:crypto is reachable synchronously
 * (`process.getBuiltinModule`, Node 20.16+, Bun, Deno) it is used: a 1 KiB body costs a few
 * microseconds there, while Web Crypto's `crypto.subtle.sign` hops through a thread pool and costs
 * ten times more per request. Everywhere else (Workers, older Node) Web Crypto does the same
 * computation. No `import` of node:crypto, so bundlers for edge runtimes have nothing to resolve.
 * The result is the raw MAC; comparing it is the caller's job (constant time, in bytes.ts), so
 * both engines share one comparison.
 */

import { nodeBuiltin } from '../node-builtin.js';

export type HashAlgorithm = 'sha1' | 'sha256' | 'sha512';

/**
 * Computes the MAC of `data` under one key: synchronously with node:crypto, so a receiver on
 * Node pays no promise per request; a promise with Web Crypto, which has no synchronous API.
 */
export type Mac = (data: Uint8Array) => Uint8Array | Promise<Uint8Array>;

interface NodeCrypto {
  createHmac(algorithm: string, key: unknown): { update(data: Uint8Array): { digest(): Uint8Array } };
  createSecretKey?(key: Uint8Array): unknown;
}
interface SubtleLike {
  importKey(format: 'raw', key: Uint8Array, algorithm: { name: 'HMAC'; hash: string }, extractable: boolean, usages: string[]): Promise<unknown>;
  sign(algorithm: 'HMAC', key: unknown, data: Uint8Array): Promise<ArrayBuffer>;
}

const WEB_HASH: Record<HashAlgorithm, string> = { sha1: 'SHA-1', sha256: 'SHA-256', sha512: 'SHA-512' };

const nodeCrypto = (): NodeCrypto | undefined => nodeBuiltin<NodeCrypto>('node:crypto');

function subtle(): SubtleLike {
  const api = (globalThis as { crypto?: { subtle?: SubtleLike } }).crypto?.subtle;
  if (api === undefined) throw new Error('sender verification needs Web Crypto (globalThis.crypto.subtle) or node:crypto');
  return api;
}

export type HmacEngine = 'auto' | 'node' | 'web';

/** A MAC function for one key. `engine` is for tests, which run both paths on the same vectors. */
export function macFor(algorithm: HashAlgorithm, key: Uint8Array, engine: HmacEngine = 'auto'): Mac {
  const node = engine === 'web' ? undefined : nodeCrypto();
  if (node !== undefined) {
    // A KeyObject made once: createHmac then neither copies nor wraps the key on each request.
    const prepared = node.createSecretKey?.(key) ?? key;
    return (data) => node.createHmac(algorithm, prepared).update(data).digest();
  }
  if (engine === 'node') throw new Error('node:crypto is not reachable through process.getBuiltinModule here');
  let imported: Promise<unknown> | undefined;
  return async (data) => {
    imported ??= subtle().importKey('raw', key, { name: 'HMAC', hash: WEB_HASH[algorithm] }, false, ['sign']);
    return new Uint8Array(await subtle().sign('HMAC', await imported, data));
  };
}
