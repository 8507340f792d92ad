import type { Schema } from '../model/types.js';

/**
 * A JSON Schema that accepts every value seen: types united, objects with every property seen
 * (none required: a field missing from one payload must not reject it), arrays with items
 * inferred from all their elements.
 */
export function inferSchema(values: unknown[]): Schema {
  const types = new Set<string>();
  const objects: Array<Record<string, unknown>> = [];
  const items: unknown[] = [];
  for (const v of values) {
    if (v === null) types.add('null');
    else if (Array.isArray(v)) {
      types.add('array');
      items.push(...v);
    } else if (typeof v === 'object') {
      types.add('object');
      objects.push(v as Record<string, unknown>);
    } else if (typeof v === 'number') types.add(Number.isInteger(v) ? 'integer' : 'number');
    else types.add(typeof v);
  }
  if (types.has('number')) types.delete('integer');
  const list = [...types].sort();
  const schema: Schema = { type: list.length === 1 ? list[0] : list };
  if (types.has('object')) {
    const keys = [...new Set(objects.flatMap((o) => Object.keys(o)))];
    const properties: Schema = {};
    for (const key of keys) {
      const seen = objects.filter((o) => Object.prototype.hasOwnProperty.call(o, key)).map((o) => o[key]);
      Object.defineProperty(properties, key, { value: inferSchema(seen), enumerable: true, writable: true, configurable: true });
    }
    schema.properties = properties;
  }
  if (types.has('array')) schema.items = items.length > 0 ? inferSchema(items) : {};
  return schema;
}

/** Widens a schema's `type` to include `seen` (JSON types as verify reports them). */
export function widenType(schema: Schema, seen: string[]): void {
  const current = typeof schema.type === 'string' ? [schema.type] : Array.isArray(schema.type) ? (schema.type as string[]) : [];
  const next = new Set(current);
  for (const t of seen) next.add(t === 'integer' && current.includes('number') ? 'number' : t);
  const list = [...next].sort();
  schema.type = list.length === 1 ? list[0] : list;
  if (seen.includes('null')) {
    delete schema.nullable;
    if (Array.isArray(schema.enum) && !schema.enum.includes(null)) schema.enum = [...schema.enum, null];
  }
}
