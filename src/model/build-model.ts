import type { Diagnostic } from '../load/diagnostics.js';
import type { LoadedSpec } from '../load/load-spec.js';
import { assignIdentifiers, typeName } from '../codegen/identifiers.js';
import { readMessages, type ReadMessages } from './candidates.js';
import { buildEndpoints } from './endpoints.js';
import { draftEvents, wireNames, type EventDraft, type IdentifiedMessages } from './event-drafts.js';
import { buildIdempotency, statedKey } from './idempotency.js';
import { detectIdentity, type Discriminator } from './identity/detect.js';
import { resolver, type Resolve } from './identity/fields.js';
import { specDiscriminator } from './identity/spec-names.js';
import { identityWarnings, notWebhookWarnings, readWarnings } from './identity/warnings.js';
import { nothingReceived, receivedChannels, type Received } from './received.js';
import { reachable } from './schema/graph.js';
import { schemaWarnings } from './schema/keywords.js';
import { nameSchemas } from './schema/names.js';
import { REF_PREFIX, SchemaNormalizer } from './schema/normalize.js';
import { hoistNull } from './schema/nullable-refs.js';
import { buildSecurity } from './security.js';
import type { EventModel, GenModel } from './types.js';
import { webhookChannels, type LeftOutChannel } from './webhook-channels.js';

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

/** Where the user or the spec says events are named, if anywhere: the flag wins. */
function statedDiscriminator(spec: LoadedSpec, options: ModelOptions): Discriminator | undefined {
  if (options.discriminator !== undefined) return { text: options.discriminator, where: '--discriminator' };
  const stated = specDiscriminator(spec.raw);
  return stated !== undefined ? { text: stated, where: 'x-webhook-discriminator' } : undefined;
}

/** How events are told apart, and the candidates that are events (channels no name fits are not). */
function identifyMessages(spec: LoadedSpec, options: ModelOptions, read: ReadMessages): IdentifiedMessages {
  const detected = detectIdentity(read.candidates, statedDiscriminator(spec, options));
  // Channels no name fits (groups.ts) are not events of their own: their message is received on its other channels.
  const dropped = new Set(detected.leftOut.map((l) => l.index));
  // Merged groups index the candidates as detected, and the lists below are filtered: sound only
  // because detection never both merges messages and leaves channels out.
  if (detected.merged.length > 0 && dropped.size > 0) throw new Error('identity detection both merged messages and left channels out');
  const keep = (_: unknown, i: number) => !dropped.has(i);
  return {
    identity: detected.identity,
    merged: detected.merged,
    leftOut: detected.leftOut.map((l) => ({ candidate: read.candidates[l.index]!, why: l.why })),
    read: detected.read,
    candidates: read.candidates.filter(keep),
    details: read.details.filter(keep),
    values: detected.values.filter(keep),
    literal: detected.literal.filter(keep),
  };
}

/** The events with their identifiers, by wire name, and the schemas their payloads reach. */
function finishEvents(drafts: EventDraft[], normalizer: SchemaNormalizer): Pick<GenModel, 'events' | 'schemas'> {
  const schemas = hoistNull(
    reachable(
      nameSchemas(normalizer.definitions, normalizer.origins),
      drafts.map((d) => typeName(d.payloadType)),
    ),
  );
  const identifiers = assignIdentifiers(
    drafts.map((d) => d.wireName),
    typeName,
    'Event',
  );
  const events: EventModel[] = drafts
    .map((d) => ({ ...d, identifier: identifiers.get(d.wireName)!, payloadType: typeName(d.payloadType) }))
    .sort((a, b) => (a.wireName < b.wireName ? -1 : 1));
  return { events, schemas };
}

/** What the sender authenticates with and what names a delivery. */
function deliveryRules(spec: LoadedSpec, options: ModelOptions, drafts: EventDraft[], resolve: Resolve): Pick<GenModel, 'security' | 'idempotency'> {
  const security = buildSecurity(spec.document, options.auth !== undefined ? { auth: options.auth } : {});
  const payloads = drafts.map((d) => ({ payload: { $ref: `${REF_PREFIX}${d.payloadType}` }, examples: d.examples.map((x) => x.payload) }));
  const key = statedKey(spec.raw, options.idempotencyKey);
  return { security, idempotency: buildIdempotency(payloads, resolve, security.sender.deliveryIdHeader, key) };
}

/** Where events are received; where the address tells events apart, each path is its own endpoint. */
function endpointsOf(received: Received[], identified: IdentifiedMessages, names: string[]): GenModel['endpoints'] {
  const headers = identified.details.map((d) => d.headers);
  return buildEndpoints(received, identified.candidates, names, headers, identified.identity.source.kind === 'address');
}

/** Said once at generation time: unknown schema keywords, how identity was settled, channels left out. */
function modelWarnings(spec: LoadedSpec, normalizer: SchemaNormalizer, identified: IdentifiedMessages, notWebhooks: LeftOutChannel[]): Diagnostic[] {
  const schema = schemaWarnings(normalizer, spec.locate);
  const messages = identified.details.map((d) => d.message);
  return [
    ...schema.unknown,
    ...identityWarnings(spec, identified.candidates, messages, identified.merged, identified.leftOut),
    ...notWebhookWarnings(spec, notWebhooks),
    ...readWarnings(spec, identified.read),
    ...schema.loosened,
  ];
}

/**
 * The spec as our model, stage by stage: the channels that receive webhooks, their messages as
 * candidate events, how events are told apart, the events, then what the sender and the
 * deliveries carry.
 */
export function buildModel(spec: LoadedSpec, options: ModelOptions = {}): BuiltModel {
  const doc = spec.document;
  const { kept: received, leftOut: notWebhooks } = webhookChannels(receivedChannels(spec, options.channels), options.channels);
  const normalizer = new SchemaNormalizer();
  const resolve = resolver(normalizer.definitions);
  const read = readMessages(spec, received, normalizer, resolve);
  if (read.candidates.length === 0) throw nothingReceived(spec);
  const identified = identifyMessages(spec, options, read);
  const names = wireNames(identified);
  const drafts = [...draftEvents(identified, names, normalizer).values()];
  const model: GenModel = {
    title: doc.info().title(),
    version: doc.info().version(),
    asyncapiVersion: doc.version(),
    spec: { displayPath: spec.displayPath, sha256: spec.sha256 },
    endpoints: endpointsOf(received, identified, names),
    identity: identified.identity,
    ...finishEvents(drafts, normalizer),
    ...deliveryRules(spec, options, drafts, resolve),
  };
  const warnings = modelWarnings(spec, normalizer, identified, notWebhooks);
  return { model, notes: [...new Set(normalizer.notes)].sort(), warnings };
}
