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

/** A function that builds the schema of every event of one payload whose name sits at the same paths. */
export interface EventSchemaFactory {
  name: string;
  /** `V0 extends string, V1 extends string`: one per identifying value. */
  typeParameters: string;
  /** `v0: V0, v1: V1` */
  parameters: string;
  /** `z.ZodType<models.Event & { type: V0 }>`: the type events.ts gives each such event. */
  returnType: string;
  /** The shared payload's schema intersected with the literals (src/runtime/schema-typing.ts's `named`). */
  body: string;
}

/**
 * Each event's zod schema, as it goes in schemas.ts's table: the payload's schema where the event's
 * name is a constant of it, else a call that adds the name as a literal at the identifying field,
 * `eventSchemaOf('charge.succeeded')`, so the schema checks its own name and infers the type
 * events.ts gives the event. The function is generic in the name and checked once: one
 * `z.intersection` per event would have tsc compare each with `z.ZodType`, most of the time it
 * spent on a spec of 200 events.
 */
export function eventSchemas(model: GenModel, payloadSchema: (typeName: string) => string): { factories: EventSchemaFactory[]; schemas: string[] } {
  const factories = new Map<string, EventSchemaFactory>();
  const perPayload = new Map<string, number>();
  const schemas = model.events.map((event) => {
    const payload = payloadSchema(event.payloadType);
    let t = 0;
    let v = 0;
    const typeParts = literalParts(
      model,
      event,
      (key, inner) => `{ ${propertyKey(key)}: ${inner} }`,
      (inner) => `Array<${inner}>`,
      () => `V${t++}`,
    );
    const zodParts = literalParts(
      model,
      event,
      (key, inner) => `z.object({ ${propertyKey(key)}: ${inner} })`,
      (inner) => `z.array(${inner})`,
      () => `z.literal(v${v++})`,
    );
    if (!typeParts || !zodParts) return payload;
    const key = `${payload}\0${typeParts.join(' & ')}`;
    let factory = factories.get(key);
    if (factory === undefined) {
      const count = (perPayload.get(payload) ?? 0) + 1;
      perPayload.set(payload, count);
      const indexes = typeParts.length === 0 ? [] : [...Array(t).keys()];
      factory = {
        name: `${payload}Of${count > 1 ? count : ''}`,
        typeParameters: indexes.map((i) => `V${i} extends string`).join(', '),
        parameters: indexes.map((i) => `v${i}: V${i}`).join(', '),
        returnType: `z.ZodType<models.${event.payloadType} & ${typeParts.join(' & ')}>`,
        body: zodParts.reduce((schema, part) => `named(${schema}, ${part})`, payload),
      };
      factories.set(key, factory);
    }
    const values = model.identity.source.kind === 'body' ? ownIdentity(model.identity.source, event.identity).map((o) => literal(o.value)) : [];
    return `${factory.name}(${values.join(', ')})`;
  });
  return { factories: [...factories.values()], schemas };
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
