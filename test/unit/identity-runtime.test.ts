import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { identify, type IdentityInput, type IdentityRule } from '../../src/runtime/event-identity.js';
import { requestPath } from '../../src/runtime/request-path.js';

/** The one runtime function every consumer runs: a rule and a delivery in, the event out. */

const body: IdentityRule = { kind: 'body', paths: [['type']], events: { 'a.created': 'a.created' } };
const nested: IdentityRule = { kind: 'body', paths: [['event', 'event_type']], events: { PING: 'PING' } };
const pair: IdentityRule = { kind: 'body', paths: [['webhook_type'], ['webhook_code']], events: { 'ITEM\u0000ERROR': 'ITEM.ERROR' } };
const header: IdentityRule = { kind: 'header', header: 'x-gitlab-event', events: { 'Push Hook': 'push' } };
const address: IdentityRule = {
  kind: 'address',
  events: { created: 'ticketCreated', solved: 'ticketSolved' },
  addresses: { created: '/hooks/tickets/created', solved: '/hooks/tickets/solved' },
};
const single: IdentityRule = { kind: 'single', event: 'only' };
const shape: IdentityRule = { kind: 'shape', paths: [['ready']], events: { true: 'VideoReady', false: 'VideoError' } };
/** The live event does not declare `ready`: its deliveries are the ones without it. */
const shapeLeftOut: IdentityRule = { kind: 'shape', paths: [['ready']], events: { true: 'VideoReady', false: 'VideoError', '': 'Live' } };

/** `[]`: every element of the array holds the value. */
const inArray: IdentityRule = { kind: 'body', paths: [['items', '[]', 'kind']], events: { a: 'A' } };
/** One family names its event in `type`, the other in its items: the first path present decides. */
const groups: IdentityRule = { kind: 'body', groups: true, paths: [['type'], ['items', '[]', 'code']], events: { 't.x': 'TX', ONE: 'ONE' } };

/** Which required top-level key is present, whatever it holds. */
const present: IdentityRule = { kind: 'shape', present: true, paths: [['component'], ['incident']], events: { '1\u0000': 'C', '\u00001': 'I' } };

