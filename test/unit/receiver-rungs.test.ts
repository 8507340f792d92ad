import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { PRESETS } from '../../src/model/sender-auth/presets.js';
import { utf8 } from '../../src/runtime/auth/bytes.js';
import { signDelivery } from '../../src/runtime/auth/sign.js';
import { createSenderVerifier } from '../../src/runtime/auth/verify-sender.js';
import { receiverContext, type DeliveryResponse, type IncomingDelivery, type ReceiverBinding } from '../../src/runtime/receiver/core.js';
import { answerUnhandled, answerUnparsed, keyOf } from '../../src/runtime/receiver/event-rungs.js';
import type { ReceiverOptions } from '../../src/runtime/receiver/options.js';
import { checkHeaders, checkSender, decodeText, NOT_JSON_TEXT, parseJson, unreadBody } from '../../src/runtime/receiver/request-rungs.js';
import { BodyTimedOut, BodyTooLarge, BodyUnavailable } from '../../src/runtime/receiver/support.js';

/**
 * The rungs of the receiver's ladder, one at a time: a small delivery in, the answer out (or
 * nothing: the delivery climbs on). The order of the rungs is checked where two could answer.
 */
type Events = { ping: { type: string } };
const silent = { warn: () => undefined, error: () => undefined };
const github = PRESETS.github.auth;
const binding: ReceiverBinding<Events, string> = {
  method: 'POST',
  documentedAddresses: [],
  eventNames: ['ping'],
  channels: [],
  senderAuth: { schemes: [github], unenforced: [], verifier: createSenderVerifier },
  parse: (body) => ({ ok: true, name: 'ping', event: body as Events['ping'], drift: [] }),
};
const receiver = (options: Partial<ReceiverOptions<Events, string>> = {}) =>
  receiverContext(binding, { token: 'key', allowedIps: false, maxBodyBytes: 100, handlers: {}, logger: silent, ...options });

const delivery = (headers: Record<string, string>, more: Partial<IncomingDelivery> = {}): IncomingDelivery => ({
  method: 'POST',
  header: (name) => headers[name] ?? null,
  body: () => Promise.reject(new Error('not read by these rungs')),
  remoteAddress: '10.0.0.1',
  ...more,
});
/** What a test compares: the status, the body, and the headers beyond content-type. */
const seen = (answer: DeliveryResponse | undefined) => {
  if (answer === undefined) return 'goes on';
  const { 'content-type': _, ...headers } = answer.headers;
  return `${answer.status} ${answer.body}${Object.keys(headers).length > 0 ? ` ${JSON.stringify(headers)}` : ''}`;
};
const OK_HEADERS = { 'content-type': 'application/json', authorization: 'Bearer key' };

describe('the rungs on the headers, in their order', () => {
  const cases: Array<{
    name: string;
    headers: Record<string, string>;
    more?: Partial<IncomingDelivery>;
    options?: Partial<ReceiverOptions<Events, string>>;
    answer: string;
  }> = [
    { name: 'a delivery that passes them all', headers: OK_HEADERS, answer: 'goes on' },
    { name: 'another method', headers: OK_HEADERS, more: { method: 'GET' }, answer: '405 {"error":"method not allowed"} {"allow":"POST"}' },
    {
      name: 'another method and no content type: the method first',
      headers: {},
      more: { method: 'PUT' },
      answer: '405 {"error":"method not allowed"} {"allow":"POST"}',
    },
    { name: 'no content type', headers: { authorization: 'Bearer key' }, answer: '415 {"error":"content type must be application/json"}' },
    { name: 'text/plain', headers: { ...OK_HEADERS, 'content-type': 'text/plain' }, answer: '415 {"error":"content type must be application/json"}' },
    { name: 'a +json type with a charset', headers: { ...OK_HEADERS, 'content-type': 'Application/Merge-Patch+JSON; charset=utf-8' }, answer: 'goes on' },
    { name: 'an address outside the allowlist', headers: OK_HEADERS, options: { allowedIps: ['10.0.0.2'] }, answer: '403 {"error":"forbidden"}' },
    { name: 'an address in a range of it', headers: OK_HEADERS, options: { allowedIps: ['10.0.0.0/24'] }, answer: 'goes on' },
    {
      name: 'no address to check',
      headers: OK_HEADERS,
      more: { remoteAddress: undefined },
      options: { allowedIps: ['10.0.0.1'] },
      answer: '403 {"error":"forbidden"}',
    },
    {
      name: 'the address a trusted proxy names',
      headers: { ...OK_HEADERS, 'x-forwarded-for': '10.0.0.9' },
      options: { allowedIps: ['10.0.0.9'], trustProxy: { hops: 1 } },
      answer: 'goes on',
    },
    {
      name: 'outside the allowlist and no key: the address first',
      headers: { 'content-type': 'application/json' },
      options: { allowedIps: ['10.0.0.2'] },
      answer: '403 {"error":"forbidden"}',
    },
    { name: 'no key', headers: { 'content-type': 'application/json' }, answer: '401 {"error":"unauthorized"} {"www-authenticate":"Bearer"}' },
    { name: 'another key', headers: { ...OK_HEADERS, authorization: 'Bearer other' }, answer: '401 {"error":"unauthorized"} {"www-authenticate":"Bearer"}' },
    { name: 'no key needed', headers: { 'content-type': 'application/json' }, options: { token: undefined, secret: 's' }, answer: 'goes on' },
    {
      name: 'another key and a body too large: the key first',
      headers: { ...OK_HEADERS, authorization: 'Bearer other', 'content-length': '101' },
      answer: '401 {"error":"unauthorized"} {"www-authenticate":"Bearer"}',
    },
    { name: 'a declared length over maxBodyBytes', headers: { ...OK_HEADERS, 'content-length': '101' }, answer: '413 {"error":"body too large"}' },
    { name: 'a declared length of maxBodyBytes', headers: { ...OK_HEADERS, 'content-length': '100' }, answer: 'goes on' },
  ];
  for (const c of cases) {
    it(`${c.name}: ${c.answer}`, () => assert.equal(seen(checkHeaders(receiver(c.options), delivery(c.headers, c.more))), c.answer));
  }
});

