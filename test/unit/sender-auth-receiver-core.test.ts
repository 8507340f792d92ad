import type { DeliveryKeyRule } from '../../src/runtime/delivery-key.js';
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { PRESETS, type PresetName } from '../../src/model/sender-auth/presets.js';
import { utf8 } from '../../src/runtime/auth/bytes.js';
import { verifyRequestOf } from '../../src/runtime/auth/receiver-auth.js';
import type { SenderAuth, VerifyRequest } from '../../src/runtime/auth/scheme.js';
import { nodeListener } from '../../src/runtime/node-listener.js';
import { signDelivery } from '../../src/runtime/auth/sign.js';
import { createSenderVerifier } from '../../src/runtime/auth/verify-sender.js';
import { createReceiver, type IncomingDelivery } from '../../src/runtime/receiver/core.js';
import type { ReceiverOptions } from '../../src/runtime/receiver/options.js';
import { VECTORS } from '../support/auth-vectors.js';

/**
 * The receiver core with sender auth: verification runs on the raw bytes before parsing, a
 * failure is 401 and the handler never runs, the address check comes first, and the spec's
 * delivery-id header is the default idempotency key.
 */
type Events = { ping: { type: string; n?: number } };
const NOW = 1_764_000_000;
const silent = { warn: () => undefined, error: () => undefined };

function receiver(
  auth: SenderAuth | null,
  options: Partial<ReceiverOptions<Events, string>>,
  idempotency: DeliveryKeyRule = { header: null, field: null },
  now = NOW,
) {
  const calls: unknown[] = [];
  const handle = createReceiver<Events, string>(
    {
      method: 'POST',
      documentedAddresses: [],
      eventNames: ['ping'],
      channels: [],
      senderAuth: { schemes: auth ? [auth] : [], unenforced: [], verifier: createSenderVerifier },
      idempotency,
      parse: (body) => ({ ok: true, name: 'ping', event: body as Events['ping'], drift: [] }),
    },
    { handlers: { ping: (event) => void calls.push(event) }, allowedIps: false, logger: silent, now: () => now * 1000, ...options },
  );
  const send = (headers: Record<string, string>, body: Uint8Array, remoteAddress = '127.0.0.1') => {
    const all: Record<string, string> = { 'content-type': 'application/json', ...headers };
    const delivery: IncomingDelivery = { method: 'POST', header: (n) => all[n] ?? null, body: async () => body, remoteAddress };
    return handle.deliver(delivery);
  };
  return { calls, send };
}

const BODY = utf8('{"type":"ping","n":1}');
const SECRETS: Record<PresetName, string> = {
  github: 'gh-secret',
  stripe: 'whsec_stripe',
  slack: 'slack-secret',
  'standard-webhooks': 'whsec_c3RhbmRhcmQtd2ViaG9va3Mtc2VjcmV0',
  svix: 'whsec_c3ZpeC1zZWNyZXQtc3ZpeC1zZWNyZXQ=',
  shopify: 'shop-secret',
  'gitlab-token': 'gl-token',
  typeform: 'tf-secret',
};

describe('a tampered delivery never reaches its handler', () => {
  for (const [name, preset] of Object.entries(PRESETS) as Array<[PresetName, (typeof PRESETS)[PresetName]]>) {
    it(`${name}: the signed delivery is handled; one changed byte anywhere answers 401`, async () => {
      const secret = SECRETS[name];
      const headers = await signDelivery(preset.auth, secret, BODY, { timestamp: NOW, id: 'msg_1' });
      const ok = receiver(preset.auth, { secret });
      assert.equal((await ok.send(headers, BODY)).status, 200);
      assert.equal(ok.calls.length, 1);
      const targets = [...(preset.auth.kind === 'hmac' ? ['body'] : []), ...Object.keys(headers)];
      await fc.assert(
        fc.asyncProperty(fc.constantFrom(...targets), fc.nat(), fc.integer({ min: 0x20, max: 0x7e }), async (target, at, code) => {
          const { calls, send } = receiver(preset.auth, { secret });
          const changed = { ...headers };
          let body = BODY;
          if (target === 'body') {
            body = BODY.slice();
            const i = at % body.length;
            body[i] = body[i] === code ? (code === 0x7e ? 0x20 : code + 1) : code;
          } else {
            const value = headers[target]!;
            const i = at % value.length;
            const c = String.fromCharCode(code);
            changed[target] = value.slice(0, i) + (value[i] === c ? (c === 'A' ? 'B' : 'A') : c) + value.slice(i + 1);
          }
          const response = await send(changed, body);
          assert.equal(response.status, 401, `${target} changed`);
          assert.equal(response.body, '{"error":"unauthorized"}');
          assert.equal(calls.length, 0);
        }),
        { numRuns: 100 },
      );
    });
  }
});

