import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { loadSpec } from '../../src/load/load-spec.js';
import { buildModel } from '../../src/model/build-model.js';
import { parseIdempotencyKey } from '../../src/model/idempotency.js';
import { deliveryKey, type DeliveryKeyRule } from '../../src/runtime/delivery-key.js';
import { createReceiver, type IncomingDelivery } from '../../src/runtime/receiver/core.js';
import { removeDir, tempDir } from '../support/helpers.js';
import { message, obj, str, v2, type Doc } from '../support/spec-docs.js';

/**
 * The default idempotency key: what names a delivery (delivery-key.ts), what the model reads from
 * the spec to say so (idempotency.ts), and the lost event it exists to prevent: two different
 * events about one object must both reach their handler.
 */

const utf8 = (text: string) => new TextEncoder().encode(text);
const hex = (text: string) => createHash('sha256').update(text).digest('hex');
const headers = (all: Record<string, string>) => (name: string) => all[name] ?? null;

describe('deliveryKey', () => {
  const body = { id: 'evt_1', type: 'customer.updated', data: { object: { id: 'cus_1' } } };
  const raw = JSON.stringify(body);
  const rows: Array<[string, DeliveryKeyRule, Record<string, string>, unknown, string]> = [
    ['the header, where the request has it', { header: 'svix-id', field: ['id'] }, { 'svix-id': 'msg_9' }, body, 'header:svix-id:msg_9'],
    ['an empty header falls to the field', { header: 'svix-id', field: ['id'] }, { 'svix-id': '' }, body, 'field:id:evt_1'],
    ['the field, without a header', { header: null, field: ['id'] }, {}, body, 'field:id:evt_1'],
    ['a nested field path', { header: null, field: ['data', 'object', 'id'] }, {}, body, 'field:data.object.id:cus_1'],
    ['a number names the event too', { header: null, field: ['n'] }, {}, { n: 42 }, 'field:n:42'],
    ['an object at the path names nothing', { header: null, field: ['data'] }, {}, body, `sha256:${hex(raw)}`],
    ['a missing field falls to the digest', { header: null, field: ['event_id'] }, {}, body, `sha256:${hex(raw)}`],
    ['an inherited key is not a field', { header: null, field: ['constructor'] }, {}, body, `sha256:${hex(raw)}`],
    ['nothing declared: the digest of the bytes', { header: null, field: null }, { 'svix-id': 'msg_9' }, body, `sha256:${hex(raw)}`],
  ];
  for (const [name, rule, given, value, expected] of rows) {
    it(name, () => {
      const bytes = utf8(value === body ? raw : JSON.stringify(value));
      const key = deliveryKey(rule, headers(given), value, bytes);
      assert.equal(key, expected.startsWith('sha256:') ? `sha256:${hex(new TextDecoder().decode(bytes))}` : expected);
    });
  }
  it('other bytes, other digest: only an exact redelivery shares a key', () => {
    const rule = { header: null, field: null };
    assert.notEqual(deliveryKey(rule, headers({}), body, utf8(raw)), deliveryKey(rule, headers({}), body, utf8(JSON.stringify(body, null, 1))));
  });
});

describe('parseIdempotencyKey', () => {
  const rows: Array<[string, DeliveryKeyRule | string]> = [
    ['id', { header: null, field: ['id'] }],
    ['event.id', { header: null, field: ['event', 'id'] }],
    ['header:X-Delivery-Id', { header: 'x-delivery-id', field: null }],
    ['body', { header: null, field: null }],
    ['a..b', '--idempotency-key "a..b" is not a body path, header:<Name> or body'],
    ['items[].id', '--idempotency-key "items[].id" is not a body path, header:<Name> or body'],
    ['', '--idempotency-key "" is not a body path, header:<Name> or body'],
  ];
  for (const [text, expected] of rows) {
    it(JSON.stringify(text), () => {
      if (typeof expected === 'string') assert.throws(() => parseIdempotencyKey(text, '--idempotency-key'), { message: expected });
      else assert.deepEqual(parseIdempotencyKey(text, '--idempotency-key'), expected);
    });
  }
});

