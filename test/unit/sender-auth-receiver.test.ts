import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { PRESETS } from '../../src/model/sender-auth/presets.js';
import { utf8 } from '../../src/runtime/auth/bytes.js';
import { resolveSenderAuth, type DeliveryView, type SenderAuthFacts, type SenderAuthOptions } from '../../src/runtime/auth/receiver-auth.js';
import { signDelivery } from '../../src/runtime/auth/sign.js';
import { createSenderVerifier } from '../../src/runtime/auth/verify-sender.js';

/** When the receiver starts, and what it then checks: the sender-auth options, table-driven. */
const github = PRESETS.github.auth;
const slack = PRESETS.slack.auth;
const NONE: SenderAuthFacts = { schemes: [], unenforced: [] };
const GITHUB: SenderAuthFacts = { schemes: [github], unenforced: [], verifier: createSenderVerifier };
const TWO: SenderAuthFacts = { schemes: [github, slack], unenforced: [], verifier: createSenderVerifier };
const JWT: SenderAuthFacts = { schemes: [], unenforced: [{ id: 'plaidJwt', reason: "a JWT signed with the sender's key" }] };
const BODY = utf8('{"type":"ping"}');
const NOW = 1_764_000_000;

/** The gate the options make, and what it logs; `check` says 'passed' or the lines of its refusal. */
function resolve(facts: SenderAuthFacts, options: SenderAuthOptions) {
  const lines: string[] = [];
  const gate = resolveSenderAuth(facts, options, (message, fields) => lines.push(`${message} ${JSON.stringify(fields)}`));
  const check = async (request: DeliveryView, body: Uint8Array) => {
    const before = lines.length;
    const refusal = await gate.onBody(request, body);
    return refusal === undefined ? 'passed' : `${JSON.stringify(refusal)} ${lines.slice(before).join('; ')}`;
  };
  return { gate, lines, check };
}
const refused = (reason: string, scheme: string) => `{} refused: sender authentication failed (${reason}) {"scheme":"${scheme}"}`;
const request = (headers: Record<string, string>): DeliveryView => ({ method: 'POST', remoteAddress: undefined, header: (n: string) => headers[n] ?? null });

