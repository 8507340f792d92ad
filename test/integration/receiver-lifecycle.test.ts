import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { removeDir } from '../support/helpers.js';
import { loadGenerated, recordingLogger, seedRequests, serve, type Generated } from '../support/receiver-harness.js';

/** Shutting down, timeouts, and every failure heard: what an operator relies on. */
describe('generated receiver: shutdown and failure reports', () => {
  let dir = '';
  let g: Generated;
  before(async () => {
    ({ dir, generated: g } = await loadGenerated());
  });
  after(() => removeDir(dir));

  const { request, make, withId } = seedRequests(() => g);
  const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

  it('close(): new requests get 503, handlers in flight finish first, background ones too', async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const finished: string[] = [];
    let started!: () => void;
    const handling = new Promise<void>((r) => (started = r));
    const handler = make({
      handlers: {
        'image_generation.complete': async (e: any) => {
          started();
          await gate;
          finished.push(e.data.object.id);
        },
      },
    });
    const inFlight = handler(request({ body: withId('close-1') }));
    await handling;
    let closed = false;
    const closing = handler.close().then(() => (closed = true));
    const again = handler.close();
    const refused = await handler(request({ body: withId('close-2') }));
    assert.equal(refused.status, 503);
    assert.deepEqual(await refused.json(), { error: 'shutting down' });
    await sleep(20);
    assert.equal(closed, false, 'close() waits for the handler');
    release();
    assert.equal((await inFlight).status, 200);
    await closing;
    await again;
    assert.equal(finished.length, 1);

    // acknowledge: 'immediately' answers first; close() still waits for the handling.
    let done = false;
    const early = make({
      acknowledge: 'immediately',
      handlers: {
        'image_generation.complete': async () => {
          await sleep(50);
          done = true;
        },
      },
    });
    assert.equal((await early(request({ body: withId('close-3') }))).status, 200);
    await early.close();
    assert.equal(done, true);
  });

  it('close() over node:http: the example shutdown answers what is in flight', async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    let started!: () => void;
    const handling = new Promise<void>((r) => (started = r));
    const handler = make({
      handlers: {
        'image_generation.complete': () => {
          started();
          return gate;
        },
      },
    });
    const running = await serve(g.toNodeListener(handler));
    try {
      const post = (label: string) => fetch(running.url + g.request.path, { method: 'POST', headers: g.request.headers, body: JSON.stringify(withId(label)) });
      const first = post('node-close-1');
      await handling;
      const closing = handler.close();
      assert.equal((await post('node-close-2')).status, 503);
      release();
      assert.equal((await first).status, 200);
      await closing;
    } finally {
      release();
      await running.close();
    }
  });

  it('every 500 reaches onError, with its stage', async () => {
    const heard: string[] = [];
    const onError = (_e: unknown, c: { stage: string }) => void heard.push(c.stage);
    const cases: Array<[string, Record<string, unknown>, unknown]> = [
      [
        'handler',
        {
          handlers: {
            'image_generation.complete': () => {
              throw new Error('x');
            },
          },
        },
        withId('h'),
      ],
      [
        'idempotency-key',
        {
          idempotencyKey: () => {
            throw new Error('x');
          },
        },
        withId('k'),
      ],
      [
        'hook',
        {
          onUnknownEvent: () => {
            throw new Error('x');
          },
        },
        { ...withId('u'), type: 'video_generation.complete' },
      ],
      [
        'hook',
        {
          onInvalidEvent: () => {
            throw new Error('x');
          },
        },
        { ...withId('i'), timestamp: 'x' },
      ],
      [
        'hook',
        {
          handlers: {},
          onUnhandledEvent: () => {
            throw new Error('x');
          },
        },
        withId('n'),
      ],
    ];
    for (const [stage, options, body] of cases) {
      heard.length = 0;
      const response = await make({ ...options, onError })(request({ body }));
      assert.equal(response.status, 500, stage);
      assert.deepEqual(await response.json(), { error: 'internal error' });
      assert.deepEqual(heard, [stage]);
    }
  });

  it('an onError that never settles does not hold the answer; one that rejects is logged', async () => {
    const failing = {
      'image_generation.complete': () => {
        throw new Error('x');
      },
    };
    const stuck = make({ handlers: failing, onError: () => new Promise(() => undefined) });
    assert.equal((await stuck(request({ body: withId('stuck-on-error') }))).status, 500);
    const log = recordingLogger();
    const rejecting = make({ handlers: failing, logger: log.logger, onError: () => Promise.reject(new RangeError('x')) });
    assert.equal((await rejecting(request({ body: withId('rejecting-on-error') }))).status, 500);
    await sleep(10);
    assert.deepEqual(log.lines, [
      'error a handler failed; answered 500 so the sender retries {"event":"image_generation.complete","error":"Error","onError":"rejected (RangeError)"}',
    ]);
  });

  it('a store that never answers (a Redis client queueing while disconnected) fails the request after the timeout', async () => {
    const heard: Array<[string, string]> = [];
    const silent = new g.RedisIdempotencyStore({ command: () => new Promise(() => undefined) });
    const handler = make({ idempotencyStore: silent, handlerTimeoutMs: 100, onError: (e: Error, c: { stage: string }) => void heard.push([c.stage, e.name]) });
    const started = Date.now();
    assert.equal((await handler(request({ body: withId('silent-store') }))).status, 500);
    assert.ok(Date.now() - started < 2000);
    assert.deepEqual(heard, [['idempotency-store', 'StoreTimeout']]);
  });

  it('a Request whose body something already read: 500 and reported, not a hang', async () => {
    const heard: string[] = [];
    const used = request({ body: withId('used') });
    await used.text();
    const response = await make({ onError: (_e: unknown, c: { stage: string }) => void heard.push(c.stage) })(used);
    assert.equal(response.status, 500);
    assert.deepEqual(heard, ['body-unavailable']);
  });

  it('without onError or a logger, each failure is one console.error line, without payload values', async () => {
    const lines: unknown[][] = [];
    const original = console.error;
    console.error = (...args: unknown[]) => void lines.push(args);
    try {
      const handler = g.createWebhookHandler({
        token: g.token,
        allowedIps: false,
        handlers: {
          'image_generation.complete': (e: any) => {
            throw new Error(`failed on ${e.data.object.id}`);
          },
        },
      });
      const body = withId('console');
      assert.equal((await handler(request({ body }))).status, 500);
      assert.equal((await handler(request({ body }))).status, 500);
      assert.equal(lines.length, 2, 'one line per failure');
      const text = JSON.stringify(lines);
      assert.match(text, /\[webhook\] a handler failed; answered 500 so the sender retries/);
      assert.ok(!text.includes(body.data.object.id), 'no payload value');
    } finally {
      console.error = original;
    }
  });

  it('a handler that finishes after its timeout is remembered: the redelivery is a duplicate', async () => {
    const heard: string[] = [];
    let calls = 0;
    let finished!: () => void;
    const finishedLate = new Promise<void>((r) => (finished = r));
    const handler = make({
      handlerTimeoutMs: 50,
      handlers: {
        'image_generation.complete': async (_e: unknown, context: { signal: AbortSignal }) => {
          calls++;
          await new Promise((r) => context.signal.addEventListener('abort', r));
          await sleep(20);
          finished();
        },
      },
      onError: (_e: unknown, c: { stage: string }) => void heard.push(c.stage),
    });
    assert.equal((await handler(request({ body: withId('late') }))).status, 503);
    await finishedLate;
    await sleep(10);
    const again = await handler(request({ body: withId('late') }));
    assert.deepEqual(await again.json(), { status: 'ok', duplicate: true });
    assert.equal(calls, 1);
    assert.deepEqual(heard, ['handler-timeout']);
  });

  it('a refused address is logged once, naming it and the option', async () => {
    const log = recordingLogger();
    const handler = g.createWebhookHandler({ token: g.token, handlers: {}, logger: log.logger });
    for (let i = 0; i < 3; i++) assert.equal((await handler(request(), { remoteAddress: '127.0.0.1' })).status, 403);
    assert.equal((await handler(request(), { remoteAddress: '::1' })).status, 403);
    const forwarded = g.createWebhookHandler({ token: g.token, handlers: {}, logger: log.logger, trustProxy: { hops: 1 } });
    assert.equal((await forwarded(request({ headers: { 'x-forwarded-for': `1.2.3.4 [webhook] forged ${'x'.repeat(100)}` } }))).status, 403);
    assert.deepEqual(log.lines, [
      'warn refused a request from 127.0.0.1: not in allowedIps (add it to accept it; each address is logged once) {}',
      'warn refused a request from ::1: not in allowedIps (add it to accept it; each address is logged once) {}',
      `warn refused a request from "1.2.3.4 [webhook] forged ${'x'.repeat(64 - 25)}": not in allowedIps (add it to accept it; each address is logged once) {}`,
    ]);
  });
});
