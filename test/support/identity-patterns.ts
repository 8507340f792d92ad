import { message, obj, str, v2, type Doc } from './spec-docs.js';

/**
 * Specs that say how their events are told apart in words, names and places AsyncAPI does not
 * give a rule: one small spec per pattern, written here in the manner of providers' specs (never
 * copied from one). Each generates, type-checks, and posts every request fixture to its own
 * handler at one URL (test/identity-patterns.test.ts).
 */

export interface Pattern {
  name: string;
  doc: Doc;
  summary: string;
  events: string[];
  /** The warnings the run gives, by code and `where`. */
  warnings: Array<[code: string, where: string]>;
}

const subscriber = { subscriber: { url: '{callbackUrl}', protocol: 'https', variables: { callbackUrl: { default: 'https://example.com/hook' } } } };

export const patterns: Pattern[] = [
  {
    name: 'a channel description names a nested plain-string field; values are the message titles',
    doc: v2({
      '/hook': [
        message('Triggered', obj({ event: obj({ event_type: str }, { required: ['event_type'] }), data: obj({ id: str }) }, { required: ['event'] }), {
          title: 'alert.triggered',
        }),
        message('Resolved', obj({ event: obj({ event_type: str }, { required: ['event_type'] }), data: obj({ at: str }) }, { required: ['event'] }), {
          title: 'alert.resolved',
        }),
      ],
    }),
    summary: 'told apart by body field "event.event_type" (named by the message title), read from channels./hook.description',
    events: ['alert.resolved', 'alert.triggered'],
    warnings: [['identity-read', 'channels./hook.description']],
  },
  {
    name: 'an operation description names a header no message declares; values from the message summaries',
    doc: v2({
      '/hook': [
        message('TicketOpen', obj({ ticket: obj({ id: str }) }), { summary: 'Sent for ticket.open webhook events' }),
        message('TicketClose', obj({ ticket: obj({ id: str }), reason: str }), { summary: 'Sent for ticket.close webhook events' }),
      ],
    }),
    summary: 'told apart by header X-Desk-Event (named by the message summary), read from channels./hook.publish.description',
    events: ['ticket.close', 'ticket.open'],
    warnings: [['identity-read', 'channels./hook.publish.description']],
  },
  {
    name: "the identity header declared under the operation's bindings.http.headers",
    doc: v2({
      'order.paid': [message('OrderPaid', obj({ order: str }))],
      'order.refunded': [message('OrderRefunded', obj({ order: str, amount: { type: 'number' } }))],
    }),
    summary: 'told apart by header X-Shop-Event (a constant in each message)',
    events: ['order.paid', 'order.refunded'],
    warnings: [['identity-read', 'channels.order.paid.publish.bindings.http.headers']],
  },
  {
    name: 'channel keys that are event names, with a field the description names holding them',
    doc: v2(
      {
        'issue/created': [message('IssueCreated', obj({ action: str, issue: obj({ id: str }) }, { required: ['action'] }))],
        'comment.created': [message('CommentCreated', obj({ action: str, comment: obj({ body: str }) }, { required: ['action'] }))],
      },
      { servers: subscriber },
    ),
    summary: 'told apart by body field "action" (named by the channel name), read from info.description',
    events: ['comment.created', 'issue/created'],
    warnings: [['identity-read', 'info.description']],
  },
  {
    name: 'two messages with one identity value are one event whose payload is either',
    doc: v2({
      '/hook': [
        message('HardBounce', obj({ type: { const: 'Bounce' }, bounce: obj({ kind: { const: 'hard' } }) }, { required: ['type', 'bounce'] })),
        message('SoftBounce', obj({ type: { const: 'Bounce' }, bounce: obj({ retries: { type: 'integer' } }) }, { required: ['type', 'bounce'] })),
        message('Delivery', obj({ type: { const: 'Delivery' }, delivery: obj({ at: str }) }, { required: ['type'] })),
      ],
    }),
    summary: 'told apart by "type"',
    events: ['Bounce', 'Delivery'],
    warnings: [['one-identity-value', 'channels./hook.publish.message.oneOf.0']],
  },
  {
    name: "channels that are not this receiver's webhooks are left out: a stream, and the provider's ingestion API",
    doc: v2(
      {
        '/hook': [message('Created', obj({ type: { const: 'thing.created' } })), message('Deleted', obj({ type: { const: 'thing.deleted' } }))],
        '/v1/ingest': [message('Ingest', obj({ type: str, body: str }))],
        '/live': [message('Tick', obj({ at: str }))],
      },
      {
        servers: {
          ...subscriber,
          api: { url: 'https://api.example.com', protocol: 'https' },
          stream: { url: 'stream.example.com', protocol: 'wss' },
        },
      },
    ),
    summary: 'told apart by "type"',
    events: ['thing.created', 'thing.deleted'],
    warnings: [
      ['not-a-webhook-channel', 'channels./live'],
      ['not-a-webhook-channel', 'channels./v1/ingest'],
    ],
  },
  {
    name: 'a header of any name with a one-value enum or const in each message',
    doc: v2({
      '/hook': [
        message('Added', obj({ id: str }), { headers: obj({ 'X-Acme-Signal': { type: 'string', enum: ['member.added'] } }) }),
        message('Removed', obj({ id: str, why: str }), { headers: obj({ 'X-Acme-Signal': { type: 'string', const: 'member.removed' } }) }),
      ],
    }),
    summary: 'told apart by header X-Acme-Signal (a constant in each message)',
    events: ['member.added', 'member.removed'],
    warnings: [],
  },
  {
    name: 'message names combined with a field the description names',
    doc: v2({
      '/hook': [
        message('user.signup', obj({ action: str, user: obj({ id: str }) }, { required: ['action'] })),
        message('user.deleted', obj({ action: str }, { required: ['action'] })),
      ],
    }),
    summary: 'told apart by body field "action" (named by the message name), read from channels./hook.description',
    events: ['user.deleted', 'user.signup'],
    warnings: [['identity-read', 'channels./hook.description']],
  },
  {
    name: 'messages with identical payloads on channel keys that are event names',
    doc: v2(
      {
        'page.opened': [message('PageOpened', { $ref: '#/components/schemas/PageChange' })],
        'page.closed': [message('PageClosed', { $ref: '#/components/schemas/PageChange' })],
      },
      { components: { schemas: { PageChange: obj({ page: str, at: str }, { required: ['page'] }) } } },
    ),
    summary: 'one event',
    events: ['PageChange'],
    warnings: [['indistinct-messages', 'channels.page.closed.publish.message']],
  },
  {
    name: 'which required top-level key is present',
    doc: v2({
      '/hook': [
        message('ComponentUpdate', obj({ page: str, component: obj({ id: str, status: str }, { required: ['id'] }) }, { required: ['page', 'component'] })),
        message('IncidentUpdate', obj({ page: str, incident: obj({ id: str, impact: str }, { required: ['id'] }) }, { required: ['page', 'incident'] })),
      ],
    }),
    summary: 'told apart by which top-level key is present: "component", "incident" (a required key of each message\'s own)',
    events: ['ComponentUpdate', 'IncidentUpdate'],
    warnings: [],
  },
];