describe("the providers' own examples, through the receiver", () => {
  // The signed ones: a token says nothing about the body (its header is changed in the test above).
  for (const vector of VECTORS.filter((v) => PRESETS[v.preset].auth.kind === 'hmac')) {
    it(`${vector.preset}: authentic (then parsed: 200, or 400 for a body that is not JSON); one byte changed, 401`, async () => {
      const auth = PRESETS[vector.preset].auth;
      const body = utf8(vector.body);
      const status = (await receiver(auth, { secret: vector.secret }, undefined, vector.now).send(vector.headers, body)).status;
      assert.equal(status, vector.body.startsWith('{') ? 200 : 400);
      await fc.assert(
        fc.asyncProperty(fc.nat({ max: body.length - 1 }), fc.integer({ min: 1, max: 255 }), async (at, delta) => {
          const { calls, send } = receiver(auth, { secret: vector.secret }, undefined, vector.now);
          const changed = body.slice();
          changed[at] = (changed[at]! + delta) % 256;
          const response = await send(vector.headers, changed);
          assert.equal(response.status, 401);
          assert.equal(calls.length, 0);
        }),
        { numRuns: 50 },
      );
    });
  }
});

describe('around the check', () => {
  const github = PRESETS.github.auth;
  it('the address comes first: outside allowedIps a wrong signature is 403, not 401', async () => {
    const { calls, send } = receiver(github, { secret: 's', allowedIps: ['192.0.2.1'] });
    assert.equal((await send({ 'x-hub-signature-256': 'sha256=00' }, BODY, '198.51.100.7')).status, 403);
    assert.equal((await send({ 'x-hub-signature-256': 'sha256=00' }, BODY, '192.0.2.1')).status, 401);
    assert.equal(calls.length, 0);
  });

  it('the body checked is the bytes as they arrived, before UTF-8 decoding', async () => {
    const invalidUtf8 = new Uint8Array([0x7b, 0xff, 0x7d]);
    const headers = await signDelivery(github, 's', invalidUtf8, { timestamp: NOW, id: '' });
    const { send } = receiver(github, { secret: 's' });
    // Authentic, then refused as text: 400, not 401.
    assert.equal((await send(headers, invalidUtf8)).status, 400);
    assert.equal((await send({}, invalidUtf8)).status, 401);
  });

  it('the delivery-id header is the default idempotency key', async () => {
    const { calls, send } = receiver(github, { secret: 's' }, { header: 'x-github-delivery', field: null });
    const first = utf8('{"type":"ping","n":1}');
    const again = utf8('{"type":"ping","n":2}');
    const sign = async (body: Uint8Array, id: string) => ({ ...(await signDelivery(github, 's', body, { timestamp: NOW, id })), 'x-github-delivery': id });
    assert.equal((await send(await sign(first, 'd-1'), first)).status, 200);
    assert.equal((await send(await sign(again, 'd-1'), again)).status, 200);
    assert.equal((await send(await sign(again, 'd-2'), again)).status, 200);
    assert.deepEqual(calls, [
      { type: 'ping', n: 1 },
      { type: 'ping', n: 2 },
    ]);
  });

  it("without a secret for the spec's scheme, the factory throws naming it", () => {
    assert.throws(() => receiver(github, {}), {
      message: "createWebhookHandler: set `secret` (the sender's github secret), or `allowUnauthenticated: true` to accept any caller",
    });
  });

  it('a spec with no sender scheme keeps the bearer token rule', () => {
    assert.throws(() => receiver(null, {}), {
      message: 'createWebhookHandler: set `token` (the webhook API key), or `allowUnauthenticated: true` to accept any caller',
    });
    assert.throws(() => receiver(null, { secret: 's' }), {
      message: 'createWebhookHandler: `secret` is set, but the spec declares no signature or shared secret (a bearer token goes in `token`)',
    });
  });
});

