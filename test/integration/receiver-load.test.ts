import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Agent } from 'node:http';
import http from 'node:http';
import { removeDir } from '../support/helpers.js';
import { loadGenerated, recordingLogger, serve, type Generated, type Running } from '../support/receiver-harness.js';

/**
 * 10,000 requests over 50 connections, a tenth of them redeliveries: every accepted event is
 * handled exactly once, and the heap returns to where it was once the load is gone.
 */
describe('generated receiver under load', () => {
  let dir = '';
  let g: Generated;
  let server: Running;
  const calls = new Map<string, number>();
  before(async () => {
    ({ dir, generated: g } = await loadGenerated());
    const handler = g.createWebhookHandler({
      token: g.token,
      allowedIps: ['127.0.0.1'],
      logger: recordingLogger().logger,
      handlers: { 'image_generation.complete': (event: any) => void calls.set(event.data.object.id, (calls.get(event.data.object.id) ?? 0) + 1) },
    });
    server = await serve(g.toNodeListener(handler));
  });
  after(async () => {
    await server.close();
    await removeDir(dir);
  });

  it('handles each accepted event exactly once, and memory settles', async () => {
    const gc = (globalThis as { gc?: () => void }).gc;
    assert.ok(gc, 'run with --expose-gc');
    const agent = new Agent({ keepAlive: true, maxSockets: 50 });
    const template = JSON.stringify(g.request.body);
    const send = (id: string) =>
      new Promise<number>((resolve, reject) => {
        const body = template.replace(g.request.body.data.object.id, id);
        const req = http.request(
          `${server.url}${g.request.path}`,
          { method: 'POST', agent, headers: { ...g.request.headers, 'content-length': Buffer.byteLength(body) } },
          (res) => {
            res.resume();
            res.on('end', () => resolve(res.statusCode ?? 0));
          },
        );
        req.on('error', reject);
        req.end(body);
      });
    const idFor = (n: number) => `00000000-0000-4000-8000-${n.toString().padStart(12, '0')}`;

    gc();
    const heapBefore = process.memoryUsage().heapUsed;
    const TOTAL = 10_000;
    const WORKERS = 50;
    const statuses = new Map<number, number>();
    let next = 0;
    const started = Date.now();
    await Promise.all(
      Array.from({ length: WORKERS }, async () => {
        while (next < TOTAL) {
          const n = next++;
          // Every tenth request redelivers an earlier event.
          const id = n % 10 === 9 ? idFor(n - 5) : idFor(n);
          const status = await send(id);
          statuses.set(status, (statuses.get(status) ?? 0) + 1);
        }
      }),
    );
    const seconds = (Date.now() - started) / 1000;
    agent.destroy();
    assert.deepEqual([...statuses.keys()], [200]);
    assert.equal(statuses.get(200), TOTAL);
    assert.equal(calls.size, TOTAL - TOTAL / 10);
    assert.ok(
      [...calls.values()].every((c) => c === 1),
      'a handler ran twice for one event',
    );

    await new Promise((r) => setTimeout(r, 200));
    gc();
    const heapAfter = process.memoryUsage().heapUsed;
    const grownMiB = (heapAfter - heapBefore) / 1024 / 1024;
    // What may stay: the idempotency keys (9,000) and the test's own map of calls.
    assert.ok(grownMiB < 16, `heap grew by ${grownMiB.toFixed(1)} MiB`);
    console.log(`# load: ${TOTAL} requests in ${seconds.toFixed(1)} s (${Math.round(TOTAL / seconds)} req/s), heap +${grownMiB.toFixed(1)} MiB after gc`);
  });
});