// What the specs above say in words and in places AsyncAPI gives no rule, added after the fact
// so the documents stay readable.
const channel = (doc: Doc, key: string) => (doc.channels as Record<string, Doc>)[key]!;
channel(patterns[0]!.doc, '/hook').description = "Every delivery is an envelope; the envelope's `event.event_type` field identifies the alert class.";
(channel(patterns[1]!.doc, '/hook').publish as Doc).description = 'The `X-Desk-Event` header carries the event name of each delivery.';
for (const [key, value] of [
  ['order.paid', 'order.paid'],
  ['order.refunded', 'order.refunded'],
]) {
  (channel(patterns[2]!.doc, key!).publish as Doc).bindings = {
    http: { type: 'request', method: 'POST', headers: obj({ 'X-Shop-Event': { type: 'string', enum: [value] } }) },
  };
}
(patterns[3]!.doc.info as Doc).description = 'All events are posted to the one callback URL you register. The `action` field names the event of each delivery.';
(channel(patterns[5]!.doc, '/hook') as Doc).servers = ['subscriber'];
(channel(patterns[5]!.doc, '/v1/ingest') as Doc).servers = ['api'];
(channel(patterns[5]!.doc, '/live') as Doc).servers = ['stream'];
channel(patterns[7]!.doc, '/hook').description = 'The `action` field holds the name of the event.';
