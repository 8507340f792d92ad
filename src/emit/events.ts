import { spec } from '../codegen/templates.js';
import type { TemplateSet } from '../codegen/templates.js';
import { ownIdentity } from '../model/identity/rule.js';
import type { EventModel, GenModel } from '../model/types.js';
import { EVERY } from '../runtime/event-identity.js';
import { literal } from '../codegen/escape.js';
import { propertyKey } from '../codegen/identifiers.js';

/**
 * Where an event's name is not a constant of its own payload schema (several events share one
 * payload, or the name comes from the message or channel), its type adds the name as a literal at
 * the identifying field: `models.Event & { type: 'charge.succeeded' }`. Narrowing by that field
 * then works, and each event keeps a type of its own. Printed only through the escapers.
 */
function literalType(model: GenModel, event: EventModel): string | false {
  const parts = literalParts(
    model,
    event,
    (key, inner) => `{ ${propertyKey(key)}: ${inner} }`,
    (inner) => `Array<${inner}>`,
    literal,
  );
  return parts && parts.join(' & ');
}

/**
 * The same literal as a zod schema to intersect with the shared payload's schema, so each event's
 * schema checks its own name and infers the type events.ts gives it:
 * `z.intersection(eventSchema, z.object({ type: z.literal('charge.succeeded') }))`.
 */
export function literalSchema(model: GenModel, event: EventModel, payloadSchema: string): string {
  const parts = literalParts(
    model,
    event,
    (key, inner) => `z.object({ ${propertyKey(key)}: ${inner} })`,
    (inner) => `z.array(${inner})`,
    (value) => `z.literal(${literal(value)})`,
  );
  return parts ? parts.reduce((schema, part) => `z.intersection(${schema}, ${part})`, payloadSchema) : payloadSchema;
}

/** One printed part per identifying path, innermost the event's value; false where no literal is added. */
function literalParts(
  model: GenModel,
  event: EventModel,
  wrap: (key: string, inner: string) => string,
  every: (inner: string) => string,
  leaf: (value: string) => string,
): string[] | false {
  const source = model.identity.source;
  if (!event.literalIdentity || source.kind !== 'body') return false;
  // `[]` is every element of an array.
  return ownIdentity(source, event.identity).map(({ path, value }) =>
    path.reduceRight<string>((inner, key) => (key === EVERY ? every(inner) : wrap(key, inner)), leaf(value)),
  );
}
import type { OutputFile } from './output-file.js';

/**
 * `events.ts` (the union of all events, the map from wire name to payload type, the list of
 * names) and `index.ts`, rendered from templates.
 */
export function emitEvents(model: GenModel, templates: TemplateSet): OutputFile[] {
  const events = model.events.map((e) => ({
    wireName: spec(e.wireName),
    payloadType: e.payloadType,
    identityType: literalType(model, e),
    identifier: e.identifier,
    docText: spec([e.title, e.summary].filter((t) => t !== undefined).join('\n\n')),
  }));
  return [
    { path: 'events.ts', contents: templates.render('events.ts.hbs', { events }) },
    { path: 'index.ts', contents: templates.render('index.ts.hbs', {}) },
  ];
}