const REFUSALS_TO_START: Array<{ name: string; facts: SenderAuthFacts; options: SenderAuthOptions; message: string }> = [
  {
    name: 'nothing declared, no token',
    facts: NONE,
    options: {},
    message: 'createWebhookHandler: set `token` (the webhook API key), or `allowUnauthenticated: true` to accept any caller',
  },
  {
    name: 'an unenforceable scheme let through, no token',
    facts: JWT,
    options: { allowUnverified: true },
    message: 'createWebhookHandler: set `token` (the webhook API key), or `allowUnauthenticated: true` to accept any caller',
  },
  {
    name: 'a token of another type',
    facts: NONE,
    options: { token: 3 as never },
    message: 'createWebhookHandler: `token` must be a string or an array of strings',
  },
  {
    name: 'a bad token comes before a bad flag',
    facts: NONE,
    options: { token: ['ok', 3 as never], allowUnauthenticated: 'yes' as never },
    message: 'createWebhookHandler: `token` must be a string or an array of strings',
  },
  { name: 'an empty token', facts: NONE, options: { token: '' }, message: 'createWebhookHandler: `token` must not be empty' },
  {
    name: 'a token with a line break',
    facts: NONE,
    options: { token: 'abc\n' },
    message: 'createWebhookHandler: `token` has spaces or line breaks around it; header values arrive trimmed, so it could never match',
  },
  {
    name: 'a token a header cannot carry',
    facts: NONE,
    options: { token: 'caf\u00e9' },
    message: 'createWebhookHandler: `token` has characters a header value cannot carry (only visible ASCII and single spaces)',
  },
  {
    name: 'a flag of another type',
    facts: NONE,
    options: { allowUnauthenticated: 'yes' as never },
    message: 'createWebhookHandler: `allowUnauthenticated` must be true or false',
  },
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
describe('the receiver refuses to start without what the spec requires', () => {
  for (const c of REFUSALS_TO_START) {
    it(c.name, () => assert.throws(() => resolveSenderAuth(c.facts, c.options, () => undefined), { message: c.message }));
  }
});

describe('what starts, and what it then checks', () => {
  const signed = async (secret: string) => request(await signDelivery(github, secret, BODY, { timestamp: NOW, id: 'd1' }));

  it('allowUnauthenticated starts a signed spec with no check', async () => {
    const { gate, check } = resolve(GITHUB, { allowUnauthenticated: true });
    assert.equal(gate.onHeaders(request({})), undefined);
    assert.equal(await check(request({}), BODY), 'passed');
  });
  it('allowUnverified starts an unenforceable spec with no check on the body', async () =>
    assert.equal(await resolve(JWT, { allowUnverified: true, token: 't' }).check(request({}), BODY), 'passed'));
  it("a token stands for a signed spec's missing secret", async () => assert.equal(await resolve(GITHUB, { token: 't' }).check(request({}), BODY), 'passed'));

  it('a secret: the signed body passes, another body or secret does not', async () => {
    const { check } = resolve(GITHUB, { secret: 'right' });
    assert.equal(await check(await signed('right'), BODY), 'passed');
    assert.equal(await check(await signed('right'), utf8('{"type":"pong"}')), refused('mismatch', 'github'));
    assert.equal(await check(await signed('wrong'), BODY), refused('mismatch', 'github'));
    assert.equal(await check(request({}), BODY), refused('missing', 'github'));
  });

  it('rotation: the old and the new secret both pass', async () => {
    const { check } = resolve(GITHUB, { secrets: { github: ['old', 'new'] } });
    for (const secret of ['old', 'new']) assert.equal(await check(await signed(secret), BODY), 'passed');
  });

  it('the clock and the window are options', async () => {
    const headers = request(await signDelivery(slack, 's', BODY, { timestamp: NOW, id: '' }));
    const at = (seconds: number, tolerance?: number) =>
      resolve(
        { schemes: [slack], unenforced: [], verifier: createSenderVerifier },
        { secret: 's', now: () => seconds * 1000, ...(tolerance ? { signatureToleranceSeconds: tolerance } : {}) },
      ).check;
    assert.equal(await at(NOW + 300)(headers, BODY), 'passed');
    assert.equal(await at(NOW + 301)(headers, BODY), refused('stale', 'slack'));
    assert.equal(await at(NOW + 600, 600)(headers, BODY), 'passed');
  });

  it('verify: runs on the raw bytes; false or a throw refuses', async () => {
    const seen: string[] = [];
    const answers = [true, false];
    const { check } = resolve(JWT, {
      verify: (req, raw) => (seen.push(`${req.header('plaid-verification')} ${new TextDecoder().decode(raw)}`), answers.shift() ?? false),
    });
    const req = request({ 'plaid-verification': 'jwt' });
    assert.equal(await check(req, BODY), 'passed');
    assert.equal(await check(req, BODY), refused('mismatch', 'verify'));
    assert.deepEqual(seen, ['jwt {"type":"ping"}', 'jwt {"type":"ping"}']);
    const throwing = resolve(JWT, {
      verify: () => {
        throw new Error('boom');
      },
    });
    assert.equal(await throwing.check(req, BODY), refused('mismatch', 'verify'));
  });
});

describe('the API key is one more scheme of the gate, checked on the headers', () => {
  const cases: Array<{ name: string; options: SenderAuthOptions; authorization?: string; refused: boolean }> = [
    { name: 'the key', options: { token: 'key-1' }, authorization: 'Bearer key-1', refused: false },
    { name: 'either key of a rotation', options: { token: ['old', 'new'] }, authorization: 'Bearer old', refused: false },
    { name: 'another key', options: { token: 'key-1' }, authorization: 'Bearer key-2', refused: true },
    { name: 'no header', options: { token: 'key-1' }, refused: true },
    { name: 'the scheme name in another case', options: { token: 'key-1' }, authorization: 'bearer key-1', refused: true },
    { name: 'the key without its scheme', options: { token: 'key-1' }, authorization: 'key-1', refused: true },
    { name: 'no token set, anything goes', options: { allowUnauthenticated: true }, authorization: 'Bearer x', refused: false },
  ];
  for (const c of cases) {
    it(`${c.name}: ${c.refused ? '401 with the Bearer challenge, not logged' : 'goes on'}`, () => {
      const { gate, lines } = resolve(NONE, c.options);
      const headers: Record<string, string> = c.authorization === undefined ? {} : { authorization: c.authorization };
      assert.deepEqual(gate.onHeaders(request(headers)), c.refused ? { challenge: 'Bearer' } : undefined);
      assert.deepEqual(lines, []);
    });
  }

  it('with a signature too: the key on the headers, then the signature on the body', async () => {
    const { gate, check } = resolve(GITHUB, { token: 'key-1', secret: 'right' });
    const headers = await signDelivery(github, 'right', BODY, { timestamp: NOW, id: 'd1' });
    assert.equal(gate.onHeaders(request({ ...headers, authorization: 'Bearer key-1' })), undefined);
    assert.deepEqual(gate.onHeaders(request(headers)), { challenge: 'Bearer' });
    assert.equal(await check(request({ authorization: 'Bearer key-1' }), BODY), refused('missing', 'github'));
  });
});

describe('the gate in front of parsing', () => {
  it('logs why a delivery is refused, never the secret', async () => {
    const { check, lines } = resolve(GITHUB, { secret: 'hidden-secret' });
    assert.equal(await check(request({ 'x-hub-signature-256': 'sha256=00' }), BODY), refused('mismatch', 'github'));
    assert.equal(await check(request(await signDelivery(github, 'hidden-secret', BODY, { timestamp: NOW, id: '' })), BODY), 'passed');
    assert.deepEqual(lines, ['refused: sender authentication failed (mismatch) {"scheme":"github"}']);
  });

  it('a check that throws refuses', async () => {
    const throwing: SenderAuthFacts = {
      schemes: [github],
      unenforced: [],
      verifier: () => async () => {
        throw new TypeError('no crypto');
      },
    };
    assert.equal(await resolve(throwing, { secret: 's' }).check(request({}), BODY), '{} refused: sender authentication could not run {"error":"TypeError"}');
  });
});