describe('what the model reads as naming a delivery', () => {
  let dir = '';
  let n = 0;
  before(async () => {
    dir = await tempDir('delivery-key');
  });
  after(() => removeDir(dir));
  const idempotency = async (doc: Doc, flag?: string) => {
    const file = path.join(dir, `spec-${n++}.json`);
    await writeFile(file, JSON.stringify(doc));
    const { model } = buildModel(await loadSpec(file, { cwd: dir }), flag === undefined ? {} : { idempotencyKey: flag });
    return model.idempotency;
  };
  const envelope = (id: Doc, extra: Doc = {}) => obj({ id, type: { type: 'string', const: 'a.b' }, data: obj({ object: obj({ id: str }) }) }, extra);
  const rows: Array<[string, Doc, string | undefined, { header: string | null; field: string[] | null; reason: string }]> = [
    [
      'an envelope id described as the event',
      v2({ '/hook': [message('A', envelope({ type: 'string', description: 'Unique identifier for the event.' }))] }),
      undefined,
      { header: null, field: ['id'], reason: 'body field id (its description: "Unique identifier for the event."), else a digest of the raw body' },
    ],
    [
      'an id that names the ticket is not the event',
      v2({ '/hook': [message('A', envelope({ type: 'string', description: 'The ticket ID.' }))] }),
      undefined,
      { header: null, field: null, reason: 'a digest of the raw body' },
    ],
    [
      'a nested object id is never the default',
      v2({
        '/hook': [message('A', obj({ type: str, data: obj({ object: obj({ id: { type: 'string', description: 'Unique identifier for the event.' } }) }) }))],
      }),
      undefined,
      { header: null, field: null, reason: 'a digest of the raw body' },
    ],
    [
      'a name that says so',
      v2({ '/hook': [message('A', obj({ event_id: str, kind: str }))] }),
      undefined,
      { header: null, field: ['event_id'], reason: 'body field event_id (its name says so), else a digest of the raw body' },
    ],
    [
      'examples with an event prefix',
      v2({ '/hook': [message('A', envelope(str), { examples: [{ payload: { id: 'evt_1', type: 'a.b', data: { object: { id: 'x' } } } }] })] }),
      undefined,
      { header: null, field: ['id'], reason: 'body field id (its examples ("evt_1")), else a digest of the raw body' },
    ],
    [
      'every event must declare it',
      v2({ '/hook': [message('A', obj({ event_id: str, t: { const: 'a' } })), message('B', obj({ t: { const: 'b' } }))] }),
      undefined,
      { header: null, field: null, reason: 'a digest of the raw body' },
    ],
    [
      'the spec says so in x-webhook-idempotency-key',
      v2({ '/hook': [message('A', envelope(str))] }, { 'x-webhook-idempotency-key': 'data.object.id' }),
      undefined,
      { header: null, field: ['data', 'object', 'id'], reason: 'body field data.object.id (x-webhook-idempotency-key)' },
    ],
    [
      '--idempotency-key wins over the spec',
      v2({ '/hook': [message('A', envelope(str))] }, { 'x-webhook-idempotency-key': 'data.object.id' }),
      'header:X-Attempt-Group',
      { header: 'x-attempt-group', field: null, reason: 'header x-attempt-group (--idempotency-key)' },
    ],
  ];
  for (const [name, doc, flag, expected] of rows) {
    it(name, async () => assert.deepEqual({ ...(await idempotency(doc, flag)) }, expected));
  }
  it('a stated path no event declares stops generation, naming it', async () => {
    await assert.rejects(idempotency(v2({ '/hook': [message('A', envelope(str))] }), 'event.uid'), {
      message: '--idempotency-key "event.uid": no event\'s payload declares event.uid',
    });
  });
});

describe('the receiver with the default key', () => {
  type Events = { 'customer.updated': { id: string; data: { object: { id: string } } } };
  const delivered = (rule: DeliveryKeyRule) => {
    const calls: string[] = [];
    const handle = createReceiver<Events, string>(
      {
        method: 'POST',
        documentedAddresses: [],
        eventNames: ['customer.updated'],
        channels: [],
        idempotency: rule,
        parse: (body) => ({ ok: true, name: 'customer.updated', event: body as Events['customer.updated'], drift: [] }),
      },
      {
        handlers: { 'customer.updated': (e) => void calls.push(e.id) },
        allowUnauthenticated: true,
        allowedIps: false,
        logger: { warn: () => undefined, error: () => undefined },
      },
    );
    const send = (body: unknown) => {
      const bytes = utf8(JSON.stringify(body));
      const delivery: IncomingDelivery = {
        method: 'POST',
        header: (n) => (n === 'content-type' ? 'application/json' : null),
        body: async () => bytes,
        remoteAddress: '127.0.0.1',
      };
      return handle.deliver(delivery);
    };
    return { calls, send };
  };
  const first = { id: 'evt_1', data: { object: { id: 'cus_1' } } };
  const second = { id: 'evt_2', data: { object: { id: 'cus_1' } } };
  for (const [name, rule] of [
    ['by the event id', { header: null, field: ['id'] }],
    ['by the digest', { header: null, field: null }],
  ] as const) {
    it(`two events about one customer are both handled, a redelivery once (${name})`, async () => {
      const { calls, send } = delivered(rule);
      for (const body of [first, second, first]) assert.equal((await send(body)).status, 200);
      assert.deepEqual(calls, ['evt_1', 'evt_2']);
    });
  }
});
