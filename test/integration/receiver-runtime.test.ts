import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { boundedKey, isIdempotencyStore, MAX_PLAIN_KEY_LENGTH, MemoryIdempotencyStore } from '../../src/runtime/idempotency.js';
import { addressMatcher, clientAddress, parseAddress, parseAddressRange } from '../../src/runtime/receiver/addresses.js';
import { resolveConfig } from '../../src/runtime/receiver/config.js';
import { createReporter } from '../../src/runtime/receiver/report.js';

/** The receiver's runtime pieces on their own: small input, expected output. */

describe('addresses', () => {
  const cases: Array<[string, number[] | undefined]> = [
    ['1.2.3.4', [1, 2, 3, 4]],
    [' 10.0.0.1 ', [10, 0, 0, 1]],
    ['::ffff:1.2.3.4', [1, 2, 3, 4]],
    ['[::1]', [...new Array(15).fill(0), 1]],
    ['fe80::1%eth0', [0xfe, 0x80, ...new Array(13).fill(0), 1]],
    ['2001:DB8::', [0x20, 0x01, 0x0d, 0xb8, ...new Array(12).fill(0)]],
    ['999.1.1.1', undefined],
    ['01.2.3.4', undefined],
    ['1.2.3', undefined],
    ['localhost', undefined],
    ['1::2::3', undefined],
    ['1:2:3:4:5:6:7:8:9', undefined],
    ['', undefined],
  ];
  for (const [text, bytes] of cases) {
    it(`parseAddress(${JSON.stringify(text)})`, () => assert.deepEqual(parseAddress(text), bytes));
  }

  it('ranges: what is wrong is said', () => {
    assert.deepEqual(parseAddressRange('10.0.0.0/8'), { bytes: [10, 0, 0, 0], bits: 8 });
    assert.deepEqual(parseAddressRange('::ffff:10.0.0.0/104'), { bytes: [10, 0, 0, 0], bits: 8 });
    assert.equal(parseAddressRange('10.0.0.0/8/9'), 'has more than one "/"');
    assert.equal(parseAddressRange('10.0.0.0/33'), 'has a prefix length that is not 0 to 32 bits');
    assert.equal(parseAddressRange('10.0.0.0/x'), 'has a prefix length that is not 0 to 32 bits');
    assert.equal(parseAddressRange('example.com'), 'is not an IPv4 or IPv6 address (host names are not resolved)');
  });

  it('matches addresses and ranges of both families, and nothing else', () => {
    const allowed = addressMatcher(['203.0.113.0/24', '2001:db8::/32', '198.51.100.7', '::1']);
    for (const yes of ['203.0.113.9', '::ffff:203.0.113.200', '2001:db8:1::5', '198.51.100.7', '::1', '[::1]']) assert.ok(allowed(yes), yes);
    for (const no of ['203.0.114.1', '2001:db9::1', '198.51.100.8', '::2', 'garbage', '']) assert.ok(!allowed(no), no);
    assert.ok(addressMatcher(['0.0.0.0/0'])('8.8.8.8'));
    assert.throws(() => addressMatcher(['1.2.3.4', 'localhost'], 'allowedIps'), /^Error: allowedIps\[1\] "localhost" is not an IPv4 or IPv6 address/);
  });

  const hops = (n: number) => ({ hops: n });
  const table: Array<[string, string | undefined, string | null, Parameters<typeof clientAddress>[2], string | undefined]> = [
    ['no trust: the socket', '10.0.0.1', '1.1.1.1', false, '10.0.0.1'],
    ['hops 1 behind a proxy socket: the last forwarded value', '10.0.0.1', '6.6.6.6, 1.1.1.1', hops(1), '1.1.1.1'],
    ['hops 2: one further back', '10.0.0.1', '6.6.6.6, 1.1.1.1, 10.0.0.2', hops(2), '1.1.1.1'],
    ['hops 1 without a socket: the platform proxy is the first hop', undefined, '1.1.1.1', hops(1), '1.1.1.1'],
    ['hops 1 without a socket, a forged value before', undefined, '1.1.1.1, 6.6.6.6', hops(1), '6.6.6.6'],
    ['hops 0 without a socket: unknown', undefined, '1.1.1.1', hops(0), undefined],
    ['more hops than values: unknown', undefined, '1.1.1.1', hops(3), undefined],
    ['proxies: walked from the right past ours', '10.1.2.3', '6.6.6.6, 1.1.1.1, 10.9.9.9', { trusted: addressMatcher(['10.0.0.0/8']) }, '1.1.1.1'],
    ['proxies: not from our proxy, the header is ignored', '1.1.1.1', '6.6.6.6', { trusted: addressMatcher(['10.0.0.0/8']) }, '1.1.1.1'],
    ['proxies: without a socket, unknown', undefined, '6.6.6.6', { trusted: addressMatcher(['10.0.0.0/8']) }, undefined],
  ];
  for (const [name, socket, forwarded, trust, expected] of table) {
    it(`clientAddress: ${name}`, () => assert.equal(clientAddress(socket, forwarded, trust), expected));
  }
});

