import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { GenError } from '../src/errors.js';
import { loadSpec } from '../src/load/load-spec.js';
import { buildModel } from '../src/model/build-model.js';
import { identitySummary } from '../src/model/identity/rule.js';
import { diffModels } from '../src/diff/spec-diff.js';
import { generate } from '../src/generate.js';
import { verifyPayloads } from '../src/verify/verify.js';
import type { GenModel } from '../src/model/types.js';
import { removeDir, tempDir, typecheck } from './support/helpers.js';
import { writeOutput } from '../src/output/write.js';

/**
 * Event identity, one small spec per strategy and per failure (written here, in the shape of the
 * providers' specs that need them, never copied from them).
 */

type Doc = Record<string, unknown>;
const obj = (properties: Doc, extra: Doc = {}) => ({ type: 'object', properties, ...extra });
const str = { type: 'string' };
const message = (name: string, payload: Doc, extra: Doc = {}) => ({ name, payload, ...extra });
/** AsyncAPI 2.6 with the given channels (each `key: [messages]`, or with an address via 3.0). */
const v2 = (channels: Record<string, Doc[]>, extra: Doc = {}): Doc => ({
  asyncapi: '2.6.0',
  info: { title: 't', version: '1' },
  channels: Object.fromEntries(
    Object.entries(channels).map(([key, messages]) => [key, { publish: { message: messages.length === 1 ? messages[0] : { oneOf: messages } } }]),
  ),
  ...extra,
});
const v3 = (channels: Record<string, { address: string; messages: Doc[] }>): Doc => ({
  asyncapi: '3.0.0',
  info: { title: 't', version: '1' },
  channels: Object.fromEntries(
    Object.entries(channels).map(([key, c]) => [key, { address: c.address, messages: Object.fromEntries(c.messages.map((m) => [m.name as string, m])) }]),
  ),
  operations: Object.fromEntries(Object.keys(channels).map((key) => [`on-${key}`, { action: 'receive', channel: { $ref: `#/channels/${key}` } }])),
});

const shared = obj({ type: str, id: str }, { required: ['type'] });

interface Case {
  name: string;
  doc: Doc;
  discriminator?: string;
  summary: string;
  /** wire name -> identity values */
  events: Record<string, string[]>;
  endpoints?: string[];
}

