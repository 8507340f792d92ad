import { message, obj, str, v2, type Doc } from './spec-docs.js';

/** Specs whose events cannot be told apart, or a --discriminator that cannot be read: the exact error for each. */

const PATH_HINTS = [
  'write a body path (event.event_type), several joined by + (webhook_type+webhook_code), or header:<Name> (header:X-GitHub-Event)',
  'a key followed by [] is an array, read in every element (items[].event.code); the path ends with a key',
];

export const failures: Array<{ name: string; doc: Doc; discriminator?: string; message: string; details: string[] }> = [
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
      'one event for each set of identical deliveries (Started, Ended as Live): body constants: no field has a string constant in every message; channel: all messages arrive on one channel; shape: no field has a constant in every message',
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
