import assert from 'node:assert/strict';
import express from 'express';
import { after, before, describe, it } from 'node:test';
import { removeDir } from '../support/helpers.js';
import { loadGenerated, recordingLogger, seedRequests, serve, type Generated } from '../support/receiver-harness.js';

/**
 * The receiver's failures as an attacker and an operator found them, one test each: every one of
 * these hung, answered silently or leaked with the receiver as it was before.
 */
describe('generated receiver: the failures found in production use', () => {
  let dir = '';
  let g: Generated;
  before(async () => {
    ({ dir, generated: g } = await loadGenerated());
  });
  after(() => removeDir(dir));

  const { request, make, withId } = seedRequests(() => g);
  /** Fails the test instead of hanging it. */
  const within = <T>(ms: number, work: Promise<T>, what: string): Promise<T> => {
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<T>((_, reject) => (timer = setTimeout(() => reject(new Error(`${what}: no answer within ${ms} ms`)), ms)));
    return Promise.race([work, deadline]).finally(() => clearTimeout(timer));
  };

  it('1. trustProxy hops without a socket address counts the platform proxy as the first hop', async () => {
    const handler = make({ allowedIps: ['3.229.99.26'], trustProxy: { hops: 1 } });
    const status = async (xff: string, label: string) => (await handler(request({ headers: { 'x-forwarded-for': xff }, body: withId(label) }))).status;
    assert.equal(await status('3.229.99.26, 6.6.6.6', 'hops-a'), 403, 'the client is the last value the proxy appended');
    assert.equal(await status('3.229.99.26', 'hops-b'), 200);
    const none = make({ allowedIps: ['3.229.99.26'], trustProxy: { hops: 0 } });
    assert.equal((await none(request({ headers: { 'x-forwarded-for': '3.229.99.26' } }))).status, 403, 'hops: 0 trusts no header value');
  });

  it('2. a handler that never settles: 503 after handlerTimeoutMs, onError hears, a redelivery is handled', async () => {
    const failures: Array<{ stage: string }> = [];
    let calls = 0;
    const handler = make({
      handlerTimeoutMs: 150,
      handlers: { 'image_generation.complete': () => (++calls === 1 ? new Promise(() => undefined) : undefined) },
      onError: (_error: unknown, context: { stage: string }) => void failures.push(context),
    });
    const first = await within(3000, handler(request({ body: withId('stuck') })), 'stuck handler');
    assert.equal(first.status, 503);
    assert.deepEqual(
      failures.map((f) => f.stage),
      ['handler-timeout'],
    );
    const redelivery = await within(3000, handler(request({ body: withId('stuck') })), 'redelivery');
    assert.equal(redelivery.status, 200);
    assert.equal(calls, 2);
  });

  it('3. no silent 500: a bad proxy range throws at once; a failing store or onDrift reaches onError', async () => {
    assert.throws(() => make({ trustProxy: { proxies: ['10.0.0.0/33'] } }), /`trustProxy\.proxies`\[0\] "10\.0\.0\.0\/33" has a prefix length/);
    const failures: string[] = [];
    const onError = (_error: unknown, context: { stage: string }) => void failures.push(context.stage);
    const broken = {
      claim: () => Promise.reject(new Error('store down')),
      complete: () => undefined,
      release: () => undefined,
      has: () => Promise.reject(new Error('store down')),
      add: () => undefined,
    };
    const response = await make({ idempotencyStore: broken, onError })(request({ body: withId('store') }));
    assert.equal(response.status, 500);
    assert.deepEqual(failures, ['idempotency-store']);
    // Without onError, one log line names the cause, and nothing of the payload.
    const log = recordingLogger();
    assert.equal((await make({ idempotencyStore: broken, logger: log.logger })(request({ body: withId('store-2') }))).status, 500);
    assert.equal(log.lines.length, 1);
    assert.match(
      log.lines[0]!,
      /^error the idempotency store failed \{"event":"image_generation.complete","error":"Error","detail":"claim","hint":"pass onError to receive the error itself"\}$/,
    );

    failures.length = 0;
    const body = withId('drift-hook');
    (body.data.object as Record<string, unknown>).motionModel = 'v2';
    const drifting = make({
      onDrift: () => {
        throw new Error('drift sink down');
      },
      onError,
    });
    assert.equal((await drifting(request({ body }))).status, 200, 'the event was handled');
    assert.deepEqual(failures, ['hook']);
  });

  it('4. toNodeListener after express.json() answers instead of hanging; after express.raw() it works', async () => {
    const failures: string[] = [];
    const app = express();
    app.use('/json', express.json());
    app.use('/raw', express.raw({ type: '*/*' }));
    const handler = make({ onError: (_e: unknown, c: { stage: string }) => void failures.push(c.stage) });
    app.post('/json', g.toNodeListener(handler, { path: '/json' }));
    app.post('/raw', g.toNodeListener(handler, { path: '/raw' }));
    const running = await serve(app);
    try {
      const post = (path: string, label: string) =>
        fetch(running.url + path, { method: 'POST', headers: g.request.headers, body: JSON.stringify(withId(label)) });
      assert.equal((await within(3000, post('/json', 'express-json'), 'express.json() first')).status, 500);
      assert.deepEqual(failures, ['body-unavailable']);
      assert.equal((await within(3000, post('/raw', 'express-raw'), 'express.raw() first')).status, 200);
    } finally {
      await running.close();
    }
  });

  it('5. options that could never work throw when the receiver is created, naming the option', () => {
    assert.throws(() => make({ token: ' padded-key ' }), /`token` has spaces or line breaks around it/);
    assert.throws(() => make({ token: 'two\nlines' }), /`token` has spaces or line breaks around it|`token` has characters/);
    for (const [entry, problem] of [
      ['10.0.0.0/8/9', 'has more than one "/"'],
      ['localhost', 'is not an IPv4 or IPv6 address'],
      ['999.1.1.1', 'is not an IPv4 or IPv6 address'],
      ['::1/129', 'has a prefix length that is not 0 to 128 bits'],
    ]) {
      assert.throws(
        () => make({ allowedIps: ['127.0.0.1', entry] }),
        new RegExp(`\`allowedIps\`\\[1\\] ${JSON.stringify(entry).replace(/[.*/[\]]/g, '\\$&')} ${problem}`),
        entry,
      );
    }
    assert.throws(
      () => make({ unknownEventStatus: 204 }),
      /`unknownEventStatus` must be an HTTP status from 200 to 599 that carries a body \(not 204, 205 or 304\), not 204/,
    );
    assert.throws(() => make({ handlerTimeoutMs: 0 }), /`handlerTimeoutMs` must be a whole number of milliseconds/);
    assert.throws(() => make({ allowedIPs: ['1.2.3.4'] }), /`allowedIPs` is not an option of the receiver/);
    assert.throws(
      () => make({ handlers: { 'image_generation.completed': () => undefined } }),
      /`handlers\["image_generation.completed"\]` is not an event of the spec; the events are: image_generation\.complete/,
    );
    assert.throws(
      () => make({ idempotencyStore: { has: () => false, add: () => undefined } }),
      /`idempotencyStore` must have claim\(key, leaseMs\), complete\(key, ttlMs\) and release\(key\)/,
    );
    assert.throws(() => make({ invalidEventStatus: 202 }), /`invalidEventStatus` 202 without onInvalidEvent would acknowledge invalid events that nobody sees/);
    assert.throws(() => make({ trustProxy: { hops: -1 } }), /`trustProxy\.hops` must be a whole number of proxies/);
    // What works, still works: IPv6 and ranges of both families.
    assert.doesNotThrow(() => make({ allowedIps: ['::1', '2001:db8::/32', '10.0.0.0/8', '::ffff:10.0.0.0/104'], unknownEventStatus: 400 }));
  });

  it('6. an authentic invalid event without onInvalidEvent is answered 422 with its issues, and logged', async () => {
    const log = recordingLogger();
    const response = await make({ logger: log.logger })(request({ body: { ...withId('invalid'), timestamp: 'yesterday' } }));
    assert.equal(response.status, 422);
    assert.deepEqual(await response.json(), {
      error: 'invalid event',
      issues: [{ path: 'timestamp', code: 'type', message: 'expected integer, got string' }],
      issueCount: 1,
    });
    assert.deepEqual(log.lines, [
      'warn invalid event received {"event":"image_generation.complete","issues":[{"path":"timestamp","code":"type","message":"expected integer, got string"}],"issueCount":1}',
    ]);
  });

  it('7. a caller outside the allowlist gets the same answer with the right token as with a wrong one', async () => {
    const handler = make({ allowedIps: ['35.173.108.170'] });
    const answers = [];
    for (const authorization of [`Bearer ${g.token}`, 'Bearer wrong', '']) {
      const response = await handler(request({ headers: { authorization } }), { remoteAddress: '198.51.100.9' });
      answers.push({ status: response.status, headers: [...response.headers], body: await response.text() });
    }
    assert.equal(answers[0]!.status, 403);
    assert.deepEqual(answers[1], answers[0]);
    assert.deepEqual(answers[2], answers[0]);
  });
});
