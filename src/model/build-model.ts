import type { ChannelInterface, MessageInterface, OperationInterface } from '@asyncapi/parser';
import { GenError } from '../errors.js';
import { assignIdentifiers, typeName } from '../codegen/identifiers.js';
import type { Diagnostic } from '../load/diagnostics.js';
import type { LoadedSpec } from '../load/load-spec.js';
import { findDiscriminator } from './discriminator.js';
import { nameSchemas } from './name-schemas.js';
import { REF_PREFIX, SchemaNormalizer } from './normalize-schema.js';
import { buildSecurity } from './security.js';
import type { Endpoint, EventModel, GenModel, NamedSchema } from './types.js';

export interface ModelOptions {
  /** Use this body field as the discriminator instead of finding one. */
  discriminator?: string;
  /** Only these channels (by key or address); all receiving channels when empty. */
  channels?: string[];
  /** How the sender authenticates, when the spec does not say enough: a preset or an HMAC description. */
  auth?: string;
}

export interface BuiltModel {
  model: GenModel;
  /** Things the generated code will not enforce, said once at generation time. */
  notes: string[];
  /** Unknown keywords in payload schemas (typos such as `tpye`), with their locations. */
  warnings: Diagnostic[];
}

/** `/channels/~1leonardo~1webhook/publish` → ['channels', '/leonardo/webhook', 'publish']. */
const pointerPath = (pointer: string | undefined): string[] =>
  (pointer ?? '')
    .split('/')
    .slice(1)
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));

interface Received {
  channel: ChannelInterface;
  operations: OperationInterface[];
}

/**
 * The receiving side of each channel. AsyncAPI 3 says it plainly (`action: receive`). In 2.x,
 * webhook specs use `publish` (the sender publishes to us) and `subscribe` (we subscribe) about
 * equally, so a channel's publish operation wins and its subscribe operation is the fallback.
 */
function receivingOperations(spec: LoadedSpec): Received[] {
  const doc = spec.document;
  const v3 = doc.version().startsWith('3');
  const byChannel = new Map<string, Received>();
  for (const channel of doc.channels().all()) byChannel.set(channel.id(), { channel, operations: [] });
  for (const operation of doc.operations().all()) {
    for (const channel of operation.channels().all()) {
      byChannel.get(channel.id())?.operations.push(operation);
    }
  }
  const out: Received[] = [];
  for (const entry of byChannel.values()) {
    const receive = entry.operations.filter((op) => op.isReceive());
    const chosen = receive.length > 0 || v3 ? receive : entry.operations.filter((op) => op.isSend());
    if (chosen.length > 0) out.push({ channel: entry.channel, operations: chosen });
  }
  return out.sort((a, b) => (a.channel.id() < b.channel.id() ? -1 : 1));
}

function httpMethod(channel: ChannelInterface, operations: OperationInterface[]): string {
  const bindings = [channel.bindings().get('http')?.value(), ...operations.map((op) => op.bindings().get('http')?.value())];
  for (const binding of bindings) {
    const method = (binding as { method?: unknown } | undefined)?.method;
    if (typeof method === 'string' && method !== '') return method.toUpperCase();
  }
  return 'POST';
}

/** The parser invents `<anonymous-message-N>` ids; those depend on spec order, so never use them. */
/** Example header values from the http bindings and message headers: what the sender sends. */
function exampleHeaders(operations: OperationInterface[], messages: MessageInterface[]): Record<string, string> {
  const schemas: unknown[] = [
    ...operations.map((op) => (op.bindings().get('http')?.value() as { headers?: unknown } | undefined)?.headers),
    ...messages.map((m) => m.headers()?.json()),
  ];
  const out: Record<string, string> = {};
  for (const schema of schemas) {
    const properties = (schema as { properties?: Record<string, Record<string, unknown>> } | undefined)?.properties ?? {};
    for (const [name, prop] of Object.entries(properties)) {
      const lower = name.toLowerCase();
      if (lower === 'authorization' || lower in out) continue;
      const examples = [
        prop.example,
        ...(Array.isArray(prop.examples) ? prop.examples : []),
        ...(Array.isArray(prop.enum) && prop.enum.length === 1 ? prop.enum : []),
      ];
      const value = examples.find((e): e is string => typeof e === 'string');
      if (value !== undefined) out[lower] = value;
    }
  }
  return Object.fromEntries(Object.entries(out).sort(([a], [b]) => (a < b ? -1 : 1)));
}

