import type { MessageInterface } from '@asyncapi/parser';
import { GenError } from '../errors.js';
import { assignIdentifiers, typeName, typeNamePart } from '../codegen/identifiers.js';
import type { Diagnostic } from '../load/diagnostics.js';
import type { LoadedSpec } from '../load/load-spec.js';
import { buildEndpoints, exampleHeaders } from './endpoints.js';
import { headersOf, proseOf } from './identity/declared.js';
import { detectIdentity, type Discriminator } from './identity/detect.js';
import type { Candidate } from './identity/candidate.js';
import { resolver } from './identity/fields.js';
import { identityWarnings, notWebhookWarnings, readWarnings } from './identity/warnings.js';
import { extensionName, specDiscriminator } from './identity/spec-names.js';
import { nameSchemas } from './schema/names.js';
import { hoistNull } from './schema/nullable-refs.js';
import { REF_PREFIX, SchemaNormalizer } from './schema/normalize.js';
import { reachable } from './schema/graph.js';
import { ownValues } from './identity/rule.js';
import { messageName, nothingReceived, pointerPath, receivedChannels } from './received.js';
import { buildSecurity } from './security.js';
import { buildIdempotency, statedKey } from './idempotency.js';
import { schemaWarnings } from './schema/keywords.js';
import { webhookChannels } from './webhook-channels.js';
import type { EventModel, GenModel, Schema } from './types.js';

export interface ModelOptions {
  /** Where events are named, instead of finding it: `a.b`, `a+b` or `header:X-Name` (see identity/forced.ts). */
  discriminator?: string;
  /** Only these channels (by key or address); all receiving channels when empty. */
  channels?: string[];
  /** How the sender authenticates, when the spec does not say enough: a preset or an HMAC description. */
  auth?: string;
  /** What names a delivery, instead of finding it: a body path, `header:<Name>` or `body`. */
  idempotencyKey?: string;
}

export interface BuiltModel {
  model: GenModel;
  /** Things the generated code will not enforce, said once at generation time. */
  notes: string[];
  /** Unknown keywords in payload schemas (typos such as `tpye`), with their locations. */
  warnings: Diagnostic[];
}

/**
 * An event told apart by its channel is named after its message; when one message is received on
 * several such channels (the AsyncAPI streetlights examples), each copy is named `<channel> <message>`
 * instead, which depends only on the spec, never on the order of its channels.
 */
function channelEventNames(candidates: Candidate[]): string[] {
  const channels = new Map<string, Set<string>>();
  for (const c of candidates) channels.set(c.messageName, (channels.get(c.messageName) ?? new Set()).add(c.channel));
  return candidates.map((c) => (channels.get(c.messageName)!.size > 1 ? `${c.channel} ${c.messageName}` : c.messageName));
}

/** An example whose payload is not even of the schema's type: a placeholder left in the spec. */
function placeholder(payload: unknown, schema: Schema): boolean {
  const types = typeof schema.type === 'string' ? [schema.type] : Array.isArray(schema.type) ? (schema.type as string[]) : [];
  const object = typeof payload === 'object' && payload !== null && !Array.isArray(payload);
  return types.length > 0 && types.every((t) => t === 'object') && !object;
}

