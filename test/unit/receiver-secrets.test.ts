import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, it } from 'node:test';
import { PRESETS } from '../../src/model/sender-auth/presets.js';
import { utf8 } from '../../src/runtime/auth/bytes.js';
import { signDelivery } from '../../src/runtime/auth/sign.js';
import type { SenderAuth } from '../../src/runtime/auth/scheme.js';
import { createSenderVerifier } from '../../src/runtime/auth/verify-sender.js';
import { createReceiver, type IncomingDelivery } from '../../src/runtime/receiver/core.js';
import { isSecretField, recordingOf, redactSecrets } from '../../src/runtime/receiver/support.js';
import { ROOT } from '../support/helpers.js';

/**
 * Secrets in and around the receiver: which fields a recording redacts (one rule on the key
 * name), secrets that could never match refused when the receiver is built, Svix's unbranded
 * headers accepted, and the status table's order for a signed spec.
 */

const silent = { warn: () => undefined, error: () => undefined };
const NOW = 1_764_000_000;

describe('redaction: the last word of a key name decides', () => {
  // [key, redacted]
  const CASES: Array<[string, boolean]> = [
    ['authorization', true],
    ['key', true],
    ['apiKey', true],
    ['api_key', true],
    ['X-Api-Key', true],
    ['APIKey', true],
    ['access_token', true],
    ['refreshToken', true],
    ['password', true],
    ['passwd', true],
    ['pwd', true],
    ['passcode', true],
    ['passphrase', true],
    ['privateKey', true],
    ['secretKey', true],
    ['signingKey', true],
    ['SIGNING_KEY', true],
    ['clientSecret', true],
    ['client_secret', true],
    ['secret', true],
    ['credentials', true],
    ['sessionCookie', true],
    ['webhookCallbackApiKey', true],
    ['jwt', true],
    ['apiKeyId', false],
    ['tokenCost', false],
    ['keyword', false],
    ['secretary', false],
    ['passwordHint', false],
    ['id', false],
    ['userId', false],
    ['type', false],
    ['', false],
  ];
  for (const [key, redacted] of CASES) {
    it(`${JSON.stringify(key)}: ${redacted ? 'redacted' : 'kept'}`, () => assert.equal(isSecretField(key), redacted));
  }

  it('a recording redacts them at any depth, numbers too, and keeps the rest', () => {
    const body = {
      type: 'e',
      privateKey: 'pk',
      auth: { secretKey: 'sk', passwd: 'pw', signingKey: 'sg', apiKey: { key: 'k', id: 'kept-id' } },
      credentials: { password: 'p' },
      pin: { passcode: 123456 },
      apiKeyId: 'kept',
    };
    const recorded = recordingOf('valid', 'e', () => null, body);
    assert.deepEqual(recorded.body, {
      type: 'e',
      privateKey: 'REDACTED',
      auth: { secretKey: 'REDACTED', passwd: 'REDACTED', signingKey: 'REDACTED', apiKey: { key: 'REDACTED', id: 'kept-id' } },
      credentials: { password: 'REDACTED' },
      pin: { passcode: 'REDACTED' },
      apiKeyId: 'kept',
    });
    assert.deepEqual(redactSecrets([{ access_token: 't' }]), [{ access_token: 'REDACTED' }]);
  });
});

function receiver(auth: SenderAuth, options: Record<string, unknown>) {
  const calls: unknown[] = [];
  const handle = createReceiver(
    {
      method: 'POST',
      documentedAddresses: [],
      eventNames: ['ping'],
      channels: [],
      senderAuth: { schemes: [auth], unenforced: [], verifier: createSenderVerifier },
      parse: (body) => ({ ok: true, name: 'ping', event: body, drift: [] }),
    },
    { handlers: { ping: (event: unknown) => void calls.push(event) }, allowedIps: false, logger: silent, now: () => NOW * 1000, ...options } as never,
  );
  const send = (headers: Record<string, string>, body: Uint8Array) => {
    const all: Record<string, string> = { 'content-type': 'application/json', ...headers };
    const delivery: IncomingDelivery = { method: 'POST', header: (n) => all[n] ?? null, body: async () => body, remoteAddress: '127.0.0.1' };
    return handle.deliver(delivery);
  };
  return { calls, send };
}

describe('a secret that could never match is refused when the receiver is built', () => {
  const github = PRESETS.github.auth;
  const CASES: Array<[string, unknown, string]> = [
    ['blank', '   ', 'createWebhookHandler: `secret` is blank (only spaces or line breaks); no sender signs with that, so every delivery would be refused'],
    [
      'a trailing line break',
      'gh-secret\n',
      'createWebhookHandler: `secret` has spaces or line breaks around it; no sender signs with those, so every delivery would be refused: trim it',
    ],
    [
      'a leading space, in a rotation',
      ['new-secret', ' old-secret'],
      'createWebhookHandler: `secret` has spaces or line breaks around it; no sender signs with those, so every delivery would be refused: trim it',
    ],
  ];
  for (const [name, secret, message] of CASES) {
    it(`${name}: throws naming \`secret\``, () => assert.throws(() => receiver(github, { secret }), { message }));
  }
  it('in `secrets` too, naming the scheme', () =>
    assert.throws(() => receiver(github, { secrets: { github: '\t' } }), {
      message: 'createWebhookHandler: `secrets["github"]` is blank (only spaces or line breaks); no sender signs with that, so every delivery would be refused',
    }));
});

describe("the Svix preset accepts Svix's unbranded headers, as its library does", () => {
  const auth = PRESETS.svix.auth;
  const secret = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
  const body = utf8('{"type":"ping"}');

  it('webhook-id, webhook-timestamp, webhook-signature: 200; the same tampered: 401', async () => {
    const branded = await signDelivery(auth, secret, body, { timestamp: NOW, id: 'msg_1' });
    const unbranded = Object.fromEntries(Object.entries(branded).map(([name, value]) => [name.replace(/^svix-/, 'webhook-'), value]));
    assert.deepEqual(Object.keys(unbranded).sort(), ['webhook-id', 'webhook-signature', 'webhook-timestamp']);
    const { calls, send } = receiver(auth, { secret, idempotencyKey: () => undefined });
    assert.equal((await send(branded, body)).status, 200);
    assert.equal((await send(unbranded, body)).status, 200);
    assert.equal((await send({ ...unbranded, 'webhook-id': 'msg_2' }, body)).status, 401);
    assert.equal(calls.length, 2);
  });
});

describe("the README's status table, for a signed spec", () => {
  it('lists the checks in the order the receiver runs them: a forged signature on an oversized body is the size row', async () => {
    const readme = await readFile(path.join(ROOT, 'README.md'), 'utf8');
    const rows = readme
      .slice(readme.indexOf('The checks run in this order'))
      .split('\n')
      .filter((line) => line.startsWith('| '));
    const size = rows.findIndex((row) => row.includes('a body over `maxBodyBytes`'));
    const signature = rows.findIndex((row) => row.includes('signature or secret of the spec'));
    assert.ok(size > 0 && signature > 0, 'both rows are in the table');
    const { send } = receiver(PRESETS.github.auth, { secret: 's', maxBodyBytes: 100 });
    const forged = { 'x-hub-signature-256': `sha256=${'0'.repeat(64)}`, 'content-length': String(5 * 1024 * 1024) };
    const status = (await send(forged, utf8('{}'))).status;
    // The first row that fails answers: the table's order must give the status the receiver gives.
    assert.equal(size < signature ? 413 : 401, status);
  });
});