describe('the body that could not be read', () => {
  const cases: Array<{ error: Error; closing: boolean; answer: string; reported: string[] }> = [
    { error: new BodyTooLarge('x'), closing: false, answer: '413 {"error":"body too large"}', reported: [] },
    { error: new BodyTimedOut('x'), closing: false, answer: '408 {"error":"the body did not arrive in time"} {"connection":"close"}', reported: [] },
    { error: new BodyTimedOut('x'), closing: true, answer: '503 {"error":"shutting down"} {"retry-after":"10"}', reported: [] },
    { error: new BodyUnavailable('x'), closing: false, answer: '500 {"error":"internal error"}', reported: ['body-unavailable'] },
    { error: new TypeError('x'), closing: false, answer: '400 {"error":"body could not be read as UTF-8 text"}', reported: [] },
  ];
  for (const c of cases) {
    it(`${c.error.name}${c.closing ? ' while closing' : ''}: ${c.answer}`, async () => {
      const reported: string[] = [];
      const answer = await unreadBody(receiver({ onError: (_, context) => void reported.push(context.stage) }), c.error, c.closing);
      assert.equal(seen(answer), c.answer);
      assert.deepEqual(reported, c.reported);
    });
  }
});

describe('the rungs on the body', () => {
  const BODY = utf8('{"type":"ping"}');

  it('the signature: checked on the raw bytes, 401 without a challenge', async () => {
    const signed = await signDelivery(github, 's', BODY, { timestamp: 1_764_000_000, id: 'd' });
    const withSecret = receiver({ token: undefined, secret: 's' });
    assert.equal(seen(await checkSender(withSecret, delivery(signed), BODY)), 'goes on');
    assert.equal(seen(await checkSender(withSecret, delivery(signed), utf8('{"type":"pong"}'))), '401 {"error":"unauthorized"}');
    assert.equal(seen(await checkSender(withSecret, delivery({}), BODY)), '401 {"error":"unauthorized"}');
    assert.equal(seen(await checkSender(receiver(), delivery({}), BODY)), 'goes on');
  });

  it('a refusal is answered 401 even when the logger throws', async () => {
    const throwing = {
      warn: () => {
        throw new Error('log sink down');
      },
      error: () => undefined,
    };
    const withSecret = receiver({ token: undefined, secret: 's', logger: throwing });
    assert.equal(seen(await checkSender(withSecret, delivery({}), BODY)), '401 {"error":"unauthorized"}');
  });

  const texts: Array<[number[], string | undefined]> = [
    [[0x7b, 0x7d], '{}'],
    [[0xc3, 0xa9], '\u00e9'],
    [[0xff], undefined],
    [[0xc3], undefined],
  ];
  for (const [bytes, text] of texts)
    it(`UTF-8 ${JSON.stringify(bytes)} -> ${JSON.stringify(text)}`, () => assert.equal(decodeText(new Uint8Array(bytes)), text));

  const json: Array<[string, unknown]> = [
    ['null', null],
    ['{"a":[1]}', { a: [1] }],
    ['', NOT_JSON_TEXT],
    ['{', NOT_JSON_TEXT],
  ];
  for (const [text, value] of json) it(`JSON ${JSON.stringify(text)}`, () => assert.deepEqual(parseJson(text), value));
});