const cases: Case[] = [
  {
    name: 'a top-level constant (the seed, figma, resend)',
    doc: v2({ '/hook': [message('A', obj({ type: { const: 'a.created' } })), message('B', obj({ type: { enum: ['b.deleted'] } }))] }),
    summary: 'told apart by "type"',
    events: { 'a.created': ['a.created'], 'b.deleted': ['b.deleted'] },
    endpoints: ['/hook'],
  },
  {
    name: 'a nested constant',
    doc: v2({
      '/hook': [message('A', obj({ event: obj({ event_type: { const: 'A1' } }) })), message('B', obj({ event: obj({ event_type: { const: 'B1' } }) }))],
    }),
    summary: 'told apart by body field "event.event_type" (a constant in each message)',
    events: { A1: ['A1'], B1: ['B1'] },
  },
  {
    name: 'two nested constants together, channels named by event (pipedrive)',
    doc: v2({
      'create.deal': [message('DealCreated', obj({ meta: obj({ action: { const: 'create' }, entity: { const: 'deal' } }) }))],
      'create.note': [message('NoteCreated', obj({ meta: obj({ action: { const: 'create' }, entity: { const: 'note' } }) }))],
      'change.deal': [message('DealChanged', obj({ meta: obj({ action: { const: 'change' }, entity: { const: 'deal' } }) }))],
    }),
    summary: 'told apart by body fields "meta.action" + "meta.entity" (a constant in each message)',
    events: { 'change.deal': ['change', 'deal'], 'create.deal': ['create', 'deal'], 'create.note': ['create', 'note'] },
    endpoints: ['/'],
  },
  {
    name: 'a plain string named by the message title (intercom, chargebee)',
    doc: v2({
      '/hook': [message('Ping', obj({ topic: { const: 'ping' } }), { title: 'ping' }), message('UserCreated', obj({ topic: str }), { title: 'user.created' })],
    }),
    summary: 'told apart by body field "topic" (named by the message title)',
    events: { ping: ['ping'], 'user.created': ['user.created'] },
  },
  {
    name: 'a shared payload on channels named by event (stripe)',
    doc: v2({ 'charge.succeeded': [message('Generic', shared)], 'charge.failed': [message('Generic', shared)] }),
    summary: 'told apart by body field "type" (named by the channel name)',
    events: { 'charge.failed': ['charge.failed'], 'charge.succeeded': ['charge.succeeded'] },
    endpoints: ['/'],
  },
  {
    name: 'a shared enum listing the message names (coinbase)',
    doc: v2({
      '/hook': ['charge:created', 'charge:failed'].map((n) =>
        message(n, obj({ type: { type: 'string', enum: ['charge:created', 'charge:failed', 'charge:pending'] } })),
      ),
    }),
    summary: 'told apart by body field "type" (named by the message name)',
    events: { 'charge:created': ['charge:created'], 'charge:failed': ['charge:failed'] },
  },
  {
    name: 'an enum matching channel names by wording, one shared address (docusign)',
    doc: v3({
      envelopeSent: {
        address: '/hooks/ds',
        messages: [message('EnvelopeSentEvent', obj({ event: { type: 'string', enum: ['envelope-sent', 'envelope-voided'] } }))],
      },
      envelopeVoided: {
        address: '/hooks/ds',
        messages: [message('EnvelopeVoidedEvent', obj({ event: { type: 'string', enum: ['envelope-sent', 'envelope-voided'] } }))],
      },
    }),
    summary: 'told apart by body field "event" (named by the channel name)',
    events: { 'envelope-sent': ['envelope-sent'], 'envelope-voided': ['envelope-voided'] },
    endpoints: ['/hooks/ds'],
  },
  {
    name: 'a header with a constant per message (gitlab)',
    doc: v2({
      '/hook': ['Push Hook', 'Tag Push Hook'].map((h) =>
        message(h.replace(/ /g, ''), obj({ ref: str }), { headers: obj({ 'X-Gitlab-Event': { type: 'string', enum: [h] } }) }),
      ),
    }),
    summary: 'told apart by header X-Gitlab-Event (a constant in each message)',
    events: { 'Push Hook': ['Push Hook'], 'Tag Push Hook': ['Tag Push Hook'] },
  },
  {
    name: 'a header named by an extension beside the reference (shopify)',
    doc: v2(
      {
        'orders/create': [{ $ref: '#/components/messages/Hook', 'x-topic': 'orders/create' }],
        'orders/paid': [{ $ref: '#/components/messages/Hook', 'x-topic': 'orders/paid' }],
      },
      { components: { messages: { Hook: message('Hook', { type: 'object' }, { headers: obj({ 'X-Shop-Topic': str }) }) } } },
    ),
    summary: 'told apart by header X-Shop-Topic (named by the x-topic extension)',
    events: { 'orders/create': ['orders/create'], 'orders/paid': ['orders/paid'] },
    endpoints: ['/'],
  },
  {
    name: 'a header whose example shows the pattern around channel names (contentful)',
    doc: v2({
      'Entry.publish': [
        message('EntryEvent', obj({ sys: obj({ id: str }) }), { headers: obj({ 'X-Topic-Name': { type: 'string', example: 'Manage.Entry.publish' } }) }),
      ],
      'Entry.delete': [
        message('EntryEvent', obj({ sys: obj({ id: str }) }), { headers: obj({ 'X-Topic-Name': { type: 'string', example: 'Manage.Entry.publish' } }) }),
      ],
    }),
    summary: 'told apart by header X-Topic-Name (named by the channel name)',
    events: { 'Manage.Entry.delete': ['Manage.Entry.delete'], 'Manage.Entry.publish': ['Manage.Entry.publish'] },
  },
  {
    name: 'the address, one message per path (zendesk)',
    doc: v3({
      created: { address: '/hooks/tickets/created', messages: [message('TicketCreated', obj({ id: str }))] },
      solved: { address: '/hooks/tickets/solved', messages: [message('TicketSolved', obj({ id: str }))] },
    }),
    summary: 'told apart by the address each is posted to (one message per channel)',
    events: { TicketCreated: [], TicketSolved: [] },
    endpoints: ['created', 'solved'],
  },
  {
    name: "the shape: a boolean constant in each message (cloudflare's video events)",
    doc: v2({
      '/hook': [
        message('VideoReady', obj({ ready: { type: 'boolean', const: true } })),
        message('VideoError', obj({ ready: { type: 'boolean', const: false }, reason: str })),
      ],
    }),
    summary: 'told apart by their shape: "ready" (a constant in each message)',
    events: { VideoError: ['false'], VideoReady: ['true'] },
  },
  {
    name: 'the shape: a required constant, or the field left out of the one message that does not declare it',
    doc: v2({
      '/hook': [
        message('VideoReady', obj({ ready: { type: 'boolean', const: true } }, { required: ['ready'] })),
        message('VideoError', obj({ ready: { type: 'boolean', const: false } }, { required: ['ready'] })),
        message('Live', obj({ input: str })),
      ],
    }),
    summary: 'told apart by their shape: "ready" (a constant in each message, or left out)',
    events: { Live: [''], VideoError: ['false'], VideoReady: ['true'] },
  },
  {
    name: "identical deliveries are one event, named after their payload (cloudflare's live stream started and ended)",
    doc: v2(
      {
        '/hook': [
          message('VideoReady', obj({ ready: { type: 'boolean', const: true } }, { required: ['ready'] })),
          message('Started', { $ref: '#/components/schemas/Live' }),
          message('Ended', { $ref: '#/components/schemas/Live' }),
        ],
      },
      { components: { schemas: { Live: obj({ status: { type: 'string', enum: ['connected', 'disconnected'] } }) } } },
    ),
    summary: 'told apart by their shape: "ready" (a constant in each message, or left out)',
    events: { Live: [''], VideoReady: ['true'] },
  },
  {
    name: 'identical deliveries with a constant in common are one event, named by it',
    doc: v2(
      {
        '/hook': [
          message('A', obj({ type: { const: 'a' } })),
          message('B1', { $ref: '#/components/schemas/B' }),
          message('B2', { $ref: '#/components/schemas/B' }),
        ],
      },
      { components: { schemas: { B: obj({ type: { const: 'b' }, n: { type: 'number' } }) } } },
    ),
    summary: 'told apart by "type"',
    events: { a: ['a'], b: ['b'] },
  },
  {
    name: 'all messages delivered alike are one event',
    doc: v2(
      { '/hook': [message('Occurred', { $ref: '#/components/schemas/Note' }), message('Resolved', { $ref: '#/components/schemas/Note' })] },
      { components: { schemas: { Note: { type: 'object', additionalProperties: true } } } },
    ),
    summary: 'one event',
    events: { Note: [] },
  },
  {
    name: 'a single event with no constant',
    doc: v2({ '/hook': [message('Only', obj({ id: str }))] }),
    summary: 'one event',
    events: { Only: [] },
  },
  {
    name: '--discriminator with a nested plain string, named by titles',
    doc: v2({ '/hook': [message('A', obj({ data: obj({ kind: str }) }), { title: 'a' }), message('B', obj({ data: obj({ kind: str }) }), { title: 'b' })] }),
    discriminator: 'data.kind',
    summary: 'told apart by --discriminator data.kind: body field "data.kind" (named by the message title)',
    events: { a: ['a'], b: ['b'] },
  },
  {
    name: '--discriminator with two fields',
    doc: v2({ '/hook': [message('A', obj({ t: { const: 'x' }, c: { const: '1' } })), message('B', obj({ t: { const: 'x' }, c: { const: '2' } }))] }),
    discriminator: 'c+t',
    summary: 'told apart by --discriminator c+t: body fields "c" + "t" (a constant in each message)',
    events: { '1.x': ['1', 'x'], '2.x': ['2', 'x'] },
  },
  {
    name: '--discriminator header: with names from message names (no example needed when told)',
    doc: v2({ '/hook': ['push', 'fork'].map((n) => message(n, obj({ id: str }), { headers: obj({ 'X-Event-Key': str }) })) }),
    discriminator: 'header:X-Event-Key',
    summary: 'told apart by --discriminator header:X-Event-Key: header X-Event-Key (named by the message name)',
    events: { fork: ['fork'], push: ['push'] },
  },
  {
    name: 'x-webhook-discriminator in the spec says the same as the flag',
    doc: v2(
      { '/hook': [message('A', obj({ t: { const: 'x' }, c: { const: '1' } })), message('B', obj({ t: { const: 'y' }, c: { const: '2' } }))] },
      { 'x-webhook-discriminator': 'c' },
    ),
    summary: 'told apart by x-webhook-discriminator c: "c"',
    events: { '1': ['1'], '2': ['2'] },
  },
];

