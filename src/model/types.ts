/**
 * The intermediate model: plain data built once from the parsed spec and read by every emitter.
 * No parser object gets past model building, so emitters are pure functions of this and can be
 * tested with hand-written models.
 */

/** A schema object as the spec writes it, before normalization: read keyword by keyword, with tests. */
export type Schema = { [keyword: string]: unknown };

import type { JsonValue, NormalizedSchema, NumericKeyword, SchemaType } from './schema/normalized-schema.js';

export type { JsonValue, NormalizedSchema, NumericKeyword, SchemaType };

/** A schema with a name of its own: a component schema, or an inline object/enum named by its path. */
export interface NamedSchema {
  /** The TypeScript type name, unique across the model. */
  name: string;
  /** Where it came from: `components.schemas.Generation` or `ImageGenerationCompleteEnvelope.data`. */
  origin: string;
  schema: NormalizedSchema;
}

export interface Example {
  name?: string;
  summary?: string;
  payload: unknown;
}

export interface EventModel {
  /**
   * The event's name: its identity value(s) on the wire (several joined with `.`), or the message
   * name where the address or nothing at all tells it apart.
   */
  wireName: string;
  /** The values this event has where `GenModel.identity` reads (one per body path; one for a header; none otherwise). */
  identity: string[];
  /**
   * True where the identity values are not constants of the payload schema (named after the
   * message or channel, or several events share the payload): the event's type adds them as literals.
   */
  literalIdentity: boolean;
  /** PascalCase identifier derived from the wire name only, so adding events never renames others. */
  identifier: string;
  messageName: string;
  title?: string;
  summary?: string;
  description?: string;
  /** Name of the NamedSchema of the payload. */
  payloadType: string;
  /** Where the payload schema is in the spec, as the parser reached it (through `$ref`s): what `verify --suggest` edits. */
  payloadAt: string[];
  /** The channel whose endpoint receives it (the first, where one message arrives on several). */
  channel: string;
  /** Request headers as the spec shows the sender setting them for this event, lower-cased, sorted. */
  headers: Record<string, string>;
  examples: Example[];
}

/**
 * Where events are received. Channels that share an address, or whose key is an event name rather
 * than a path, make one endpoint; only distinct path addresses make several.
 */
export interface Endpoint {
  /** The channel key where the endpoint has one channel; its address where it merges several. */
  channel: string;
  /** The request path: the channel address when it is a path (`/leonardo/webhook`), else `/`. */
  address: string;
  method: string;
  /** Wire names of the events this endpoint receives, sorted. */
  events: string[];
  /**
   * Request headers as the spec shows the sender setting them (its examples, or a one-value
   * enum), lower-cased, sorted; `authorization` is never taken from the spec.
   */
  headers: Record<string, string>;
}

export interface SecurityScheme {
  id: string;
  /** The AsyncAPI scheme type: `http`, `httpApiKey`, `userPassword`, ... */
  kind: string;
  in?: string;
  name?: string;
  scheme?: string;
  description?: string;
}

export interface SecurityModel {
  /** Set when the spec describes `Authorization: Bearer <token>`. */
  bearer: { header: string; description?: string } | null;
  /** Addresses or CIDR ranges documented as the sender's, sorted. Empty when none are documented. */
  ipAllowlist: string[];
  /** Every scheme the spec declares, bearer and allowlist included, sorted by id. */
  schemes: SecurityScheme[];
  /** How the sender proves who it is, as the receiver enforces it (src/model/sender-auth/). */
  sender: SenderAuthModel;
}

// --- Sender authentication (src/model/sender-auth/) ---

import type { SenderAuth } from '../runtime/auth/scheme.js';

export type { SenderAuth };

/** A scheme the receiver enforces. */
export interface SenderScheme {
  auth: SenderAuth;
  /** The preset it is, or null for a description read from the spec. */
  preset: string | null;
  /** Where the spec says it: `securitySchemes.x`, `header X-Y`, or `--auth`. */
  source: string;
  /** The spec lets the sender go without it (an empty security requirement, or "optional"). */
  optional: boolean;
}

/** A scheme the spec declares that the receiver cannot check by itself. */
export interface UnenforcedScheme {
  /** The scheme id or header name, as the spec spells it. */
  id: string;
  /** Why, in a phrase: `a JWT signed with the sender's key`. */
  reason: string;
  /** `unenforceable`: no verifier can follow it; `unclear`: the spec does not say enough (try --auth). */
  kind: 'unenforceable' | 'unclear';
}

export interface SenderAuthModel {
  schemes: SenderScheme[];
  unenforced: UnenforcedScheme[];
  /** The lower-case request header that names a delivery across retries: the default idempotency key. */
  deliveryIdHeader: string | null;
  /** What detection decided from where, one line per scheme (printed with --verbose). */
  notes: string[];
}

export interface GenModel {
  title: string;
  version: string;
  asyncapiVersion: string;
  spec: { displayPath: string; sha256: string };
  endpoints: Endpoint[];
  /** How the events of this spec are told apart (one rule for all of them). */
  identity: EventIdentity;
  /** Sorted by wire name. */
  events: EventModel[];
  /** Every schema reachable from an event payload, sorted by name. */
  schemas: NamedSchema[];
  security: SecurityModel;
  /** What names a delivery, for the default idempotency key (src/model/idempotency.ts). */
  idempotency: IdempotencyModel;
}

import type { IdempotencyModel } from './idempotency.js';

/**
 * Event identity: where a delivery's event name is read. Every event's values are on EventModel;
 * the runtime rule (src/runtime/event-identity.ts) is printed from this, and verify, fixtures,
 * send and the receiver all read it from there.
 */
export type IdentitySource =
  /**
   * Body fields at these paths (each a list of keys; `[]` reads every element of an array), read
   * together; with `groups`, each path is one group of events' own and the first present decides.
   */
  | { kind: 'body'; paths: string[][]; groups?: true }
  /**
   * Body fields whose constants, of any scalar type, set each message apart (`readyToStream: true`);
   * values are JSON text. With `present`, the fields are top-level keys each message requires as
   * its own (`component`, `incident`): a value is `1` where the key is present, whatever it holds.
   */
  | { kind: 'shape'; paths: string[][]; present?: true }
  /** A request header; `name` as the spec writes it. */
  | { kind: 'header'; name: string }
  /** The channel (endpoint) the delivery arrives at: each has one event. */
  | { kind: 'address' }
  /** The spec has a single event: nothing needs telling apart. */
  | { kind: 'single' };

export interface EventIdentity {
  source: IdentitySource;
  /** Why this source, for the generation summary: `header X-Gitlab-Event (a one-value enum in each message)`. */
  reason: string;
}
