import { GenError } from '../errors.js';
import type { DeliveryKeyRule } from '../runtime/delivery-key.js';
import type { Resolve } from './identity/fields.js';
import type { Schema } from './types.js';

/**
 * Which part of a delivery names it, for the default idempotency key (src/runtime/delivery-key.ts
 * applies it): the spec's delivery-id header; else a top-level body field the spec says names the
 * event itself; else, at run time, a digest of the raw body. A field is taken only where every
 * event declares it and the spec says so in words (its name, its description) or in its examples;
 * a field that merely looks like an id (`id`: "The ticket ID.") names the object the event is
 * about, and keying on it would merge two different events about one ticket.
 */

export interface IdempotencyModel extends DeliveryKeyRule {
  /** Why, for the generation summary and the docs. */
  reason: string;
}

/** Names that say the field identifies the event or delivery: `event_id`, `eventId`, `delivery_id`, `notification_id`. */
const EVENT_ID_NAME = /^(?:webhook[_-]?)?(?:event|delivery|notification)[_-]?id$/i;
/** "Unique identifier for the event", "unique event identifier", "identifier of this notification". */
const SAYS_EVENT_ID =
  /\b(?:id|identifier)\s+(?:for|of)\s+(?:the\s+|this\s+|each\s+)?(?:[\w-]+\s+){0,2}?(?:event|delivery|notification)s?\b|\b(?:event|delivery|notification)\s+(?:id|identifier)\b/i;
/** Example values whose prefix names an event (`evt_1NG8Du2eZvKYlo2C`). */
const EVENT_ID_EXAMPLE = /^(?:evt|event|notif|notification|dlv|delivery)[_-]/i;

export interface EventPayload {
  payload: Schema;
  /** The event's example payloads. */
  examples: unknown[];
}

function properties(schema: Schema, resolve: Resolve): Record<string, Schema> {
  const resolved = resolve(schema);
  const props = resolved.properties;
  return typeof props === 'object' && props !== null && !Array.isArray(props) ? (props as Record<string, Schema>) : {};
}

const isScalarId = (s: Schema) => {
  const types = typeof s.type === 'string' ? [s.type] : Array.isArray(s.type) ? (s.type as string[]) : [];
  return types.length === 0 || types.every((t) => t === 'string' || t === 'integer' || t === 'number' || t === 'null');
};

/** Why the spec says `key` names the event, or undefined when it does not. */
function eventIdEvidence(key: string, schema: Schema, examples: unknown[]): string | undefined {
  if (EVENT_ID_NAME.test(key)) return 'its name says so';
  const words = [schema.title, schema.description].filter((w): w is string => typeof w === 'string').join(' ');
  if (SAYS_EVENT_ID.test(words)) return `its description: ${JSON.stringify(words.length > 60 ? `${words.slice(0, 57)}...` : words)}`;
  const values = examples.map((x) => (typeof x === 'object' && x !== null ? (x as Record<string, unknown>)[key] : undefined));
  if (values.length > 0 && values.every((v) => typeof v === 'string' && EVENT_ID_EXAMPLE.test(v))) return `its examples (${JSON.stringify(values[0])})`;
  return undefined;
}

/** The top-level field every event declares and the spec says names the event, if there is one. */
export function eventIdField(events: readonly EventPayload[], resolve: Resolve): { key: string; why: string } | undefined {
  if (events.length === 0) return undefined;
  const found = events.map((e) => {
    const map = new Map<string, string>();
    for (const [key, value] of Object.entries(properties(e.payload, resolve))) {
      const schema = resolve(value);
      if (!isScalarId(schema)) continue;
      const why = eventIdEvidence(key, schema, e.examples);
      if (why !== undefined) map.set(key, why);
    }
    return map;
  });
  const shared = [...found[0]!.keys()].filter((k) => found.every((m) => m.has(k))).sort((a, b) => rank(a) - rank(b) || (a < b ? -1 : 1));
  const key = shared[0];
  return key === undefined ? undefined : { key, why: found[0]!.get(key)! };
}

const rank = (key: string) => (EVENT_ID_NAME.test(key) ? 0 : key === 'id' ? 1 : 2);

/** `--idempotency-key` / `x-webhook-idempotency-key`: `header:<Name>`, `body` (the digest alone), or a body path. */
export function parseIdempotencyKey(text: string, where: string): DeliveryKeyRule {
  const trimmed = text.trim();
  const header = /^header:\s*([!#$%&'*+.^_`|~0-9A-Za-z-]+)$/.exec(trimmed);
  if (header) return { header: header[1]!.toLowerCase(), field: null };
  if (trimmed === 'body') return { header: null, field: null };
  const path = trimmed.split('.');
  if (trimmed === '' || path.some((p) => p === '' || /[[\]\s]/.test(p))) {
    throw new GenError(`${where} ${JSON.stringify(text)} is not a body path, header:<Name> or body`, [
      'write a body path (id, event.id), header:<Name> (header:X-Delivery-Id), or body (only exact redeliveries are merged)',
    ]);
  }
  return { header: null, field: path };
}

/** What the user said names a delivery: `--idempotency-key`, else the spec's `x-webhook-idempotency-key` (root or `info`). */
export function statedKey(raw: Record<string, unknown>, flag: string | undefined): { text: string; where: string } | undefined {
  if (flag !== undefined) return { text: flag, where: '--idempotency-key' };
  const info = raw.info as Record<string, unknown> | undefined;
  const value = raw['x-webhook-idempotency-key'] ?? (typeof info === 'object' && info !== null ? info['x-webhook-idempotency-key'] : undefined);
  return typeof value === 'string' ? { text: value, where: 'x-webhook-idempotency-key' } : undefined;
}

export function buildIdempotency(
  events: readonly EventPayload[],
  resolve: Resolve,
  deliveryIdHeader: string | null,
  stated: { text: string; where: string } | undefined,
): IdempotencyModel {
  if (stated !== undefined) {
    const rule = parseIdempotencyKey(stated.text, stated.where);
    if (rule.field !== null) {
      if (!events.some((e) => isNested(e.payload, rule.field!, resolve)))
        throw new GenError(`${stated.where} ${JSON.stringify(stated.text)}: no event's payload declares ${rule.field.join('.')}`);
    }
    const what = rule.header !== null ? `header ${rule.header}` : rule.field !== null ? `body field ${rule.field.join('.')}` : 'a digest of the raw body';
    return { ...rule, reason: `${what} (${stated.where})` };
  }
  const field = eventIdField(events, resolve);
  const header = deliveryIdHeader;
  const fieldReason = field ? `body field ${field.key} (${field.why})` : undefined;
  const reason = [header !== null ? `header ${header}` : undefined, fieldReason, 'a digest of the raw body'].filter(Boolean).join(', else ');
  return { header, field: field ? [field.key] : null, reason };
}

function isNested(payload: Schema, path: readonly string[], resolve: Resolve): boolean {
  let node = payload;
  for (const key of path) {
    const next = properties(node, resolve)[key];
    if (next === undefined) return false;
    node = next;
  }
  return true;
}
