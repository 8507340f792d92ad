import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { PRESETS } from '../../src/model/sender-auth/presets.js';
import { utf8 } from '../../src/runtime/auth/bytes.js';
import type { HmacAuth, SenderAuth } from '../../src/runtime/auth/scheme.js';
import { signDelivery } from '../../src/runtime/auth/sign.js';
import { createSenderVerifier } from '../../src/runtime/auth/verify-sender.js';
import { VECTORS } from '../support/auth-vectors.js';

/** What a verifier refuses, and why: tampering, replays, malformed headers, rotation, setup errors. */
const request = (values: Record<string, string>) => ({ header: (name: string) => values[name] ?? null });
const NOW = 1_764_000_000;
const clock = (seconds: number) => () => seconds * 1000;
const BODY = utf8('{"type":"ping","data":{"id":42}}');

/** One printable ASCII character other than `c`. */
const otherChar = (c: string) =>
  fc
    .integer({ min: 0x20, max: 0x7e })
    .filter((code) => code !== c.charCodeAt(0))
    .map((code) => String.fromCharCode(code));

describe('any single-byte change is refused', () => {
  for (const vector of VECTORS) {
    const auth: SenderAuth = PRESETS[vector.preset].auth;
    const body = utf8(vector.body);
    const verify = createSenderVerifier(auth, [vector.secret], { now: clock(vector.now) });
    // Everything the scheme signs or checks: the body (unless it is a plain token), and each header it reads.
    const targets = [...(auth.kind === 'hmac' ? ['body'] : []), ...Object.keys(vector.headers)];
    it(`${vector.preset}: ${targets.join(', ')}`, async () => {
      assert.deepEqual(await verify(request(vector.headers), body), { ok: true });
      await fc.assert(
        fc.asyncProperty(
          fc
            .constantFrom(...targets)
            .chain((target) => {
              const length = target === 'body' ? body.byteLength : vector.headers[target]!.length;
              return fc.tuple(fc.constant(target), fc.nat({ max: length - 1 }));
            })
            .chain(([target, index]) =>
              target === 'body'
                ? fc.tuple(
                    fc.constant(target),
                    fc.constant(index),
                    fc
                      .integer({ min: 0, max: 255 })
                      .filter((b) => b !== body[index])
                      .map(String),
                  )
                : fc.tuple(fc.constant(target), fc.constant(index), otherChar(vector.headers[target]![index]!)),
            ),
          async ([target, index, replacement]) => {
            const headers = { ...vector.headers };
            let tampered = body;
            if (target === 'body') {
              tampered = body.slice();
              tampered[index] = Number(replacement);
            } else {
              const value = headers[target]!;
              headers[target] = value.slice(0, index) + replacement + value.slice(index + 1);
            }
            const result = await verify(request(headers), tampered);
            assert.equal(result.ok, false, `${target}[${index}] = ${JSON.stringify(replacement)} was accepted`);
          },
        ),
        { numRuns: 300 },
      );
    });
  }
});

describe('replay window', () => {
  const auth = PRESETS['standard-webhooks'].auth;
  const secret = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
  const signedAt = async (timestamp: number) => request(await signDelivery(auth, secret, BODY, { timestamp, id: 'msg_1' }));

  const cases: Array<{ name: string; signed: number; now: number; tolerance?: number; expect: boolean | string }> = [
    { name: 'now', signed: NOW, now: NOW, expect: true },
    { name: 'five minutes old', signed: NOW - 300, now: NOW, expect: true },
    { name: 'five minutes and a second old', signed: NOW - 301, now: NOW, expect: 'stale' },
    { name: 'five minutes and a second ahead', signed: NOW + 301, now: NOW, expect: 'stale' },
    { name: 'an hour old, window of two hours', signed: NOW - 3600, now: NOW, tolerance: 7200, expect: true },
    { name: 'eleven seconds old, window of ten', signed: NOW - 11, now: NOW, tolerance: 10, expect: 'stale' },
  ];
  for (const c of cases) {
    it(c.name, async () => {
      const verify = createSenderVerifier(auth, [secret], { now: clock(c.now), ...(c.tolerance !== undefined ? { toleranceSeconds: c.tolerance } : {}) });
      const result = await verify(await signedAt(c.signed), BODY);
      assert.deepEqual(result, c.expect === true ? { ok: true } : { ok: false, reason: c.expect });
    });
  }

  it('a timestamp that is not Unix seconds is malformed', async () => {
    const verify = createSenderVerifier(auth, [secret], { now: clock(NOW) });
    const headers = await signDelivery(auth, secret, BODY, { timestamp: NOW, id: 'msg_1' });
    assert.deepEqual(await verify(request({ ...headers, 'webhook-timestamp': '2026-01-01T00:00:00Z' }), BODY), { ok: false, reason: 'malformed' });
  });
});

