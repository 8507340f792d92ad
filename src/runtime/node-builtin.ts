/**
 * A Node built-in module reached without an `import` (`process.getBuiltinModule`, Node 20.16+,
 * Bun, Deno), so bundlers for edge runtimes have nothing to resolve; undefined where there is
 * none (Workers, browsers, older Node), and the caller falls back to Web APIs. The SHA-256 of the
 * idempotency key and the sender verifiers' HMACs both reach node:crypto this way: synchronous,
 * where Web Crypto would cost a promise and a thread-pool hop per request.
 */
export function nodeBuiltin<T>(id: string): T | undefined {
  const host = globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } };
  try {
    return host.process?.getBuiltinModule?.(id) as T | undefined;
  } catch {
    return undefined;
  }
}
