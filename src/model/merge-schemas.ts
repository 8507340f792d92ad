import { GenError } from '../errors.js';
import type { Schema } from './types.js';

/**
 * Merges the parts of an `allOf` into one schema. Real webhook specs use allOf to add
 * event-specific fields to a shared envelope, and to narrow a shared `event_type` enum to the
 * one value of each event; both must come out as one plain object type.
 */

type Resolve = (schema: Schema) => Schema;

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

export function mergeSchemas(a: Schema, b: Schema, where: string, resolve: Resolve): Schema {
  if (same(a, b)) return a;
  if (a.$ref !== undefined || b.$ref !== undefined) return mergeSchemas(resolve(a), resolve(b), where, resolve);
  const out: Schema = { ...a };
  for (const [key, value] of Object.entries(b)) {
    if (!(key in out)) out[key] = value;
  }

  const ta = typesOf(a);
  const tb = typesOf(b);
  if (ta && tb) {
    const types = intersectTypes(ta, tb);
    if (types.length === 0) throw new GenError(`allOf at ${where} combines incompatible types: ${ta.join('|')} and ${tb.join('|')}`);
    out.type = types.length === 1 ? types[0] : types;
  }

  const va = valuesOf(a);
  const vb = valuesOf(b);
  if (va && vb) {
    const values = va.filter((v) => vb.some((w) => same(v, w)));
    if (values.length === 0) throw new GenError(`allOf at ${where} allows no value: ${JSON.stringify(va)} and ${JSON.stringify(vb)} have none in common`);
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
        key in pa && key in pb ? mergeSchemas(pa[key] as Schema, pb[key] as Schema, `${where}.${key}`, resolve) : ((key in pa ? pa[key] : pb[key]) as Schema);
      Object.defineProperty(merged, key, { value, enumerable: true, writable: true, configurable: true });
    }
    out.properties = merged;
  }

  if (Array.isArray(a.required) || Array.isArray(b.required)) {
    out.required = [...new Set([...((a.required as string[]) ?? []), ...((b.required as string[]) ?? [])])];
  }

  if (a.additionalProperties === false || b.additionalProperties === false) out.additionalProperties = false;
  else if (typeof a.additionalProperties === 'object' && typeof b.additionalProperties === 'object') {
    out.additionalProperties = mergeSchemas(a.additionalProperties as Schema, b.additionalProperties as Schema, `${where}.*`, resolve);
  }

  if (a.items !== undefined && b.items !== undefined && !Array.isArray(a.items) && !Array.isArray(b.items)) {
    out.items = mergeSchemas(a.items as Schema, b.items as Schema, `${where}[]`, resolve);
  }
  return out;
}
