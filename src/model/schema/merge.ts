import { GenError } from '../../errors.js';
import { hasConst, type JsonValue, type NormalizedSchema, type SchemaType } from './normalized-schema.js';

/**
 * Merges the parts of an `allOf` into one schema. Real webhook specs use allOf to add
 * event-specific fields to a shared envelope, and to narrow a shared `event_type` enum to the
 * one value of each event; both must come out as one plain object type.
 *
 * Parts that contradict each other (types that cannot meet, enums with no value in common) make
 * a schema no value satisfies. In a field, that is a mistake in one field of a message that is
 * otherwise meaningful (a narrowing to a value the base enum forgot): the field accepts what
 * either part allows, and the contradiction is reported with its place, so the generated code
 * never rejects a delivery the sender meant to be valid. A whole schema (a message payload or a
 * named component) that contradicts itself describes nothing that can arrive: that stops.
 */

type Resolve = (schema: NormalizedSchema) => NormalizedSchema;

export interface MergeContext {
  resolve: Resolve;
  /** Told of each contradiction in a field, after the field was loosened to what either part allows. */
  loosened: (where: string, text: string) => void;
}

/** At most a few values, so a 30-value enum gives a readable line. */
function showValues(values: unknown[]): string {
  const shown = values.slice(0, 4).map((v) => JSON.stringify(v));
  return values.length > 4 ? `${shown.join(', ')} and ${values.length - 4} more` : shown.join(', ');
}

function typesOf(schema: NormalizedSchema): SchemaType[] | undefined {
  const type = schema.type;
  if (typeof type === 'string') return [type];
  if (Array.isArray(type)) return type.filter((t) => typeof t === 'string');
  return undefined;
}

function intersectTypes(a: SchemaType[], b: SchemaType[]): SchemaType[] {
  const out = new Set<SchemaType>();
  for (const t of a) {
    if (b.includes(t)) out.add(t);
    else if (t === 'integer' && b.includes('number')) out.add('integer');
    else if (t === 'number' && b.includes('integer')) out.add('integer');
  }
  return [...out];
}

function valuesOf(schema: NormalizedSchema): JsonValue[] | undefined {
  if (hasConst(schema)) return [schema.const];
  return Array.isArray(schema.enum) ? schema.enum : undefined;
}

const same = (x: unknown, y: unknown) => JSON.stringify(x) === JSON.stringify(y);

/** `field`: the merged schema is a property or item schema (see above), so a contradiction loosens it. */
export function mergeSchemas(a: NormalizedSchema, b: NormalizedSchema, where: string, context: MergeContext, field = false): NormalizedSchema {
  if (same(a, b)) return a;
  if (a.$ref !== undefined || b.$ref !== undefined) return mergeSchemas(context.resolve(a), context.resolve(b), where, context, field);
  // a's keywords in a's order, then b's others: the order later printers see.
  const out: NormalizedSchema = { ...a, ...b, ...a };

  const ta = typesOf(a);
  const tb = typesOf(b);
  if (ta && tb) {
    let types = intersectTypes(ta, tb);
    if (types.length === 0) {
      const text = `allOf at ${where} combines incompatible types: ${ta.join('|')} and ${tb.join('|')}`;
      if (!field) throw new GenError(text);
      types = [...new Set([...ta, ...tb])];
      context.loosened(where, `${text}; the field accepts either`);
    }
    out.type = types.length === 1 ? types[0] : types;
  }

  const va = valuesOf(a);
  const vb = valuesOf(b);
  if (va && vb) {
    let values = va.filter((v) => vb.some((w) => same(v, w)));
    if (values.length === 0) {
      if (!field) throw new GenError(`allOf at ${where} allows no value: ${JSON.stringify(va)} and ${JSON.stringify(vb)} have none in common`);
      values = [...va, ...vb.filter((w) => !va.some((v) => same(v, w)))];
      context.loosened(where, `allOf at ${where} allows no value: [${showValues(va)}] and [${showValues(vb)}] have none in common; the field accepts either`);
    }
    delete out.const;
    delete out.enum;
    if (values.length === 1) out.const = values[0];
    else out.enum = values;
  }

  if (a.properties !== undefined || b.properties !== undefined) {
    const pa = a.properties ?? {};
    const pb = b.properties ?? {};
    const merged: Record<string, NormalizedSchema> = {};
    for (const key of new Set([...Object.keys(pa), ...Object.keys(pb)])) {
      const value = key in pa && key in pb ? mergeSchemas(pa[key]!, pb[key]!, `${where}.${key}`, context, true) : (key in pa ? pa[key] : pb[key])!;
      Object.defineProperty(merged, key, { value, enumerable: true, writable: true, configurable: true });
    }
    out.properties = merged;
  }

  if (Array.isArray(a.required) || Array.isArray(b.required)) {
    out.required = [...new Set([...(a.required ?? []), ...(b.required ?? [])])];
  }

  if (a.additionalProperties === false || b.additionalProperties === false) out.additionalProperties = false;
  else if (typeof a.additionalProperties === 'object' && typeof b.additionalProperties === 'object') {
    out.additionalProperties = mergeSchemas(a.additionalProperties, b.additionalProperties, `${where}.*`, context, true);
  }

  if (a.items !== undefined && b.items !== undefined && !Array.isArray(a.items) && !Array.isArray(b.items)) {
    out.items = mergeSchemas(a.items, b.items, `${where}[]`, context, true);
  }
  return out;
}
