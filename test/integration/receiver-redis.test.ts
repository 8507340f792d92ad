import assert from 'node:assert/strict';
import { fork, type ChildProcess } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import http from 'node:http';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { Redis } from 'ioredis';
import { createClient } from 'redis';
import { removeDir, ROOT } from '../support/helpers.js';
import { loadGenerated, type Generated } from '../support/receiver-harness.js';
import { redisUnavailable, startRedis, type RedisServer } from '../support/redis-server.js';

/**
 * The Redis idempotency store against a real redis-server, through both clients the README
 * shows, and receivers in two processes sharing one Redis as they would behind one URL.
 */

const skip = redisUnavailable();
const CHILD = fileURLToPath(new URL('../support/redis-receiver-process.js', import.meta.url));
/** The README's adapters, exactly: the tests below use these lines. */
const NODE_REDIS_ADAPTER = 'new RedisIdempotencyStore({ command: (args) => client.sendCommand(args) })';
const IOREDIS_ADAPTER = 'new RedisIdempotencyStore({ command: (args) => redis.call(args[0]!, ...args.slice(1)) })';

describe('Redis idempotency store, against redis-server', { skip }, () => {
  let dir = '';
  let g: Generated;
  let redis: RedisServer;
  const closers: Array<() => Promise<unknown>> = [];
  before(async () => {
    ({ dir, generated: g } = await loadGenerated());
    redis = await startRedis();
  });
  after(async () => {
    for (const close of closers) await close();
    await redis?.stop();
    await removeDir(dir);
  });

  /** A command function per client, made as the README makes it. */
  const clients = {
    'node-redis': async () => {
      const client = await createClient({ url: redis.url }).connect();
      closers.push(() => client.close());
      return { command: (args: string[]) => client.sendCommand(args) };
    },
    ioredis: async () => {
      const client = new Redis(redis.url);
      closers.push(() => client.quit());
      return { command: (args: string[]) => client.call(args[0]!, ...args.slice(1)) };
    },
  };

  it('the README shows both adapters as tested here', async () => {
    const readme = await readFile(path.join(ROOT, 'README.md'), 'utf8');
    assert.ok(readme.includes(NODE_REDIS_ADAPTER), 'node-redis adapter');
    assert.ok(readme.includes(IOREDIS_ADAPTER), 'ioredis adapter');
  });

  for (const [kind, connect] of Object.entries(clients)) {
    it(`${kind}: claim, in flight, done; a release never frees another process's claim; leases and TTLs expire`, async () => {
      const { command } = await connect();
      // Two stores stand for two processes.
      const [a, b] = [new g.RedisIdempotencyStore({ command, prefix: `${kind}:` }), new g.RedisIdempotencyStore({ command, prefix: `${kind}:` })];
      assert.equal(await a.claim('e1', 5000), 'claimed');
      assert.equal(await b.claim('e1', 5000), 'in-flight');
      await a.complete('e1', 60_000);
      assert.equal(await b.claim('e1', 5000), 'done');
      assert.equal(await command(['GET', `${kind}:e1`]), 'done', 'kept under the prefix');

      assert.equal(await a.claim('e2', 100), 'claimed');
      await new Promise((r) => setTimeout(r, 150));
      assert.equal(await b.claim('e2', 5000), 'claimed', 'a lease runs out: a dead process does not block the event');
      await a.release('e2');
      assert.equal(await a.claim('e2', 5000), 'in-flight', "a's release left b's claim alone");
      await b.release('e2');
      assert.equal(await a.claim('e2', 5000), 'claimed');

      await a.complete('e3', 100);
      await new Promise((r) => setTimeout(r, 150));
      assert.equal(await b.claim('e3', 5000), 'claimed', 'done is remembered for the TTL only');
    });
  }

  /** Starts a receiver process; resolves with its port once it listens. */
  const events: Array<Record<string, unknown>> = [];
  const startReceiver = async (kind: string): Promise<{ child: ChildProcess; port: number }> => {
    const child = fork(CHILD, [g.jsDir, redis.url, kind, g.token], {
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      env: { ...process.env, NODE_TEST_CONTEXT: '' },
    });
    closers.push(async () => child.exitCode === null && child.signalCode === null && child.kill('SIGKILL'));
    const port = await new Promise<number>((resolve, reject) => {
      child.on('message', (m: Record<string, unknown>) => (m.port !== undefined ? resolve(m.port as number) : events.push(m)));
      child.once('exit', (code) => reject(new Error(`receiver process exited with ${code}`)));
    });
    return { child, port };
  };
  const agent = new http.Agent({ keepAlive: true, maxSockets: 128 });
  closers.push(async () => agent.destroy());
  const idFor = (n: number) => `00000000-0000-4000-8000-${n.toString().padStart(12, '0')}`;
  const post = (port: number, id: string) =>
    new Promise<number>((resolve, reject) => {
      const body = JSON.stringify(g.request.body).replace(g.request.body.data.object.id, id);
      const req = http.request(
        { host: '127.0.0.1', port, path: g.request.path, method: 'POST', agent, headers: { ...g.request.headers, 'content-length': Buffer.byteLength(body) } },
        (res) => {
          res.resume();
          res.on('end', () => resolve(res.statusCode ?? 0));
        },
      );
      req.setTimeout(10_000, () => req.destroy(new Error('no answer within 10 s')));
      req.on('error', reject);
      req.end(body);
    });

  it('two processes, one Redis: 2,000 deliveries of 500 events, 4 copies at once each, 10% failing first: each handled once', async () => {
    const [one, two] = await Promise.all([startReceiver('node-redis'), startReceiver('ioredis')]);
    const ports = [one.port, two.port];
    const statuses = new Map<number, number>();
    let requests = 0;
    /** A sender: retries a delivery until it is acknowledged, as webhook senders do. */
    const deliver = async (id: string, port: number) => {
      for (;;) {
        requests++;
        const status = await post(port, id);
        statuses.set(status, (statuses.get(status) ?? 0) + 1);
        if (status >= 200 && status < 300) return;
        await new Promise((r) => setTimeout(r, 20 + Math.random() * 30));
      }
    };
    const EVENTS = 500;
    const started = Date.now();
    let next = 0;
    await Promise.all(
      Array.from({ length: 40 }, async () => {
        while (next < EVENTS) {
          const id = idFor(next++);
          // The four copies at once, spread over both processes.
          await Promise.all([0, 1, 2, 3].map((copy) => deliver(id, ports[copy % 2]!)));
        }
      }),
    );
    const seconds = (Date.now() - started) / 1000;
    const handled = new Map<string, number>();
    for (const e of events) if (typeof e.handled === 'string') handled.set(e.handled, (handled.get(e.handled) ?? 0) + 1);
    const failed = events.filter((e) => typeof e.failed === 'string').length;
    const byProcess = new Set(events.filter((e) => e.handled).map((e) => e.pid));
    console.log(
      `# two processes: ${EVENTS * 4} deliveries of ${EVENTS} events in ${seconds.toFixed(1)} s, ${requests} requests ` +
        `(${[...statuses].map(([s, n]) => `${n}x ${s}`).join(', ')}), ${failed} first attempts failed, handled in ${byProcess.size} processes`,
    );
    assert.equal(handled.size, EVENTS, 'every event handled');
    assert.ok(
      [...handled.values()].every((n) => n === 1),
      'an event was handled successfully twice',
    );
    assert.equal(failed, EVENTS / 10);
    assert.equal(byProcess.size, 2);
    assert.equal(
      [...statuses.values()].reduce((a, b) => a + b, 0),
      requests,
      'every request was answered',
    );
    events.length = 0;

    // A process killed while handling: after the lease, a redelivery to the other is handled.
    const stuck = idFor(999999);
    const startedThere = new Promise<void>((resolve) => one.child.on('message', (m: Record<string, unknown>) => m.started === stuck && resolve()));
    void post(one.port, stuck).catch(() => undefined);
    await startedThere;
    one.child.kill('SIGKILL');
    assert.equal(await post(two.port, stuck), 503, 'still claimed by the dead process');
    await new Promise((r) => setTimeout(r, 1_600));
    assert.equal(await post(two.port, stuck), 200);
    assert.ok(
      events.some((e) => e.handled === stuck && e.pid === two.child.pid),
      'the other process handled the redelivery',
    );
  });
});
