import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { Redis } from 'ioredis';
import { createClient } from 'redis';

/**
 * One receiver process of several sharing a Redis, for receiver-redis.test.ts. Arguments: the
 * compiled generated folder, the Redis URL, `node-redis` or `ioredis`, the token. It tells the
 * parent over IPC when it listens and each time a handler starts, fails or succeeds.
 *
 * The handler fails the first attempt (over all processes, counted in Redis) of every event whose
 * number is a multiple of 10, and never settles on the first attempt of the event numbered 999999.
 */

const [jsDir, url, clientKind, token] = process.argv.slice(2) as [string, string, 'node-redis' | 'ioredis', string];
const { createWebhookHandler, RedisIdempotencyStore } = await import(path.join(jsDir, 'receiver.js'));
const { toNodeListener } = await import(path.join(jsDir, 'receiver-node.js'));

let store: unknown;
let incr: (key: string) => Promise<number>;
if (clientKind === 'node-redis') {
  // As the README shows it.
  const client = await createClient({ url }).connect();
  store = new RedisIdempotencyStore({ command: (args: string[]) => client.sendCommand(args) });
  incr = (key) => client.incr(key);
} else {
  const redis = new Redis(url);
  store = new RedisIdempotencyStore({ command: (args: string[]) => redis.call(args[0]!, ...args.slice(1)) });
  incr = (key) => redis.incr(key);
}

const tell = (message: Record<string, unknown>) => process.send!({ ...message, pid: process.pid });
const numberOf = (id: string) => Number(id.slice(-12));

const handler = createWebhookHandler({
  token,
  allowedIps: ['127.0.0.1'],
  idempotencyStore: store,
  handlerTimeoutMs: 1_000,
  idempotencyLeaseMs: 1_500,
  logger: { warn: () => undefined, error: () => undefined },
  onError: () => undefined,
  handlers: {
    'image_generation.complete': async (event: { data: { object: { id: string } } }) => {
      const id = event.data.object.id;
      const n = numberOf(id);
      const attempt = await incr(`attempt:${id}`);
      tell({ started: id });
      if (n === 999999 && attempt === 1) return new Promise(() => undefined);
      await new Promise((r) => setTimeout(r, Math.random() * 10));
      if (n % 10 === 0 && attempt === 1) {
        tell({ failed: id });
        throw new Error('the first attempt fails');
      }
      tell({ handled: id });
    },
  },
});

const server = http.createServer(toNodeListener(handler));
server.keepAliveTimeout = 30_000;
server.listen(0, '127.0.0.1', () => tell({ port: (server.address() as AddressInfo).port }));
process.on('SIGTERM', () => {
  server.close();
  // Exits once the receiver has drained; a close that fails is the child's failure, and the test sees its exit code.
  handler.close().then(
    () => process.exit(0),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
});
