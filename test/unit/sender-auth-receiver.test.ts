import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { PRESETS } from '../../src/model/sender-auth/presets.js';
import { utf8 } from '../../src/runtime/auth/bytes.js';
import { resolveSenderAuth, senderGate, type SenderAuthFacts, type SenderAuthOptions } from '../../src/runtime/auth/receiver-auth.js';
import { signDelivery } from '../../src/runtime/auth/sign.js';
import { createSenderVerifier } from '../../src/runtime/auth/verify-sender.js';

/** When the receiver starts, and what it then checks: the sender-auth options, table-driven. */
const github = PRESETS.github.auth;
const slack = PRESETS.slack.auth;
const NONE: SenderAuthFacts = { schemes: [], unenforced: [] };
const GITHUB: SenderAuthFacts = { schemes: [github], unenforced: [], verifier: createSenderVerifier };
const TWO: SenderAuthFacts = { schemes: [github, slack], unenforced: [], verifier: createSenderVerifier };
const JWT: SenderAuthFacts = { schemes: [], unenforced: [{ id: 'plaidJwt', reason: "a JWT signed with the sender's key" }] };
const closed = { allowUnauthenticated: false, hasToken: false };
const BODY = utf8('{"type":"ping"}');
const NOW = 1_764_000_000;

describe('the receiver refuses to start without what the spec requires', () => {
  const cases: Array<{ name: string; facts: SenderAuthFacts; options: SenderAuthOptions; context?: typeof closed; message: string }> = [
    {
      name: 'a signed spec, no secret',
      facts: GITHUB,
      options: {},
      message: "createWebhookHandler: set `secret` (the sender's github secret), or `allowUnauthenticated: true` to accept any caller",
    },
    {
      name: 'two schemes, one `secret`',
      facts: TWO,
      options: { secret: 's' },
      message: 'createWebhookHandler: the spec declares 2 sender schemes (github, slack): give each its secret in `secrets: { "github": ..., "slack": ... }`',
    },
    {
      name: 'a secret for an unknown scheme',
      facts: TWO,
      options: { secrets: { gitlab: 's' } },
      message: 'createWebhookHandler: `secrets["gitlab"]` names no sender scheme of the spec; its schemes are: github, slack',
    },
    {
      name: '`secret` and `secrets`',
      facts: GITHUB,
      options: { secret: 's', secrets: { github: 's' } },
      message: 'createWebhookHandler: set `secret` or `secrets`, not both',
    },
    {
      name: '`secret` for a spec that signs nothing',
      facts: NONE,
      options: { secret: 's' },
      message: 'createWebhookHandler: `secret` is set, but the spec declares no signature or shared secret (a bearer token goes in `token`)',
    },
    {
      name: 'an empty secret in a rotation',
      facts: GITHUB,
      options: { secret: ['s', ''] },
      message: 'createWebhookHandler: `secret` must hold non-empty strings',
    },
    {
      name: 'an unenforceable scheme, no verify',
      facts: JWT,
      options: {},
      message:
        "createWebhookHandler: the spec's sender authenticates with plaidJwt (a JWT signed with the sender's key), which this receiver cannot check by itself: pass `verify(request, rawBody)` that checks it, or `allowUnverified: true`",
    },
    {
      name: 'a tolerance of 0',
      facts: GITHUB,
      options: { secret: 's', signatureToleranceSeconds: 0 },
      message: 'createWebhookHandler: `signatureToleranceSeconds` must be a whole number of seconds, 1 or more',
    },
    {
      name: 'a whsec secret that is not base64',
      facts: { schemes: [PRESETS['standard-webhooks'].auth], unenforced: [], verifier: createSenderVerifier },
      options: { secret: 'whsec_%%' },
      message: 'createWebhookHandler: standard-webhooks: the secret must be base64, optionally after whsec_',
    },
  ];
  for (const c of cases) {
    it(c.name, () => assert.throws(() => resolveSenderAuth(c.facts, c.options, c.context ?? closed), { message: c.message }));
  }
});