describe('verify(request, rawBody): the same request on the Web handler and toNodeListener', () => {
  /** What a verify saw, in plain values. */
  const seen: unknown[] = [];
  const handle = createReceiver<Events, string>(
    {
      method: 'POST',
      documentedAddresses: [],
      eventNames: ['ping'],
      channels: [],
      senderAuth: { schemes: [], unenforced: [{ id: 'jwt', reason: "a JWT signed with the sender's key" }] },
      parse: (body) => ({ ok: true, name: 'ping', event: body as Events['ping'], drift: [] }),
    },
    {
      handlers: { ping: () => undefined },
      allowedIps: false,
      logger: silent,
      verify: (request: VerifyRequest, rawBody) => {
        seen.push({
          method: request.method,
          url: request.url,
          path: request.path,
          header: request.header('X-Sender-JWT'),
          missing: request.header('x-absent'),
          get: request.headers.get('X-Sender-Jwt'),
          listed: [...request.headers].filter(([name]) => name.startsWith('x-')),
          remoteAddress: request.remoteAddress,
          body: new TextDecoder().decode(rawBody),
        });
        return request.header('x-sender-jwt') === 'good';
      },
    },
  );
  const expected = (remoteAddress: string) => ({
    method: 'POST',
    url: '/hooks/in?tenant=7',
    path: '/hooks/in',
    header: 'good',
    missing: null,
    get: 'good',
    listed: [
      ['x-sender-jwt', 'good'],
      ['x-trace', 'a, b'],
    ],
    remoteAddress,
    body: '{"type":"ping","n":1}',
  });
  const headers = () => {
    const list = new Headers({ 'content-type': 'application/json', 'X-Sender-JWT': 'good' });
    list.append('X-Trace', 'a');
    list.append('X-Trace', 'b');
    return list;
  };

  it('Web handler', async () => {
    seen.length = 0;
    const request = new Request('https://example.test/hooks/in?tenant=7', { method: 'POST', headers: headers(), body: BODY });
    assert.equal((await handle(request, { remoteAddress: '203.0.113.9' })).status, 200);
    assert.deepEqual(seen, [expected('203.0.113.9')]);
  });

  it('toNodeListener', async () => {
    seen.length = 0;
    const server = http.createServer(nodeListener(handle, false));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.address() as AddressInfo;
      const response = await fetch(`http://127.0.0.1:${port}/hooks/in?tenant=7`, { method: 'POST', headers: headers(), body: BODY });
      assert.equal(response.status, 200);
      const forged = await fetch(`http://127.0.0.1:${port}/hooks/in?tenant=7`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-sender-jwt': 'bad' },
        body: BODY,
      });
      assert.equal(forged.status, 401);
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
    assert.deepEqual(seen[0], expected('127.0.0.1'));
    assert.equal(seen.length, 2);
  });
});

describe("verify's request target and path", () => {
  // As the node listener gives it (a target, in origin or absolute form) and as Request.url is.
  const cases: Array<[string, string, string]> = [
    ['/hooks/in?tenant=7', '/hooks/in?tenant=7', '/hooks/in'],
    ['/hooks/in?next=https://a.example/cb', '/hooks/in?next=https://a.example/cb', '/hooks/in'],
    ['https://example.test/hooks/in?tenant=7', '/hooks/in?tenant=7', '/hooks/in'],
    ['https://example.test?next=/x', '/?next=/x', '/'],
    ['https://example.test', '/', '/'],
    ['', '/', '/'],
  ];
  for (const [given, url, path] of cases) {
    it(JSON.stringify(given), () => {
      const request = verifyRequestOf({ method: 'POST', url: given, header: () => null, remoteAddress: undefined });
      assert.deepEqual([request.url, request.path], [url, path]);
    });
  }
});