const arr = (items: Doc) => ({ type: 'array', items });
/** Two families at one URL, as a payments provider sends them: batches naming the event in their items, platform events in `type`. */
const families = v2(
  {
    'family/ONE': [message('ItemOne', obj({ items: arr(obj({ item: obj({ code: { enum: ['ONE'] } }) })) }))],
    'family/TWO': [{ $ref: '#/components/messages/Batch' }],
    'family/THREE': [{ $ref: '#/components/messages/Batch' }],
    // The batch's enum has no FOUR: this channel is left out, with a warning.
    'family/FOUR': [{ $ref: '#/components/messages/Batch' }],
    'other/thing/created': [{ $ref: '#/components/messages/Thing' }],
    'other/thing/updated': [{ $ref: '#/components/messages/Thing' }],
  },
  {
    components: {
      messages: {
        Batch: message('Batch', obj({ items: arr(obj({ item: obj({ code: { type: 'string', enum: ['TWO', 'THREE'] } }) })) })),
        Thing: message('Thing', obj({ type: { type: 'string', enum: ['thing.created', 'thing.updated'] } }, { required: ['type'] })),
      },
    },
  },
);

cases.push(
  {
    name: 'by group: "type" for one family, an array\'s items for the other, all at one URL',
    doc: families,
    summary:
      'told apart by body fields by group, the first present deciding: "type" (named by the channel name), else "items[].item.code" (named by the channel name)',
    events: { ONE: ['', 'ONE'], THREE: ['', 'THREE'], TWO: ['', 'TWO'], 'thing.created': ['thing.created', ''], 'thing.updated': ['thing.updated', ''] },
    endpoints: ['/'],
  },
  {
    name: 'a constant in every element of an array',
    doc: v2({ '/hook': [message('A', obj({ items: arr(obj({ kind: { const: 'a' } })) })), message('B', obj({ items: arr(obj({ kind: { const: 'b' } })) }))] }),
    summary: 'told apart by body field "items[].kind" (a constant in each message), every element of the array alike',
    events: { a: ['a'], b: ['b'] },
  },
  {
    name: '--discriminator through an array',
    doc: v2({ '/hook': [message('A', obj({ items: arr(obj({ kind: { const: 'a' } })) })), message('B', obj({ items: arr(obj({ kind: { const: 'b' } })) }))] }),
    discriminator: 'items[].kind',
    summary: 'told apart by --discriminator items[].kind: body field "items[].kind" (a constant in each message)',
    events: { a: ['a'], b: ['b'] },
  },
);