export function buildModel(spec: LoadedSpec, options: ModelOptions = {}): BuiltModel {
  const doc = spec.document;
  const { kept: received, leftOut: notWebhooks } = webhookChannels(receivedChannels(spec, options.channels), options.channels);

  const normalizer = new SchemaNormalizer();
  const resolve = resolver(normalizer.definitions);
  let candidates: Candidate[] = [];
  let details: Array<{ message: MessageInterface; source: string; headers: Record<string, string> }> = [];
  const described = doc.info().description();
  const info = described !== undefined ? [{ text: described, at: ['info', 'description'] }] : [];
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
    [...messages].forEach(([name, message], i) => {
      const source = normalizer.payload(
        message.payload()?.json(),
        typeName(`${typeNamePart(name)}Payload`),
        `message ${name} payload`,
        pointerPath(message.payload()?.meta()?.pointer),
      );
      const { schema: headers, misplaced } = headersOf(message, channel, operations);
      candidates.push({
        messageName: name,
        title: message.title(),
        summary: message.summary(),
        channel: channel.id(),
        address: channel.address() ?? channel.id(),
        ownChannel: messages.size === 1,
        protocols: (channel.servers().all().length > 0 ? channel.servers().all() : doc.servers().all()).map((server) => server.protocol()),
        extension: extensionName(spec.raw, channel.id(), message, i, messages.size),
        payload: { $ref: `${REF_PREFIX}${source}` },
        headers,
        examples: message
          .examples()
          .all()
          .map((x) => ({ payload: x.payload(), headers: x.headers() })),
        prose: [...proseOf(channel, operations), ...info],
        misplacedHeaders: misplaced,
        resolve,
      });
      details.push({ message, source, headers: exampleHeaders(operations, [message]) });
    });
  }
  if (candidates.length === 0) throw nothingReceived(spec);

  const stated = specDiscriminator(spec.raw);
  const discriminator: Discriminator | undefined =
    options.discriminator !== undefined
      ? { text: options.discriminator, where: '--discriminator' }
      : stated !== undefined
        ? { text: stated, where: 'x-webhook-discriminator' }
        : undefined;
  const detected = detectIdentity(candidates, discriminator);
  const { identity, merged } = detected;
  // Channels no name fits (groups.ts) are not events of their own: their message is received on its other channels.
  const dropped = new Set(detected.leftOut.map((l) => l.index));
  const leftOut = detected.leftOut.map((l) => ({ candidate: candidates[l.index]!, why: l.why }));
  const keep = (_: unknown, i: number) => !dropped.has(i);
  candidates = candidates.filter(keep);
  details = details.filter(keep);
  const values = detected.values.filter(keep);
  const literal = detected.literal.filter(keep);
  // Merged groups index the candidates as detected, and the lists above are filtered: sound only
  // because detection never both merges messages and leaves channels out.
  if (merged.length > 0 && dropped.size > 0) throw new Error('identity detection both merged messages and left channels out');
  const kind = identity.source.kind;
  const groupOf = new Map(merged.flatMap((g) => g.members.map((i) => [i, g] as const)));
  const names =
    kind === 'body'
      ? values.map((v) => ownValues(identity.source, v, '.'))
      : kind === 'header'
        ? values.map((v) => v.join('.'))
        : channelEventNames(candidates).map((name, i) => groupOf.get(i)?.name ?? name);

  // Candidates with the same name are one message received on several channels: one event.
  const drafts = new Map<string, Omit<EventModel, 'identifier'>>();
  candidates.forEach((c, i) => {
    const wireName = names[i]!;
    if (drafts.has(wireName)) return;
    const { message, headers } = details[i]!;
    const group = groupOf.get(i);
    // Messages sharing one identity value: the event's payload is any of theirs.
    const source = group?.union
      ? normalizer.union(
          [...new Set(group.members.map((m) => details[m]!.source))],
          `${typeName(wireName)}Payload`,
          `messages ${group.members.map((m) => candidates[m]!.messageName).join(', ')}`,
        )
      : details[i]!.source;
    // A merged event is none of its messages in particular: it is described as the set of them.
    const described = group
      ? { summary: `One of the messages ${group.members.map((m) => candidates[m]!.messageName).join(', ')}, which the spec does not tell apart` }
      : {
          ...(message.title() !== undefined ? { title: message.title()! } : {}),
          ...(message.summary() !== undefined ? { summary: message.summary()! } : {}),
          ...(message.description() !== undefined ? { description: message.description()! } : {}),
        };
    drafts.set(wireName, {
      wireName,
      identity: values[i]!,
      literalIdentity: literal[i]!,
      messageName: group ? group.name : c.messageName,
      ...described,
      payloadType: source,
      payloadAt: pointerPath(message.payload()?.meta()?.pointer),
      channel: c.channel,
      headers,
      // A placeholder (`payload: example-value` for an object) documents nothing: no fixture is made of it.
      examples: (group ? group.members.map((m) => details[m]!.message) : [message])
        .flatMap((m) => m.examples().all())
        .filter((x) => x.hasPayload() && !placeholder(x.payload(), resolve(c.payload)))
        .map((x) => ({
          ...(x.name() !== undefined ? { name: x.name()! } : {}),
          ...(x.summary() !== undefined ? { summary: x.summary()! } : {}),
          payload: x.payload(),
        })),
    });
  });
  const duplicates = candidates.filter(
    (c, i) => names.indexOf(names[i]!) !== i && drafts.get(names[i]!)!.messageName !== (groupOf.get(i)?.name ?? c.messageName),
  );
  if (duplicates.length > 0) {
    throw new GenError(
      `event names are not unique`,
      duplicates.map((c) => {
        const first = drafts.get(names[candidates.indexOf(c)]!)!;
        return `"${first.wireName}": message ${first.messageName} (channel ${first.channel}) and message ${c.messageName} (channel ${c.channel})`;
      }),
    );
  }
  const list = [...drafts.values()];
  const schemas = hoistNull(
    reachable(
      nameSchemas(normalizer.definitions, normalizer.origins),
      list.map((d) => typeName(d.payloadType)),
    ),
  );
  const identifiers = assignIdentifiers(
    list.map((d) => d.wireName),
    typeName,
    'Event',
  );
  const events: EventModel[] = list
    .map((d) => ({ ...d, identifier: identifiers.get(d.wireName)!, payloadType: typeName(d.payloadType) }))
    .sort((a, b) => (a.wireName < b.wireName ? -1 : 1));

  const security = buildSecurity(doc, options.auth !== undefined ? { auth: options.auth } : {});
  const payloads = list.map((d) => ({ payload: { $ref: `${REF_PREFIX}${d.payloadType}` }, examples: d.examples.map((x) => x.payload) }));
  const model: GenModel = {
    title: doc.info().title(),
    version: doc.info().version(),
    asyncapiVersion: doc.version(),
    spec: { displayPath: spec.displayPath, sha256: spec.sha256 },
    endpoints: buildEndpoints(
      received,
      candidates,
      names,
      details.map((d) => d.headers),
      kind === 'address',
    ),
    identity,
    events,
    schemas,
    security,
    idempotency: buildIdempotency(payloads, resolve, security.sender.deliveryIdHeader, statedKey(spec.raw, options.idempotencyKey)),
  };
  const schema = schemaWarnings(normalizer, spec.locate);
  const messages = details.map((d) => d.message);
  const warnings: Diagnostic[] = [
    ...schema.unknown,
    ...identityWarnings(spec, candidates, messages, merged, leftOut),
    ...notWebhookWarnings(spec, notWebhooks),
    ...readWarnings(spec, detected.read),
    ...schema.loosened,
  ];
  return { model, notes: [...new Set(normalizer.notes)].sort(), warnings };
}
