// How every receiver bench sets up the generated receiver, defined once so their figures are of the
// same receiver: the allowlist and the one handler, a fresh idempotency key per request (every
// request posts the same body), and a memory store already full.

/** A memory store at its 10,000 entries before the first request: every new delivery claims, completes and evicts. */
export function fullMemoryStore(MemoryIdempotencyStore) {
  const store = new MemoryIdempotencyStore();
  for (let i = 0; i < 10_000; i++) store.complete(`warm:${i}`, 86_400_000);
  return store;
}

/**
 * createWebhookHandler's options: `sender` is `{ token }` or `{ secret }`; with a store, each
 * request is a new delivery (the process id in the key keeps processes sharing Redis apart).
 */
export function receiverOptions(sender, idempotencyStore) {
  let delivery = 0;
  return {
    ...sender,
    allowedIps: ['127.0.0.1'],
    handlers: { 'image_generation.complete': () => undefined },
    idempotencyKey: idempotencyStore ? () => `delivery:${process.pid}:${delivery++}` : () => undefined,
    ...(idempotencyStore ? { idempotencyStore } : {}),
    logger: { warn: () => undefined, error: () => undefined },
  };
}