const PATH_HINTS = [
  'write a body path (event.event_type), several joined by + (webhook_type+webhook_code), or header:<Name> (header:X-GitHub-Event)',
  'a key followed by [] is an array, read in every element (items[].event.code); the path ends with a key',
];

const failures: Array<{ name: string; doc: Doc; discriminator?: string; message: string; details: string[] }> = [
  {
    name: 'two messages with one constant value',
    doc: v2({ '/hook': [message('A', obj({ type: { const: 'same' } })), message('B', obj({ type: { const: 'same' } }))] }),
    message: 'cannot tell the 2 messages apart: nothing in the spec names the event of each',
    details: ['body constants: type: message A (channel /hook) and message B (channel /hook) both have "same"'],
  },
  {
    name: 'a constant left out of one message, where another message may leave it out too',
    doc: v2({
      '/hook': [
        message('VideoReady', obj({ ready: { type: 'boolean', const: true } })),
        message('VideoError', obj({ ready: { type: 'boolean', const: false } }, { required: ['ready'] })),
        message('Live', obj({ input: str })),
      ],
    }),
    message: 'cannot tell the 3 messages apart: nothing in the spec names the event of each',
    details: ['shape: no field has a constant in every message'],
  },
  {
    name: 'identical deliveries folded, and still nothing tells the rest apart',
    doc: v2(
      {
        '/hook': [
          message('Other', obj({ id: str })),
          message('Started', { $ref: '#/components/schemas/Live' }),
          message('Ended', { $ref: '#/components/schemas/Live' }),
        ],
      },
      { components: { schemas: { Live: obj({ status: { type: 'string', enum: ['connected', 'disconnected'] } }) } } },
    ),
    message: 'cannot tell the 3 messages apart: nothing in the spec names the event of each',
    details: [
      'shape: messages Started, Ended share one payload schema',
      'one event for each set of identical deliveries (Started, Ended as Live): body constants: no field has a string constant in every message; address: all messages arrive on one channel; shape: no field has a constant in every message',
    ],
  },
  {
    name: 'a forced field one message lacks',
    doc: v2({ '/hook': [message('A', obj({ kind: { const: 'a' } })), message('B', obj({ id: str }))] }),
    discriminator: 'kind',
    message: '--discriminator kind does not tell the 2 messages apart',
    details: [
      'kind: message B has no string constant there; kind from the x-topic extension: message B has no field there; kind from the channel name: message B has no field there; and 2 more',
    ],
  },
  {
    name: 'a malformed --discriminator',
    doc: v2({ '/hook': [message('A', obj({ id: str }))] }),
    discriminator: 'a..b',
    message: '--discriminator "a..b" is not a body path or header',
    details: PATH_HINTS,
  },
];

