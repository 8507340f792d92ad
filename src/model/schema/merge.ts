import { GenError } from '../../errors.js';
import type { Schema } from '../types.js';

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

type Resolve = (schema: Schema) => Schema;

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

function typesOf(schema: Schema): string[] | undefined {
  const type = schema.type;
  if (typeof type === 'string') return [type];
  if (Array.isArray(type)) return type.filter((t): t is string => typeof t === 'string');
  return undefined;
}

function intersectTypes(a: string[], b: string[]): string[] {
  const out = new Set<string>();
  for (const t of a) {
    if (b.includes(t)) out.add(t);
    else if (t === 'integer' && b.includes('number')) out.add('integer');
    else if (t === 'number' && b.includes('integer')) out.add('integer');
  }
  return [...out];
}

function valuesOf(schema: Schema): unknown[] | undefined {
  if ('const' in schema) return [schema.const];
  return Array.isArray(schema.enum) ? schema.enum : undefined;
}

const same = (x: unknown, y: unknown) => JSON.stringify(x) === JSON.stringify(y);

/** `field`: the merged schema is a property or item schema (see above), so a contradiction loosens it. */
export function mergeSchemas(a: Schema, b: Schema, where: string, context: MergeContext, field = false): Schema {
  if (same(a, b)) return a;
  if (a.$ref !== undefined || b.$ref !== undefined) return mergeSchemas(context.resolve(a), context.resolve(b), where, context, field);
  const out: Schema = { ...a };
  for (const [key, value] of Object.entries(b)) {
    if (!(key in out)) out[key] = value;
  }

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
    const pa = (a.properties ?? {}) as Schema;
    const pb = (b.properties ?? {}) as Schema;
    const merged: Schema = {};
    for (const key of new Set([...Object.keys(pa), ...Object.keys(pb)])) {
      const value =
        key in pa && key in pb
          ? mergeSchemas(pa[key] as Schema, pb[key] as Schema, `${where}.${key}`, context, true)
          : ((key in pa ? pa[key] : pb[key]) as Schema);
      Object.defineProperty(merged, key, { value, enumerable: true, writable: true, configurable: true });
    }
    out.properties = merged;
  }

  if (Array.isArray(a.required) || Array.isArray(b.required)) {
    out.required = [...new Set([...((a.required as string[]) ?? []), ...((b.required as string[]) ?? [])])];
  }

  if (a.additionalProperties === false || b.additionalProperties === false) out.additionalProperties = false;
  else if (typeof a.additionalProperties === 'object' && typeof b.additionalProperties === 'object') {
    out.additionalProperties = mergeSchemas(a.additionalProperties as Schema, b.additionalProperties as Schema, `${where}.*`, context, true);
  }

  if (a.items !== undefined && b.items !== undefined && !Array.isArray(a.items) && !Array.isArray(b.items)) {
    out.items = mergeSchemas(a.items as Schema, b.items as Schema, `${where}[]`, context, true);
  }
  return out;
}