describe('idempotency', () => {
  it('keys over the limit become a digest, the same every time; short ones stay', async () => {
    assert.equal(await boundedKey('image_generation.complete:abc'), 'image_generation.complete:abc');
    const long = `e:${'x'.repeat(10_000)}`;
    const digest = await boundedKey(long);
    assert.match(digest, /^sha256:[0-9a-f]{64}$/);
    assert.equal(await boundedKey(long), digest);
    assert.notEqual(await boundedKey(`${long}y`), digest);
    assert.equal(await boundedKey('k'.repeat(MAX_PLAIN_KEY_LENGTH)), 'k'.repeat(MAX_PLAIN_KEY_LENGTH));
  });

  it('the memory store bounds its keys and entries', () => {
    const store = new MemoryIdempotencyStore(2, () => 0, 8);
    assert.throws(() => store.claim('123456789', 10), /longer than 8 characters/);
    store.claim('a', 10);
    store.claim('b', 10);
    store.claim('c', 10);
    assert.equal(store.size, 2);
    assert.throws(() => new MemoryIdempotencyStore(0), /maxEntries must be a positive integer/);
  });

  it('the memory store, when full, evicts the oldest hundredth at once and keeps the newest', () => {
    const store = new MemoryIdempotencyStore(300, () => 0);
    for (let i = 0; i < 300; i++) {
      assert.equal(store.claim(`k${i}`, 10), 'claimed');
      store.complete(`k${i}`, 10);
    }
    assert.equal(store.size, 300);
    assert.equal(store.claim('k300', 10), 'claimed');
    // 300 / 100 = 3 keys go in one pass: k0, k1, k2; k3 onwards stay.
    assert.equal(store.size, 298);
    assert.equal(store.claim('k3', 10), 'done');
    assert.equal(store.claim('k299', 10), 'done');
    assert.equal(store.claim('k300', 10), 'in-flight');
    assert.equal(store.claim('k2', 10), 'claimed');
    assert.equal(store.size, 299);
    for (let i = 301; i < 1_000; i++) {
      store.claim(`k${i}`, 10);
      assert.ok(store.size <= 300, `never more than maxEntries (${store.size})`);
    }
    assert.equal(store.claim('k999', 10), 'in-flight');
    assert.equal(store.claim('k3', 10), 'claimed');
  });

  it('the memory store evicts one key at a time below a hundred entries', () => {
    const store = new MemoryIdempotencyStore(3, () => 0);
    for (const k of ['a', 'b', 'c', 'd']) store.claim(k, 10);
    assert.equal(store.size, 3);
    assert.equal(store.claim('b', 10), 'in-flight');
    assert.equal(store.claim('a', 10), 'claimed');
  });

  it('the memory store: an expired claim can be claimed again; complete turns a claim into done', () => {
    let now = 0;
    const store = new MemoryIdempotencyStore(10, () => now);
    assert.equal(store.claim('k', 10), 'claimed');
    assert.equal(store.claim('k', 10), 'in-flight');
    now = 10;
    assert.equal(store.claim('k', 10), 'claimed');
    store.complete('k', 100);
    assert.equal(store.size, 1);
    now = 109;
    assert.equal(store.claim('k', 10), 'done');
    now = 110;
    assert.equal(store.claim('k', 10), 'claimed');
    store.release('k');
    assert.equal(store.size, 0);
  });

  it('release frees a claim but never forgets a completed key', () => {
    const store = new MemoryIdempotencyStore();
    store.claim('k', 100);
    store.complete('k', 100);
    store.release('k');
    assert.equal(store.claim('k', 100), 'done');
  });

  it('recognises stores by their three methods', () => {
    assert.ok(isIdempotencyStore(new MemoryIdempotencyStore()));
    assert.ok(!isIdempotencyStore({ has: () => false, add: () => undefined }));
    assert.ok(!isIdempotencyStore(null));
  });
});