for (const bad of ['items[0].kind', 'items[]', 'a[]b.c', '[].kind']) {
  failures.push({
    name: `a malformed array path: ${bad}`,
    doc: v2({ '/hook': [message('A', obj({ id: str }))] }),
    discriminator: bad,
    message: `--discriminator ${JSON.stringify(bad)} is not a body path or header`,
    details: PATH_HINTS,
  });
}

describe('event identity', () => {
  let dir = '';
  let n = 0;
  before(async () => {
    dir = await tempDir('identity');
  });
  after(() => removeDir(dir));
  const model = async (doc: Doc, discriminator?: string): Promise<GenModel> => {
    const file = path.join(dir, `spec-${n++}.json`);
    await writeFile(file, JSON.stringify(doc));
    const spec = await loadSpec(file, { cwd: dir });
    return buildModel(spec, discriminator === undefined ? {} : { discriminator }).model;
  };

  for (const c of cases) {
    it(c.name, async () => {
      const m = await model(c.doc, c.discriminator);
      assert.equal(identitySummary(m), c.summary);
      assert.deepEqual(Object.fromEntries(m.events.map((e) => [e.wireName, e.identity])), c.events);
      if (c.endpoints)
        assert.deepEqual(
          m.endpoints.map((e) => e.channel),
          c.endpoints,
        );
    });
  }

  for (const f of failures) {
    it(`stops: ${f.name}`, async () => {
      await assert.rejects(model(f.doc, f.discriminator), (error: unknown) => {
        assert.ok(error instanceof GenError);
        assert.equal(error.message, f.message);
        for (const line of f.details) assert.ok(error.details.includes(line), `missing ${line} in ${JSON.stringify(error.details, null, 1)}`);
        return true;
      });
    });
  }

  it('says which channel no name fits and is left out, and where', async () => {
    const file = path.join(dir, 'families.json');
    await writeFile(file, JSON.stringify(families));
    const { warnings } = buildModel(await loadSpec(file, { cwd: dir }), {});
    assert.deepEqual(
      warnings.filter((w) => w.code === 'left-out-channel').map((w) => [w.where, w.message]),
      [
        [
          'channels.family/FOUR',
          'channel family/FOUR is left out ("family/FOUR" is not in the enum of message Batch): its message Batch is received on its other channels, and a delivery that names no event of the spec is reported as an unknown event',
        ],
      ],
    );
  });

  it('says which messages it received as one event, where they are, and how to tell them apart', async () => {
    const doc = v2(
      { '/hook': [message('Started', { $ref: '#/components/schemas/Live' }), message('Ended', { $ref: '#/components/schemas/Live' })] },
      { components: { schemas: { Live: obj({ status: { type: 'string', enum: ['connected', 'disconnected'] } }) } } },
    );
    const file = path.join(dir, `spec-${n++}.json`);
    await writeFile(file, JSON.stringify(doc));
    const built = buildModel(await loadSpec(file, { cwd: dir }));
    assert.deepEqual(
      built.warnings.filter((w) => w.class === 'identity').map((w) => [w.code, w.message, w.where]),
      [
        [
          'indistinct-messages',
          'messages Started, Ended are delivered alike (same address, payload and headers schemas) and nothing names each: received as one event Live; to receive them apart, give each a constant where their deliveries differ',
          'channels./hook.publish.message.oneOf.0',
        ],
      ],
    );
    const [event] = built.model.events;
    assert.equal(event?.summary, 'One of the messages Started, Ended, which the spec does not tell apart');
    assert.equal(event?.title, undefined);
  });

  it('diff: a change in where events are named is one breaking change', async () => {
    const byBody = await model(v2({ '/hook': ['a.created', 'b.deleted'].map((v) => message(v, obj({ type: { const: v } }))) }));
    const byHeader = await model(
      v2({ '/hook': ['a.created', 'b.deleted'].map((v) => message(v, obj({ id: str }), { headers: obj({ 'X-Event': { const: v } }) })) }),
    );
    const changes = diffModels(byBody, byHeader).filter((c) => c.kind === 'identity-changed');
    assert.deepEqual(changes, [
      { kind: 'identity-changed', breaking: true, event: '*', path: '', detail: 'told apart by "type" -> by header X-Event (a constant in each message)' },
    ]);
    assert.deepEqual(diffModels(byBody, byBody), []);
  });

  it("verify reads the event from a recording's headers where a header names it", async () => {
    const gitlabLike = await model(cases.find((c) => c.name.startsWith('a header with a constant'))!.doc);
    const report = verifyPayloads(gitlabLike, [
      { source: 'push.json', body: { ref: 'main' }, headers: { 'x-gitlab-event': 'Push Hook' } },
      { source: 'job.json', body: { ref: 'main' }, headers: { 'x-gitlab-event': 'Job Hook' } },
      { source: 'bare.json', body: { ref: 'main' } },
    ]);
    assert.deepEqual(
      report.payloads.map((p) => [p.source, p.event, p.status]),
      [
        ['push.json', 'Push Hook', 'valid'],
        ['job.json', 'Job Hook', 'unknown-event'],
        ['bare.json', null, 'unrecognized'],
      ],
    );
  });

  it('fixtures: request.json carries the identity header, and each identity part has an unknown-event fixture', async () => {
    const file = path.join(dir, 'fixtures-header.json');
    await writeFile(file, JSON.stringify(cases.find((c) => c.name.startsWith('a header with a constant'))!.doc));
    const { files } = await generate({ specPath: file, outDir: 'out', cwd: dir });
    const read = (p: string) => JSON.parse(files.find((f) => f.path === `fixtures/${p}`)!.contents) as Record<string, unknown>;
    const index = read('index.json') as {
      requests: Record<string, string>;
      fixtures: Array<{ event: string; expect: string; headers?: Record<string, string> }>;
    };
    const request = read(index.requests['Push Hook']!) as { headers: Record<string, string> };
    assert.equal(request.headers['x-gitlab-event'], 'Push Hook');
    const unknown = index.fixtures.filter((f) => f.event === 'Push Hook' && f.expect === 'unknown-event');
    assert.deepEqual(
      unknown.map((f) => f.headers),
      [{ 'x-gitlab-event': 'unknown.event' }],
    );
    assert.ok(
      index.fixtures.filter((f) => f.event === 'Push Hook' && f.expect !== 'unknown-event').every((f) => f.headers?.['x-gitlab-event'] === 'Push Hook'),
    );

    const pairFile = path.join(dir, 'fixtures-pair.json');
    await writeFile(pairFile, JSON.stringify(cases.find((c) => c.name.includes('(pipedrive)'))!.doc));
    const pair = await generate({ specPath: pairFile, outDir: 'out', cwd: dir });
    const pairIndex = JSON.parse(pair.files.find((f) => f.path === 'fixtures/index.json')!.contents) as {
      fixtures: Array<{ event: string; file: string; expect: string }>;
    };
    assert.deepEqual(
      pairIndex.fixtures.filter((f) => f.event === 'create.deal' && f.expect === 'unknown-event').map((f) => f.file),
      ['create.deal/invalid/unknown-event-meta.action.json', 'create.deal/invalid/unknown-event-meta.entity.json'],
    );
  });

  it('events sharing a payload narrow by their name: each has its own literal type', async () => {
    const file = path.join(dir, 'narrow.json');
    await writeFile(file, JSON.stringify(cases.find((c) => c.name.includes('(stripe)'))!.doc));
    const { files } = await generate({ specPath: file, outDir: 'narrow', cwd: dir });
    await writeOutput(path.join(dir, 'narrow'), files);
    assert.match(files.find((f) => f.path === 'events.ts')!.contents, /'charge\.failed': models\.Generic(?:Payload)? & \{ type: 'charge\.failed' \};/);
    await writeFile(
      path.join(dir, 'narrow', 'use.ts'),
      [
        "import type { WebhookEvent } from './events.js';",
        "import { defineHandlers } from './receiver.js';",
        "export function kind(e: WebhookEvent): 'failed' | 'succeeded' {",
        "  if (e.type === 'charge.failed') { const t: 'charge.failed' = e.type; return t === 'charge.failed' ? 'failed' : 'succeeded'; }",
        "  const t: 'charge.succeeded' = e.type;",
        "  return t === 'charge.succeeded' ? 'succeeded' : 'failed';",
        '}',
        "export const handlers = defineHandlers({ 'charge.failed': (e) => { const t: 'charge.failed' = e.type; return t; }, 'charge.succeeded': () => undefined });",
        '',
      ].join('\n'),
    );
    const check = await typecheck(dir, ['narrow/use.ts'], 'nodenext');
    assert.equal(check.output, '');
  });

  it('events sharing a payload get their name as a literal type; constants do not need one', async () => {
    const stripeLike = await model(cases.find((c) => c.name.includes('(stripe)'))!.doc);
    assert.ok(stripeLike.events.every((e) => e.literalIdentity));
    const seedLike = await model(cases[0]!.doc);
    assert.ok(seedLike.events.every((e) => !e.literalIdentity));
  });
});