describe('secret rotation', () => {
  // Both engines: node:crypto answers synchronously, Web Crypto goes on secret by secret through promises.
  for (const engine of ['node', 'web'] as const) {
    for (const name of ['github', 'stripe', 'standard-webhooks', 'gitlab-token'] as const) {
      it(`${name} (${engine}): a delivery signed with either secret passes; a third does not`, async () => {
        const auth = PRESETS[name].auth;
        const [old, current, other] = ['whsec_b2xkLXNlY3JldC1vbGQtc2VjcmV0', 'whsec_bmV3LXNlY3JldC1uZXctc2VjcmV0', 'whsec_b3RoZXItc2VjcmV0LW90aGVyLXM='];
        const verify = createSenderVerifier(auth, [old, current], { now: clock(NOW), engine });
        for (const [secret, expected] of [
          [old, true],
          [current, true],
          [other, false],
        ] as const) {
          const headers = await signDelivery(auth, secret, BODY, { timestamp: NOW, id: 'msg_1' });
          const result = verify(request(headers), BODY);
          // A token or a node:crypto MAC needs no promise; Web Crypto always does.
          assert.equal(result instanceof Promise, engine === 'web' && auth.kind === 'hmac', 'synchronous where the engine is');
          assert.equal((await result).ok, expected, secret);
        }
      });
    }
  }

  it('standard-webhooks: several signatures in one header, other versions skipped', async () => {
    const auth = PRESETS['standard-webhooks'].auth;
    const secret = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
    const signed = await signDelivery(auth, secret, BODY, { timestamp: NOW, id: 'msg_1' });
    const mixed = `v1a,aGVsbG8= v1,Ceo5qEr07ixe2NLpvHk3FH9bwy/WavXrAFQ/9tdO6mc= ${signed['webhook-signature']}`;
    const verify = createSenderVerifier(auth, [secret], { now: clock(NOW) });
    assert.deepEqual(await verify(request({ ...signed, 'webhook-signature': mixed }), BODY), { ok: true });
    assert.deepEqual(await verify(request({ ...signed, 'webhook-signature': 'v1a,aGVsbG8= v2,abc' }), BODY), { ok: false, reason: 'malformed' });
  });
});

describe('malformed and missing headers', () => {
  const github = PRESETS.github.auth;
  const stripe = PRESETS.stripe.auth;
  const cases: Array<{ name: string; auth: SenderAuth; headers: Record<string, string>; reason: string }> = [
    { name: 'no signature header', auth: github, headers: {}, reason: 'missing' },
    { name: 'an empty signature header', auth: github, headers: { 'x-hub-signature-256': ' ' }, reason: 'missing' },
    { name: 'the wrong prefix', auth: github, headers: { 'x-hub-signature-256': `sha1=${'0'.repeat(40)}` }, reason: 'malformed' },
    { name: 'upper-case hex', auth: github, headers: { 'x-hub-signature-256': `sha256=${'A'.repeat(64)}` }, reason: 'malformed' },
    { name: 'a short MAC', auth: github, headers: { 'x-hub-signature-256': 'sha256=00' }, reason: 'mismatch' },
    { name: 'stripe without t=', auth: stripe, headers: { 'stripe-signature': `v1=${'0'.repeat(64)}` }, reason: 'missing' },
    { name: 'stripe with two t=', auth: stripe, headers: { 'stripe-signature': `t=${NOW},t=${NOW},v1=${'0'.repeat(64)}` }, reason: 'malformed' },
    { name: 'stripe with only v0=', auth: stripe, headers: { 'stripe-signature': `t=${NOW},v0=${'0'.repeat(64)}` }, reason: 'malformed' },
    { name: 'shopify non-canonical base64', auth: PRESETS.shopify.auth, headers: { 'x-shopify-hmac-sha256': 'aGVsbG9=' }, reason: 'malformed' },
    { name: 'basic with another scheme', auth: { kind: 'basic', id: 'basic' }, headers: { authorization: 'Bearer x' }, reason: 'malformed' },
    {
      name: 'basic with wrong credentials',
      auth: { kind: 'basic', id: 'basic' },
      headers: { authorization: `Basic ${btoa('user:wrong')}` },
      reason: 'mismatch',
    },
  ];
  for (const c of cases) {
    it(c.name, async () => {
      const verify = createSenderVerifier(c.auth, [c.auth.kind === 'basic' ? 'user:pass' : 'secret'], { now: clock(NOW) });
      assert.deepEqual(await verify(request(c.headers), BODY), { ok: false, reason: c.reason });
    });
  }

  it('basic: the scheme name in any case, the credentials exactly', async () => {
    const verify = createSenderVerifier({ kind: 'basic', id: 'basic' }, ['user:pass'], {});
    assert.deepEqual(await verify(request({ authorization: `basic ${btoa('user:pass')}` }), BODY), { ok: true });
    assert.deepEqual(await verify(request({ authorization: `Basic ${btoa('User:pass')}` }), BODY), { ok: false, reason: 'mismatch' });
  });

  it('bearer: exactly "Bearer <token>"', async () => {
    const verify = createSenderVerifier({ kind: 'token', id: 'bearer', header: 'authorization', prefix: 'Bearer ' }, ['t0ken'], {});
    assert.deepEqual(await verify(request({ authorization: 'Bearer t0ken' }), BODY), { ok: true });
    assert.deepEqual(await verify(request({ authorization: 't0ken' }), BODY), { ok: false, reason: 'mismatch' });
  });
});