const issue = { path: '/type', message: 'must be a string' } as never;
const failing = () => {
  throw new Error('hook');
};
const UNPARSED: Array<{ name: string; result: Parameters<typeof answerUnparsed>[1]; options?: Partial<ReceiverOptions<Events, string>>; answer: string }> = [
  {
    name: 'an unknown event',
    result: { ok: false, kind: 'unknown-event', unknownEvent: 'x', issues: [] },
    answer: '202 {"status":"accepted","note":"unknown event"}',
  },
  {
    name: 'an unknown event, unknownEventStatus 404',
    result: { ok: false, kind: 'unknown-event', unknownEvent: 'x', issues: [] },
    options: { unknownEventStatus: 404 },
    answer: '404 {"error":"unknown event","event":"x"}',
  },
  {
    name: 'an invalid event',
    result: { ok: false, kind: 'invalid', name: 'ping', issues: [issue] },
    answer: '422 {"error":"invalid event","issues":[{"path":"/type","message":"must be a string"}],"issueCount":1}',
  },
  {
    name: 'an invalid event with onInvalidEvent',
    result: { ok: false, kind: 'invalid', name: 'ping', issues: [issue] },
    options: { onInvalidEvent: () => undefined },
    answer: '202 {"status":"accepted","note":"invalid event"}',
  },
  {
    name: 'an unrecognized body',
    result: { ok: false, kind: 'unrecognized', issues: [] },
    answer: '422 {"error":"invalid event","issues":[],"issueCount":0}',
  },
  {
    name: 'a hook that throws',
    result: { ok: false, kind: 'unknown-event', unknownEvent: 'x', issues: [] },
    options: { onUnknownEvent: failing, onError: () => undefined },
    answer: '500 {"error":"internal error"}',
  },
];
describe('the rungs after parsing', () => {
  for (const c of UNPARSED) {
    it(`${c.name}: ${c.answer}`, async () => assert.equal(seen(await answerUnparsed(receiver(c.options), c.result, {}, '{}')), c.answer));
  }

  it('no handler: 202, or 500 when onUnhandledEvent throws', async () => {
    assert.equal(seen(await answerUnhandled(receiver(), 'ping')), '202 {"status":"accepted","note":"no handler"}');
    assert.equal(seen(await answerUnhandled(receiver({ onUnhandledEvent: failing, onError: () => undefined }), 'ping')), '500 {"error":"internal error"}');
  });

  const valid = { ok: true as const, name: 'ping', event: { type: 'ping' }, drift: [] };
  const keys: Array<{ name: string; options?: Partial<ReceiverOptions<Events, string>>; headers?: Record<string, string>; key: unknown }> = [
    { name: "the user's key", options: { idempotencyKey: () => 'mine' }, key: 'mine' },
    { name: 'none, by the user', options: { idempotencyKey: () => undefined }, key: undefined },
    { name: 'a key that is not a string', options: { idempotencyKey: () => 5 as never, onError: () => undefined }, key: '500 {"error":"internal error"}' },
    { name: 'a key that throws', options: { idempotencyKey: failing, onError: () => undefined }, key: '500 {"error":"internal error"}' },
  ];
  for (const c of keys) {
    it(`idempotency key: ${c.name}`, async () => {
      const key = await keyOf(receiver(c.options), valid, () => null, valid.event, utf8('{}'));
      assert.deepEqual(typeof key === 'object' ? seen(key) : key, c.key);
    });
  }
  it("idempotency key: the spec's delivery-id header by default", async () => {
    const withRule = receiverContext({ ...binding, idempotency: { header: 'x-delivery', field: null } }, { token: 'k', handlers: {}, logger: silent });
    assert.equal(await keyOf(withRule, valid, (name) => (name === 'x-delivery' ? 'd-1' : null), valid.event, utf8('{}')), 'header:x-delivery:d-1');
  });
});

describe('what the receiver fixes when it is built', () => {
  it('each answer is a fresh object: a header one adapter adds does not reach the next answer', () => {
    const r = receiver();
    const first = checkHeaders(r, delivery({}))!;
    first.headers['set-cookie'] = 'x';
    assert.equal(seen(checkHeaders(r, delivery({}))), '415 {"error":"content type must be application/json"}');
    const wrongMethod = checkHeaders(r, delivery(OK_HEADERS, { method: 'GET' }))!;
    wrongMethod.headers['set-cookie'] = 'x';
    assert.equal(seen(checkHeaders(r, delivery(OK_HEADERS, { method: 'GET' }))), '405 {"error":"method not allowed"} {"allow":"POST"}');
  });

  it('the parse mode and channel are read once: editing the options object later changes nothing', () => {
    const options: ReceiverOptions<Events, string> = { token: 'key', allowedIps: false, handlers: {}, logger: silent };
    const r = receiverContext(binding, options);
    options.mode = 'strict';
    options.channel = 'elsewhere';
    assert.deepEqual([r.parseMode, r.channel], ['tolerant', undefined]);
  });
});
