import { message, obj, str, v2, v3, type Doc } from './spec-docs.js';

/**
 * Event identity, one small spec per strategy (written here, in the shape of the providers' specs
 * that need them, never copied from them), with the summary and the events each one gives.
 */

const shared = obj({ type: str, id: str }, { required: ['type'] });

export interface Case {
  name: string;
  doc: Doc;
  discriminator?: string;
  summary: string;
  /** wire name -> identity values */
  events: Record<string, string[]>;
  endpoints?: string[];
}

export const cases: Case[] = [
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
];
