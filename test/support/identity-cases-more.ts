import type { Case } from './identity-cases.js';
import { arr, message, obj, str, v2, type Doc } from './spec-docs.js';

/** Event identity told by the user (--discriminator, x-webhook-discriminator), through arrays, and by group. */

/** Two families at one URL, as a payments provider sends them: batches naming the event in their items, platform events in `type`. */
export const families: Doc = v2(
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

export const moreCases: Case[] = [
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
];
