import { refName } from '../normalize-schema.js';
import type { Schema } from '../types.js';

/**
 * What a payload (or headers) schema says about each field that could name an event: a constant,
 * an enum, or a plain string. Object properties are followed to any depth; arrays and unions are
 * not, because a field inside them is not one value per delivery.
 */

export type FieldInfo = { kind: 'const'; value: unknown } | { kind: 'enum'; values: unknown[] } | { kind: 'string' };

export interface Field {
  path: string[];
  info: FieldInfo;
  /** Every delivery has it: the field and each object around it are required. */
  required: boolean;
}

/** How deep fields are looked for: `event.event_type`, `meta.action` and one more level. */
const MAX_DEPTH = 3;

export type Resolve = (schema: Schema) => Schema;

/** Follows `#/definitions/X` refs through the given table. */
export function resolver(definitions: ReadonlyMap<string, Schema>): Resolve {
  return (schema) => {
    let current = schema;
    for (let name = refName(current), hops = 0; name !== undefined && hops < 50; name = refName(current), hops++) {
      current = definitions.get(name) ?? {};
    }
    return current;
  };
}

function infoOf(schema: Schema): FieldInfo | undefined {
  if ('const' in schema) return { kind: 'const', value: schema.const };
  if (Array.isArray(schema.enum)) {
    return schema.enum.length === 1 ? { kind: 'const', value: schema.enum[0] } : { kind: 'enum', values: schema.enum };
  }
  const types = typeof schema.type === 'string' ? [schema.type] : Array.isArray(schema.type) ? schema.type : [];
  return types.length === 1 && types[0] === 'string' ? { kind: 'string' } : undefined;
}

export function fieldsOf(schema: Schema, resolve: Resolve): Field[] {
  const out: Field[] = [];
  const walk = (node: Schema, path: string[], required: boolean, seen: Set<Schema>) => {
    const resolved = resolve(node);
    if (seen.has(resolved) || path.length >= MAX_DEPTH) return;
    const properties = resolved.properties;
    if (typeof properties !== 'object' || properties === null) return;
    const next = new Set(seen).add(resolved);
    const requiredKeys = Array.isArray(resolved.required) ? (resolved.required as unknown[]) : [];
    for (const [key, value] of Object.entries(properties as Record<string, Schema>)) {
      if (typeof value !== 'object' || value === null) continue;
      const child = resolve(value);
      const info = infoOf(child);
      const here = required && requiredKeys.includes(key);
      if (info) out.push({ path: [...path, key], info, required: here });
      walk(child, [...path, key], here, next);
    }
  };
  walk(schema, [], true, new Set());
  return out;
}

/**
 * Whether a schema declares a property at the path (of any kind, through `$ref`s): a field it
 * does not declare is absent from its deliveries, which is how the shape tells it apart.
 */
export function declares(schema: Schema, path: readonly string[], resolve: Resolve): boolean {
  let node = resolve(schema);
  for (const key of path) {
    // A union may declare it in a branch: it is not known to be absent.
    if (Array.isArray(node.anyOf) || Array.isArray(node.oneOf)) return true;
    const properties = node.properties;
    if (typeof properties !== 'object' || properties === null || !Object.prototype.hasOwnProperty.call(properties, key)) return false;
    node = resolve((properties as Record<string, Schema>)[key]!);
  }
  return true;
}

export const pathKey = (path: readonly string[]): string => path.join('\u0000');
export const showPath = (path: readonly string[]): string => path.join('.');