const cases: Array<[string, IdentityRule, IdentityInput, unknown]> = [
  ['a key present, holding an object', present, { body: { component: { id: 'x' } } }, { kind: 'known', name: 'C' }],
  ['the other key present', present, { body: { incident: 'anything' } }, { kind: 'known', name: 'I' }],
  [
    'both keys present',
    present,
    { body: { component: {}, incident: {} } },
    {
      kind: 'unrecognized',
      issues: [
        {
          path: 'component | incident',
          code: 'required',
          message: 'the key that tells events apart (one of "component", "incident") is missing, or more than one is present',
        },
      ],
    },
  ],
  ['a field in an array of one', inArray, { body: { items: [{ kind: 'a' }] } }, { kind: 'known', name: 'A' }],
  ['a field every element holds alike', inArray, { body: { items: [{ kind: 'a' }, { kind: 'a' }] } }, { kind: 'known', name: 'A' }],
  [
    'elements that name different events',
    inArray,
    { body: { items: [{ kind: 'a' }, { kind: 'b' }] } },
    {
      kind: 'unrecognized',
      issues: [{ path: 'items[].kind', code: 'required', message: 'the elements of the array in "items[].kind" name different events' }],
    },
  ],
  [
    'an empty array',
    inArray,
    { body: { items: [] } },
    { kind: 'unrecognized', issues: [{ path: 'items[].kind', code: 'required', message: 'the event name (a string in "items[].kind") is missing' }] },
  ],
  [
    'an object where the array should be',
    inArray,
    { body: { items: { kind: 'a' } } },
    { kind: 'unrecognized', issues: [{ path: 'items[].kind', code: 'required', message: 'the event name (a string in "items[].kind") is missing' }] },
  ],
  ['by group: the first path', groups, { body: { type: 't.x' } }, { kind: 'known', name: 'TX' }],
  ['by group: the second path, through an array', groups, { body: { items: [{ code: 'ONE' }] } }, { kind: 'known', name: 'ONE' }],
  ['by group: the first path present decides', groups, { body: { type: 'zzz', items: [{ code: 'ONE' }] } }, { kind: 'unknown-event', unknownEvent: 'zzz' }],
  [
    'by group: no path present',
    groups,
    { body: { id: 1 } },
    {
      kind: 'unrecognized',
      issues: [{ path: 'type | items[].code', code: 'required', message: 'the event name (a string in "type" or "items[].code") is missing' }],
    },
  ],
  [
    'by group: a path present but not a string',
    groups,
    { body: { type: 7 } },
    { kind: 'unrecognized', issues: [{ path: 'type', code: 'required', message: 'the event name (a string in "type") is missing' }] },
  ],
  ['a top-level field', body, { body: { type: 'a.created' } }, { kind: 'known', name: 'a.created' }],
  ['a top-level field with a value the spec does not list', body, { body: { type: 'a.deleted' } }, { kind: 'unknown-event', unknownEvent: 'a.deleted' }],
  [
    'a top-level field that is missing',
    body,
    { body: { kind: 'x' } },
    { kind: 'unrecognized', issues: [{ path: 'type', code: 'required', message: 'the event name (a string in "type") is missing' }] },
  ],
  [
    'a top-level field that is not a string',
    body,
    { body: { type: 7 } },
    { kind: 'unrecognized', issues: [{ path: 'type', code: 'required', message: 'the event name (a string in "type") is missing' }] },
  ],
  [
    'an inherited property is not read',
    body,
    { body: Object.create({ type: 'a.created' }) as unknown },
    { kind: 'unrecognized', issues: [{ path: 'type', code: 'required', message: 'the event name (a string in "type") is missing' }] },
  ],
  ['a nested field', nested, { body: { event: { event_type: 'PING' } } }, { kind: 'known', name: 'PING' }],
  [
    'a nested field under a non-object',
    nested,
    { body: { event: 'PING' } },
    { kind: 'unrecognized', issues: [{ path: 'event.event_type', code: 'required', message: 'the event name (a string in "event.event_type") is missing' }] },
  ],
  ['two fields together', pair, { body: { webhook_type: 'ITEM', webhook_code: 'ERROR' } }, { kind: 'known', name: 'ITEM.ERROR' }],
  ['two fields, one unknown', pair, { body: { webhook_type: 'ITEM', webhook_code: 'NEW' } }, { kind: 'unknown-event', unknownEvent: 'ITEM.NEW' }],
  [
    'two fields, one missing',
    pair,
    { body: { webhook_type: 'ITEM' } },
    { kind: 'unrecognized', issues: [{ path: 'webhook_code', code: 'required', message: 'the event name (a string in "webhook_code") is missing' }] },
  ],
  ['a header, by lookup function', header, { body: {}, headers: (n) => (n === 'x-gitlab-event' ? 'Push Hook' : null) }, { kind: 'known', name: 'push' }],
  ['a header, from an object in any case', header, { body: {}, headers: { 'X-Gitlab-Event': 'Push Hook' } }, { kind: 'known', name: 'push' }],
  ['a header given twice (node gives an array)', header, { body: {}, headers: { 'x-gitlab-event': ['Push Hook', 'Other'] } }, { kind: 'known', name: 'push' }],
  ['a header the spec does not list', header, { body: {}, headers: { 'x-gitlab-event': 'Job Hook' } }, { kind: 'unknown-event', unknownEvent: 'Job Hook' }],
  [
    'no headers at all',
    header,
    { body: {} },
    { kind: 'unrecognized', issues: [{ path: 'header x-gitlab-event', code: 'required', message: 'the event name (header x-gitlab-event) is missing' }] },
  ],
  ['the address, by exact path', address, { body: {}, path: '/hooks/tickets/solved' }, { kind: 'known', name: 'ticketSolved' }],
  ['the address, mounted under a prefix', address, { body: {}, path: '/api/v1/hooks/tickets/created' }, { kind: 'known', name: 'ticketCreated' }],
  ['the address, by channel', address, { body: {}, channel: 'solved' }, { kind: 'known', name: 'ticketSolved' }],
  [
    'the address, unknown path',
    address,
    { body: {}, path: '/elsewhere' },
    {
      kind: 'unrecognized',
      issues: [{ path: '', code: 'required', message: 'this spec tells events apart by the address they are posted to: pass the request path or the channel' }],
    },
  ],
  ['the shape: a boolean', shape, { body: { ready: false } }, { kind: 'known', name: 'VideoError' }],
  [
    'the shape: a string where a boolean is expected is not that event',
    shape,
    { body: { ready: 'false' } },
    { kind: 'unknown-event', unknownEvent: '"false"' },
  ],
  [
    'the shape: the field missing',
    shape,
    { body: {} },
    { kind: 'unrecognized', issues: [{ path: 'ready', code: 'required', message: 'the field that tells events apart ("ready") is missing' }] },
  ],
  [
    'the shape: an object where a single value tells events apart',
    shape,
    { body: { ready: { x: 1 } } },
    { kind: 'unrecognized', issues: [{ path: 'ready', code: 'required', message: 'the field that tells events apart ("ready") is not a single value' }] },
  ],
  ['the shape: a field left out names the event that does not declare it', shapeLeftOut, { body: { live: 'x' } }, { kind: 'known', name: 'Live' }],
  ['the shape: a field left out, the others still by value', shapeLeftOut, { body: { ready: true, live: 'x' } }, { kind: 'known', name: 'VideoReady' }],
  ['a single event', single, { body: 'anything' }, { kind: 'known', name: 'only' }],
];

describe('identify', () => {
  for (const [name, rule, input, expected] of cases) {
    it(name, () => assert.deepEqual(identify(rule, input), expected));
  }

  it('answers a known event with the same object every time (nothing allocated on the hot path)', () => {
    assert.equal(identify(body, { body: { type: 'a.created' } }), identify(body, { body: { type: 'a.created' } }));
  });
});

describe('requestPath', () => {
  const paths: Array<[string, string]> = [
    ['http://localhost/a/b', '/a/b'],
    ['https://host:8443/a/b?x=1#f', '/a/b'],
    ['http://host', '/'],
    ['/relative?q', '/relative'],
    ['http://host?x=/a', '/'],
    ['/a#f?x', '/a'],
    ['/a?x#f', '/a'],
    ['/a?u=http://h/b', '/a'],
    ['', '/'],
    ['?x=/a', '/'],
  ];
  for (const [url, path] of paths) it(url, () => assert.equal(requestPath(url), path));
  it('is the pathname of any URL a Request can carry (normalized, as Request.url is), whole or as a target', () => {
    fc.assert(
      fc.property(fc.webUrl({ withQueryParameters: true, withFragments: true }), (raw) => {
        const url = new URL(raw);
        assert.equal(requestPath(url.href), url.pathname);
        assert.equal(requestPath(url.pathname + url.search + url.hash), url.pathname);
      }),
      { numRuns: 2000 },
    );
  });
});
