import assert from 'node:assert/strict';
import net from 'node:net';
import { after, before, describe, it } from 'node:test';
import { removeDir } from '../support/helpers.js';
import { loadGenerated, recordingLogger, seedRequests, serve, type Generated } from '../support/receiver-harness.js';

/** The receiver's options, mostly through the Web-standard handler itself. */
describe('generated receiver options', () => {
  let dir = '';
  let g: Generated;
  before(async () => {
    ({ dir, generated: g } = await loadGenerated());
  });
  after(() => removeDir(dir));

  const { request, make, withId } = seedRequests(() => g);

  it('refuses to start without a token unless told to accept any caller', () => {
    assert.throws(() => g.createWebhookHandler({ handlers: {} }), /set `token` \(the webhook API key\), or `allowUnauthenticated: true`/);
    assert.throws(() => g.createWebhookHandler({ token: '', handlers: {} }), /must not be empty/);
    assert.doesNotThrow(() => g.createWebhookHandler({ allowUnauthenticated: true, handlers: {} }));
  });

  it('accepts every token of a rotation, and only those', async () => {
    const handler = make({ token: ['old-key', 'new-key'] });
    for (const [token, status] of [
      ['old-key', 200],
      ['new-key', 200],
      ['other', 401],
    ] as const) {
      const response = await handler(request({ headers: { authorization: `Bearer ${token}` }, body: withId(`rotation-${token}`) }));
      assert.equal(response.status, status, token);
    }
  });

  it('checks the documented sender addresses by default', async () => {
    const handler = g.createWebhookHandler({ token: g.token, handlers: {}, logger: recordingLogger().logger });
    assert.equal((await handler(request(), { remoteAddress: '10.0.0.1' })).status, 403);
    assert.equal((await handler(request(), { remoteAddress: '35.173.108.170' })).status, 202);
    assert.equal((await handler(request(), { remoteAddress: '::ffff:174.129.230.221' })).status, 202);
  });

  it('refuses with a log line naming the option when the address is unknown', async () => {
    const log = recordingLogger();
    const handler = g.createWebhookHandler({ token: g.token, handlers: {}, logger: log.logger });
    assert.equal((await handler(request())).status, 403);
    assert.match(log.lines[0]!, /client address is unknown; pass context\.remoteAddress .*set trustProxy, or set allowedIps: false/);
  });

  it('accepts CIDR ranges', async () => {
    const handler = make({ allowedIps: ['203.0.113.0/24'] });
    assert.equal((await handler(request({ body: withId('cidr-1') }), { remoteAddress: '203.0.113.77' })).status, 200);
    assert.equal((await handler(request(), { remoteAddress: '203.0.114.1' })).status, 403);
  });

  it('ignores X-Forwarded-For unless trustProxy says how to read it', async () => {
    const spoofed = { headers: { 'x-forwarded-for': '35.173.108.170' } };
    const plain = make({ allowedIps: ['35.173.108.170'] });
    assert.equal((await plain(request(spoofed), { remoteAddress: '198.51.100.9' })).status, 403);

    const proxied = make({ allowedIps: ['35.173.108.170'], trustProxy: { proxies: ['10.0.0.0/8'] } });
    // Through our proxy: the client is the last address the proxy did not write.
    assert.equal((await proxied(request({ ...spoofed, body: withId('proxy-1') }), { remoteAddress: '10.1.2.3' })).status, 200);
    // A client that prepends the allowed address itself is still seen as itself.
    const forged = { headers: { 'x-forwarded-for': '35.173.108.170, 198.51.100.9' } };
    assert.equal((await proxied(request(forged), { remoteAddress: '10.1.2.3' })).status, 403);
    // Straight from the internet, not through the proxy: the header is not read at all.
    assert.equal((await proxied(request(spoofed), { remoteAddress: '198.51.100.9' })).status, 403);

    const hops = make({ allowedIps: ['35.173.108.170'], trustProxy: { hops: 1 } });
    assert.equal(
      (await hops(request({ headers: { 'x-forwarded-for': '6.6.6.6, 35.173.108.170' }, body: withId('hops-1') }), { remoteAddress: '10.0.0.1' })).status,
      200,
    );
    assert.equal((await hops(request({ headers: { 'x-forwarded-for': '35.173.108.170, 6.6.6.6' } }), { remoteAddress: '10.0.0.1' })).status, 403);
  });

  it('500 with a generic body when a handler throws, after onError; the retry is handled', async () => {
    const errors: unknown[] = [];
    let calls = 0;
    const handler = make({
      handlers: {
        'image_generation.complete': () => {
          calls++;
          if (calls === 1) throw new Error('database down at /srv/app.js:12');
        },
      },
      onError: (error: unknown) => void errors.push(error),
    });
    const first = await handler(request({ body: withId('retry-1') }));
    assert.equal(first.status, 500);
    assert.deepEqual(await first.json(), { error: 'internal error' });
    assert.equal(errors.length, 1);
    assert.equal((await handler(request({ body: withId('retry-1') }))).status, 200);
    assert.equal(calls, 2);
  });

  it('answers concurrent duplicates as the first delivery is answered, calling the handler once', async () => {
    let calls = 0;
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const handler = make({
      handlers: {
        'image_generation.complete': async () => {
          calls++;
          await gate;
        },
      },
    });
    const responses = [handler(request({ body: withId('dup-1') })), handler(request({ body: withId('dup-1') })), handler(request({ body: withId('dup-1') }))];
    setTimeout(release, 20);
    assert.deepEqual(
      (await Promise.all(responses)).map((r) => r.status),
      [200, 200, 200],
    );
    assert.equal(calls, 1);
  });

  it('acknowledges at once when asked, reporting a later failure to onError', async () => {
    const errors: unknown[] = [];
    let finished = false;
    const handler = make({
      acknowledge: 'immediately',
      handlers: {
        'image_generation.complete': async () => {
          await new Promise((r) => setTimeout(r, 30));
          finished = true;
          throw new Error('late');
        },
      },
      onError: (e: unknown) => void errors.push(e),
    });
    const response = await handler(request({ body: withId('early-1') }));
    assert.equal(response.status, 200);
    assert.equal(finished, false);
    await new Promise((r) => setTimeout(r, 60));
    assert.equal(errors.length, 1);
  });

  it('reports drift of handled events to onDrift, with paths', async () => {
    const drift: unknown[] = [];
    const handler = make({ onDrift: (d: unknown) => void drift.push(d) });
    const body = withId('drift-1');
    (body.data.object as Record<string, unknown>).motionModel = 'v2';
    assert.equal((await handler(request({ body }))).status, 200);
    assert.deepEqual(drift, [[{ kind: 'unknown-property', path: 'data.object.motionModel', message: 'property not in the spec (string)' }]]);
  });

  it('strict mode turns drift into an invalid event', async () => {
    const invalid: unknown[] = [];
    const handler = make({ mode: 'strict', onInvalidEvent: (r: unknown) => void invalid.push(r) });
    const body = withId('strict-1');
    (body.data.object as Record<string, unknown>).motionModel = 'v2';
    assert.equal((await handler(request({ body }))).status, 202);
    assert.equal(invalid.length, 1);
  });

  it('a valid event without a handler is accepted and reported, not dropped', async () => {
    const unhandled: string[] = [];
    const handler = make({ handlers: {}, onUnhandledEvent: (n: string) => void unhandled.push(n) });
    assert.equal((await handler(request())).status, 202);
    assert.deepEqual(unhandled, ['image_generation.complete']);
  });

  it('prototype-pollution keys pollute nothing', async () => {
    let seen: any;
    const handler = make({ handlers: { 'image_generation.complete': (e: unknown) => void (seen = e) } });
    const body = JSON.stringify(withId('proto-1')).replace('{"type"', '{"__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}},"type"');
    assert.equal((await handler(request({ body }))).status, 200);
    assert.equal(({} as any).polluted, undefined);
    assert.equal(Object.getPrototypeOf(seen), Object.prototype);
  });

  it('the memory store claims, completes, releases, is bounded and expires', () => {
    let now = 0;
    const store = new g.MemoryIdempotencyStore(3, () => now);
    assert.equal(store.claim('a', 100), 'claimed');
    assert.equal(store.claim('a', 100), 'in-flight');
    store.release('a');
    assert.equal(store.claim('a', 100), 'claimed');
    store.complete('a', 1000);
    assert.equal(store.claim('a', 100), 'done');
    for (const key of ['b', 'c', 'd']) store.complete(key, 1000);
    assert.equal(store.size, 3);
    assert.equal(store.claim('a', 100), 'claimed', 'the oldest key went first');
    now = 1001;
    assert.equal(store.claim('d', 100), 'claimed', 'expired');
    // A lease runs out: a claim of a process that died does not block the event forever.
    now = 1102;
    assert.equal(store.claim('d', 100), 'claimed');
  });

  it('a slow body is cut off by the server timeouts the examples set', async () => {
    const handler = make({});
    const running = await serve(g.toNodeListener(handler), { requestTimeout: 300, headersTimeout: 200, connectionsCheckingInterval: 50 });
    try {
      const started = Date.now();
      const closed = await new Promise<string>((resolve) => {
        const socket = net.connect(running.port, '127.0.0.1', () => {
          socket.write(
            `POST ${g.request.path} HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nAuthorization: Bearer ${g.token}\r\nContent-Length: 100\r\n\r\n{`,
          );
        });
        let data = '';
        socket.on('data', (d) => (data += d));
        socket.on('close', () => resolve(data));
        socket.on('error', () => undefined);
      });
      assert.ok(Date.now() - started < 5000);
      assert.ok(closed === '' || /^HTTP\/1\.1 (408|400)/.test(closed), closed);
    } finally {
      await running.close();
    }
  });
});