describe('what starts, and what it then checks', () => {
  const request = (headers: Record<string, string>) => ({ method: 'POST', remoteAddress: undefined, header: (n: string) => headers[n] ?? null });
  const signed = async (secret: string) => request(await signDelivery(github, secret, BODY, { timestamp: NOW, id: 'd1' }));

  it('nothing declared, nothing set: no check', () => assert.equal(resolveSenderAuth(NONE, {}, closed), undefined));
  it('allowUnauthenticated starts a signed spec with no check', () =>
    assert.equal(resolveSenderAuth(GITHUB, {}, { allowUnauthenticated: true, hasToken: false }), undefined));
  it('allowUnverified starts an unenforceable spec with no check', () => assert.equal(resolveSenderAuth(JWT, { allowUnverified: true }, closed), undefined));

  it('a secret: the signed body passes, another body or secret does not', async () => {
    const check = resolveSenderAuth(GITHUB, { secret: 'right' }, closed)!;
    assert.deepEqual(await check(await signed('right'), BODY), { ok: true });
    assert.deepEqual(await check(await signed('right'), utf8('{"type":"pong"}')), { ok: false, reason: 'mismatch', scheme: 'github' });
    assert.deepEqual(await check(await signed('wrong'), BODY), { ok: false, reason: 'mismatch', scheme: 'github' });
    assert.deepEqual(await check(request({}), BODY), { ok: false, reason: 'missing', scheme: 'github' });
  });

  it('rotation: the old and the new secret both pass', async () => {
    const check = resolveSenderAuth(GITHUB, { secrets: { github: ['old', 'new'] } }, closed)!;
    for (const secret of ['old', 'new']) assert.deepEqual(await check(await signed(secret), BODY), { ok: true });
  });

  it('the clock and the window are options', async () => {
    const headers = request(await signDelivery(slack, 's', BODY, { timestamp: NOW, id: '' }));
    const at = (seconds: number, tolerance?: number) =>
      resolveSenderAuth(
        { schemes: [slack], unenforced: [], verifier: createSenderVerifier },
        { secret: 's', now: () => seconds * 1000, ...(tolerance ? { signatureToleranceSeconds: tolerance } : {}) },
        closed,
      )!;
    assert.deepEqual(await at(NOW + 300)(headers, BODY), { ok: true });
    assert.deepEqual(await at(NOW + 301)(headers, BODY), { ok: false, reason: 'stale', scheme: 'slack' });
    assert.deepEqual(await at(NOW + 600, 600)(headers, BODY), { ok: true });
  });

  it('verify: runs on the raw bytes; false or a throw refuses', async () => {
    const seen: string[] = [];
    const answers = [true, false];
    const check = resolveSenderAuth(
      JWT,
      { verify: (req, raw) => (seen.push(`${req.header('plaid-verification')} ${new TextDecoder().decode(raw)}`), answers.shift() ?? false) },
      closed,
    )!;
    const req = request({ 'plaid-verification': 'jwt' });
    assert.deepEqual(await check(req, BODY), { ok: true });
    assert.deepEqual(await check(req, BODY), { ok: false, reason: 'mismatch', scheme: 'verify' });
    assert.deepEqual(seen, ['jwt {"type":"ping"}', 'jwt {"type":"ping"}']);
    const throwing = resolveSenderAuth(
      JWT,
      {
        verify: () => {
          throw new Error('boom');
        },
      },
      closed,
    )!;
    assert.deepEqual(await throwing(req, BODY), { ok: false, reason: 'mismatch', scheme: 'verify' });
  });
});

describe('the gate in front of parsing, and the delivery key', () => {
  const request = (headers: Record<string, string>) => ({ method: 'POST', remoteAddress: undefined, header: (n: string) => headers[n] ?? null });

  it('logs why a delivery is refused, never the secret', async () => {
    const lines: string[] = [];
    const gate = senderGate(resolveSenderAuth(GITHUB, { secret: 'hidden-secret' }, closed), (m, f) => lines.push(`${m} ${JSON.stringify(f)}`));
    assert.equal(await gate(request({ 'x-hub-signature-256': 'sha256=00' }), BODY), false);
    assert.equal(await gate(request(await signDelivery(github, 'hidden-secret', BODY, { timestamp: NOW, id: '' })), BODY), true);
    assert.deepEqual(lines, ['refused: sender authentication failed (mismatch) {"scheme":"github"}']);
  });

  it('a check that throws refuses', async () => {
    const lines: string[] = [];
    const gate = senderGate(
      async () => {
        throw new TypeError('no crypto');
      },
      (m) => lines.push(m),
    );
    assert.equal(await gate(request({}), BODY), false);
    assert.deepEqual(lines, ['refused: sender authentication could not run']);
  });

  it('no check: every delivery goes on', async () => assert.equal(await senderGate(undefined, () => undefined)(request({}), BODY), true));
});