function messageName(message: MessageInterface, channel: ChannelInterface, index: number): string {
  const id = message.id();
  const usable = id !== undefined && !/^<anonymous-message-\d+>$/.test(id) ? id : undefined;
  return message.name() ?? usable ?? message.title() ?? `${channel.id()} message ${index + 1}`;
}

/**
 * An event told apart by its channel is named after its message; when one message is received on
 * several such channels (the AsyncAPI streetlights examples), each copy is named `<channel> <message>`
 * instead, which depends only on the spec, never on the order of its channels.
 */
function qualifyChannelEvents(drafts: Array<{ wireName: string; channel: string }>, byChannel: Set<string>): void {
  const counts = new Map<string, number>();
  for (const d of drafts) if (byChannel.has(d.channel)) counts.set(d.wireName, (counts.get(d.wireName) ?? 0) + 1);
  for (const d of drafts) {
    if (byChannel.has(d.channel) && (counts.get(d.wireName) ?? 0) > 1) d.wireName = `${d.channel} ${d.wireName}`;
  }
}

/** Only schemas an event payload uses: an allOf base merged into its users needs no type of its own. */
function reachable(schemas: NamedSchema[], roots: string[]): NamedSchema[] {
  const byName = new Map(schemas.map((s) => [s.name, s]));
  const seen = new Set<string>();
  const visit = (name: string) => {
    if (seen.has(name) || !byName.has(name)) return;
    seen.add(name);
    JSON.stringify(byName.get(name)!.schema, (key, value: unknown) => {
      if (key === '$ref' && typeof value === 'string') visit(value.slice(REF_PREFIX.length));
      return value;
    });
  };
  roots.forEach(visit);
  return schemas.filter((s) => seen.has(s.name));
}