describe('failure reports', () => {
  const logger = () => {
    const lines: unknown[][] = [];
    return { lines, logger: { warn: () => undefined, error: (...args: unknown[]) => void lines.push(args) } };
  };
  it('go to onError when there is one, else one line with the class and never the message', async () => {
    const heard: unknown[] = [];
    const withHook = logger();
    await createReporter((error, context) => void heard.push([error, context]), withHook.logger)('handler', new Error('secret 42'), 'e', 'k');
    assert.equal(heard.length, 1);
    assert.deepEqual(withHook.lines, []);

    const without = logger();
    await createReporter(undefined, without.logger)('handler', new TypeError('secret 42'), 'e', 'k');
    assert.deepEqual(without.lines, [
      ['a handler failed; answered 500 so the sender retries', { event: 'e', error: 'TypeError', hint: 'pass onError to receive the error itself' }],
    ]);
  });
  it('an onError that throws is logged instead', async () => {
    const log = logger();
    await createReporter(() => {
      throw new Error('x');
    }, log.logger)('idempotency-store', new Error('down'), 'e', undefined, 'claim');
    assert.deepEqual(log.lines, [['the idempotency store failed', { event: 'e', error: 'Error', detail: 'claim', onError: 'threw too (Error)' }]]);
  });
});

describe('receiver options, resolved once', () => {
  const facts = { method: 'POST', documentedAddresses: ['3.229.99.26'], eventNames: ['a.done'], channels: ['/hook'] };
  const resolve = (options: Record<string, unknown>) => resolveConfig(facts, { token: 't', handlers: {}, ...options } as never);

  it('defaults', () => {
    const config = resolve({});
    assert.equal(config.sender.onHeaders({ header: (name) => (name === 'authorization' ? 'Bearer t' : null) }), undefined);
    assert.deepEqual(config.sender.onHeaders({ header: () => 'Bearer u' }), { challenge: 'Bearer' });
    assert.equal(config.allowed!('3.229.99.26'), true);
    assert.equal(config.allowed!('127.0.0.1'), false);
    assert.deepEqual([config.timeoutMs, config.leaseMs, config.ttlMs, config.maxBodyBytes], [25_000, 30_000, 86_400_000, 1_048_576]);
    assert.deepEqual([config.unknownEventStatus, config.invalidEventStatus], [202, 422]);
    assert.equal(resolve({ onInvalidEvent: () => undefined }).invalidEventStatus, 202);
    assert.equal(resolve({ allowedIps: false }).allowed, undefined);
    assert.equal(resolveConfig({ ...facts, documentedAddresses: [] }, { token: 't', handlers: {} } as never).allowed, undefined);
  });

  const bad: Array<[Record<string, unknown>, RegExp]> = [
    [{ token: ['ok', 3] }, /`token` must be a string or an array of strings/],
    [{ handlers: { 'a.done': 'no' } }, /`handlers\["a.done"\]` must be a function/],
    [{ onError: 'log' }, /`onError` must be a function/],
    [{ mode: 'lenient' }, /`mode` must be 'tolerant' or 'strict'/],
    [{ channel: '/other' }, /`channel` must be one of the spec's channels: \/hook/],
    [{ acknowledge: 'later' }, /`acknowledge` must be 'after-handler' or 'immediately'/],
    [{ trustProxy: { hops: 1, proxies: [] } }, /`trustProxy` must be false, \{ proxies: \[\.\.\.\] \} or \{ hops: n \}/],
    [{ trustProxy: { proxies: [] } }, /`trustProxy\.proxies` must be a non-empty array/],
    [{ handlerTimeoutMs: 2 ** 31 }, /`handlerTimeoutMs` must be a whole number of milliseconds from 1 to 2147483647/],
    [{ handlerTimeoutMs: 1000, idempotencyLeaseMs: 1000 }, /`idempotencyLeaseMs` must be longer than handlerTimeoutMs \(1000\)/],
    [{ maxBodyBytes: 1.5 }, /`maxBodyBytes` must be a whole number of bytes/],
    [{ invalidEventStatus: 304 }, /`invalidEventStatus` must be an HTTP status from 200 to 599 that carries a body/],
    [{ logger: { warn: () => undefined } }, /`logger` must have warn\(message, fields\) and error\(message, fields\)/],
    [{ allowUnauthenticated: 'yes' }, /`allowUnauthenticated` must be true or false/],
  ];
  for (const [options, message] of bad) {
    it(`refuses ${JSON.stringify(options)}`, () => assert.throws(() => resolve(options), message));
  }
});
