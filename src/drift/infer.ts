import type { NormalizedSchema, SchemaType } from '../model/types.js';
import { matchesFormat } from '../runtime/formats.js';

/**
 * What every delivery showed at one place the spec does not describe, merged value by value so
 * that thousands of recordings cost a few counters, not a copy of each: the JSON types seen,
 * each property's own shape and how often it was there, and the array elements' shape. `toSchema`
 * turns it into a schema that accepts every value seen and that generation can always read.
 */
export interface Shape {
  types: Set<JsonType>;
  /** Object properties in the order first seen; the schema sorts them, so order of recordings does not matter. */
  properties: Map<string, Shape>;
  items: Shape | undefined;
  /** Formats every string seen so far matches (narrowed as strings arrive); undefined before the first string. */
  formats: Set<string> | undefined;
}

/** The JSON types a value can have: the schema's own list. */
export type JsonType = SchemaType;

/** A value's JSON type; integer as the validators read it (a safe integer: 1e300 is a number). */
export const jsonType = (v: unknown): JsonType =>
  v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v === 'number' ? (Number.isSafeInteger(v) ? 'integer' : 'number') : (typeof v as JsonType);

/** Formats inferred for a new string field when every value seen has it; most specific first. */
const INFERRED_FORMATS = ['date-time', 'date', 'uuid', 'email', 'uri'];

export const emptyShape = (): Shape => ({ types: new Set(), properties: new Map(), items: undefined, formats: undefined });

export function observeShape(shape: Shape, value: unknown): void {
  const type = jsonType(value);
  shape.types.add(type);
  if (type === 'object') {
    for (const [key, v] of Object.entries(value as Record<string, unknown>)) {
      let child = shape.properties.get(key);
      if (child === undefined) shape.properties.set(key, (child = emptyShape()));
      observeShape(child, v);
    }
  } else if (type === 'array') {
    shape.items ??= emptyShape();
    for (const element of value as unknown[]) observeShape(shape.items, element);
  } else if (type === 'string') {
    const formats = shape.formats ?? new Set(INFERRED_FORMATS);
    for (const f of formats) if (!matchesFormat(f, value as string)) formats.delete(f);
    shape.formats = formats;
  }
}

/** Integer and number seen together are numbers; the rest sorted, so the same values give the same text. */
export function mergeTypes<T extends string>(types: Iterable<T>): T[] {
  const unique = [...new Set(types)];
  const numbers = unique.some((t) => t === 'number');
  return unique.filter((t) => !(numbers && t === 'integer')).sort();
}

/**
 * A schema for what was seen. None of its properties is required: a field one delivery left out
 * must not refuse it. A value seen as an object or array and also as a scalar becomes an `anyOf`
 * of one schema per kind, never one `type` list with `properties` beside it, which no TypeScript
 * type can express.
 */
export function toSchema(shape: Shape): NormalizedSchema {
  const types = mergeTypes(shape.types);
  const structured = types.filter((t) => t === 'object' || t === 'array');
  const scalar = types.filter((t) => t !== 'object' && t !== 'array');
  const objectSchema = (): NormalizedSchema & { type: 'object' } => {
    const keys = [...shape.properties.keys()].sort();
    const properties: Record<string, NormalizedSchema> = {};
    for (const key of keys)
      Object.defineProperty(properties, key, { value: toSchema(shape.properties.get(key)!), enumerable: true, writable: true, configurable: true });
    return keys.length === 0 ? { type: 'object' } : { type: 'object', properties };
  };
  // Only empty arrays seen: nothing is known of the items, so nothing is said.
  const arraySchema = (): NormalizedSchema & { type: 'array' } =>
    shape.items !== undefined && shape.items.types.size > 0 ? { type: 'array', items: toSchema(shape.items) } : { type: 'array' };
  const scalarSchema = (list: JsonType[]): NormalizedSchema => {
    const schema: NormalizedSchema = { type: list.length === 1 ? list[0] : list };
    const format = list.includes('string') ? INFERRED_FORMATS.find((f) => shape.formats?.has(f)) : undefined;
    if (format !== undefined) schema.format = format;
    return schema;
  };
  if (types.length === 0) return {};
  if (structured.length === 0) return scalarSchema(scalar);
  const kinds = [...(structured.includes('object') ? [objectSchema()] : []), ...(structured.includes('array') ? [arraySchema()] : [])];
  const nonNull = scalar.filter((t) => t !== 'null');
  if (kinds.length === 1 && nonNull.length === 0) {
    const only = kinds[0]!;
    return scalar.includes('null') ? { ...only, type: [only.type, 'null'] } : only;
  }
  const parts: NormalizedSchema[] = [...kinds, ...(nonNull.length > 0 ? [scalarSchema(nonNull)] : [])];
  if (scalar.includes('null')) parts.push({ type: 'null' });
  return { anyOf: parts };
}