describe('setup errors are said when the verifier is built', () => {
  const hmac = (overrides: Partial<HmacAuth>): HmacAuth => ({ ...(PRESETS.slack.auth as HmacAuth), ...overrides });
  const cases: Array<{ name: string; auth: SenderAuth; secrets: string[]; message: string }> = [
    { name: 'no secret', auth: PRESETS.github.auth, secrets: [], message: 'sender auth github: no secret given' },
    { name: 'an empty secret', auth: PRESETS.github.auth, secrets: ['a', ''], message: 'sender auth github: a secret must not be empty' },
    {
      name: 'a whsec secret that is not base64',
      auth: PRESETS['standard-webhooks'].auth,
      secrets: ['whsec_not base64!'],
      message: 'standard-webhooks: the secret must be base64, optionally after whsec_',
    },
    {
      name: 'a Basic secret without a colon',
      auth: { kind: 'basic', id: 'basic' },
      secrets: ['password'],
      message: 'sender auth basic: a Basic secret is user:password',
    },
    {
      name: 'a timestamp scheme without its header',
      auth: hmac({ timestampHeader: undefined as unknown as string }),
      secrets: ['s'],
      message: 'sender auth slack: signs "v0:timestamp:body" but names no timestampHeader',
    },
    {
      name: 'a header in capitals',
      auth: hmac({ header: 'X-Slack-Signature' }),
      secrets: ['s'],
      message: 'sender auth slack: header must be a lower-case name',
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      assert.throws(() => createSenderVerifier(c.auth, c.secrets), { message: c.message });
    });
  }
});

describe('a secret in a body field', () => {
  const auth: SenderAuth = { kind: 'field', id: 'passcode', field: 'passcode' };
  const verify = createSenderVerifier(auth, ['old-pass', 'new-pass']);
  const cases: Array<[string, string, { ok: true } | { ok: false; reason: string }]> = [
    ['the passcode', '{"passcode":"new-pass","event_type":"PING"}', { ok: true }],
    ['the old passcode during a rotation', '{"passcode":"old-pass"}', { ok: true }],
    ['another passcode', '{"passcode":"new-pasS"}', { ok: false, reason: 'mismatch' }],
    ['no passcode', '{"event_type":"PING"}', { ok: false, reason: 'missing' }],
    ['a passcode that is not a string', '{"passcode":1}', { ok: false, reason: 'missing' }],
    ['an inherited name only', '{"__proto__":{"passcode":"new-pass"}}', { ok: false, reason: 'missing' }],
    ['an array', '[{"passcode":"new-pass"}]', { ok: false, reason: 'missing' }],
    ['not JSON', '{"passcode":', { ok: false, reason: 'malformed' }],
  ];
  for (const [name, body, expected] of cases) {
    it(name, async () => assert.deepEqual(await verify(request({}), utf8(body)), expected));
  }
});