export function buildModel(spec: LoadedSpec, options: ModelOptions = {}): BuiltModel {
  const doc = spec.document;
  const sends = doc
    .operations()
    .all()
    .filter((op) => op.isSend()).length;
  const nothingReceived = () =>
    new GenError(`${spec.displayPath} describes no messages this side receives`, [
      doc.version().startsWith('3')
        ? `its ${sends} operation${sends === 1 ? '' : 's'} with \`action: send\` describe what it sends; a receiver needs \`action: receive\` with a message`
        : 'AsyncAPI 2: add a `publish` (or `subscribe`) operation with a message to a channel',
    ]);
  let received = receivingOperations(spec);
  if (received.length === 0) throw nothingReceived();
  if (options.channels && options.channels.length > 0) {
    const wanted = new Set(options.channels);
    const unknown = options.channels.filter((c) => !received.some((r) => r.channel.id() === c || r.channel.address() === c));
    if (unknown.length > 0) {
      throw new GenError(`--channel names no receiving channel: ${unknown.join(', ')}`, [
        `receiving channels: ${received.map((r) => r.channel.id()).join(', ')}`,
      ]);
    }
    received = received.filter((r) => wanted.has(r.channel.id()) || wanted.has(r.channel.address() ?? ''));
  }

  const normalizer = new SchemaNormalizer();
  const endpoints: Endpoint[] = [];
  const drafts: Array<Omit<EventModel, 'identifier'>> = [];
  for (const { channel, operations } of received) {
    const messages = new Map<string, MessageInterface>();
    operations.forEach((op) =>
      op
        .messages()
        .all()
        .forEach((m, i) => {
          const name = messageName(m, channel, i);
          if (!messages.has(name)) messages.set(name, m);
        }),
    );
    if (messages.size === 0) continue;
    const entries = [...messages].map(([name, message]) => ({
      name,
      message,
      source: normalizer.payload(
        message.payload()?.json(),
        `${typeName(name)}Payload`,
        `message ${name} payload`,
        pointerPath(message.payload()?.meta()?.pointer),
      ),
    }));
    const discriminator = findDiscriminator(
      channel.id(),
      entries.map((e) => ({ messageName: e.name, schema: normalizer.definitions.get(e.source) ?? {} })),
      options.discriminator,
    );
    const wireNames = entries.map((e, i) => discriminator?.values[i] ?? e.name);
    endpoints.push({
      channel: channel.id(),
      address: channel.address() ?? channel.id(),
      method: httpMethod(channel, operations),
      discriminator: discriminator?.field ?? null,
      events: [...wireNames].sort(),
      headers: exampleHeaders(operations, [...messages.values()]),
    });
    entries.forEach(({ name, message, source }, i) => {
      drafts.push({
        wireName: wireNames[i]!,
        messageName: name,
        ...(message.title() !== undefined ? { title: message.title()! } : {}),
        ...(message.summary() !== undefined ? { summary: message.summary()! } : {}),
        ...(message.description() !== undefined ? { description: message.description()! } : {}),
        payloadType: source,
        channel: channel.id(),
        examples: message
          .examples()
          .all()
          .filter((x) => x.hasPayload())
          .map((x) => ({
            ...(x.name() !== undefined ? { name: x.name()! } : {}),
            ...(x.summary() !== undefined ? { summary: x.summary()! } : {}),
            payload: x.payload(),
          })),
      });
    });
  }

  if (drafts.length === 0) throw nothingReceived();
  qualifyChannelEvents(drafts, new Set(endpoints.filter((e) => e.discriminator === null).map((e) => e.channel)));
  for (const endpoint of endpoints)
    endpoint.events = drafts
      .filter((d) => d.channel === endpoint.channel)
      .map((d) => d.wireName)
      .sort();
  const duplicates = drafts.filter((d, i) => drafts.findIndex((o) => o.wireName === d.wireName) !== i);
  if (duplicates.length > 0) {
    throw new GenError(
      `event names are not unique across channels`,
      duplicates.map((d) => {
        const first = drafts.find((o) => o.wireName === d.wireName)!;
        return `"${d.wireName}": message ${first.messageName} (channel ${first.channel}) and message ${d.messageName} (channel ${d.channel})`;
      }),
    );
  }
  const schemas = reachable(
    nameSchemas(normalizer.definitions, normalizer.origins),
    drafts.map((d) => typeName(d.payloadType)),
  );
  const identifiers = assignIdentifiers(
    drafts.map((d) => d.wireName),
    typeName,
    'Event',
  );
  const events: EventModel[] = drafts
    .map((d) => ({ ...d, identifier: identifiers.get(d.wireName)!, payloadType: typeName(d.payloadType) }))
    .sort((a, b) => (a.wireName < b.wireName ? -1 : 1));

  const model: GenModel = {
    title: doc.info().title(),
    version: doc.info().version(),
    asyncapiVersion: doc.version(),
    spec: { displayPath: spec.displayPath, sha256: spec.sha256 },
    endpoints: endpoints.sort((a, b) => (a.channel < b.channel ? -1 : 1)),
    events,
    schemas,
    security: buildSecurity(doc, options.auth !== undefined ? { auth: options.auth } : {}),
  };
  const warnings: Diagnostic[] = normalizer.unknownKeywords.map((u) => ({
    class: 'keyword',
    code: 'unknown-keyword',
    message: `"${u.keyword}"${u.suggestion !== undefined ? ` (did you mean "${u.suggestion}"?)` : ''}`,
    location: spec.locate(u.at),
    where: u.at.join('.'),
  }));
  return { model, notes: [...new Set(normalizer.notes)].sort(), warnings };
}
