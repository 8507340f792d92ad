import { EVERY, pathText } from '../../runtime/event-identity.js';
import { refName } from '../schema/normalize.js';
import type { Schema } from '../types.js';

/**
 * What a payload (or headers) schema says about each field that could name an event: a constant,
 * an enum, or a plain string. Object properties are followed to any depth; unions are not,
 * because a field inside them is not one value per delivery. Arrays of objects are followed only
 * when asked (`withArrays`): a field inside one is read as the value every element holds (the
 * step `[]`, see src/runtime/event-identity.ts), which the strategies try after plain fields.
 */

export type FieldInfo = { kind: 'const'; value: unknown } | { kind: 'enum'; values: unknown[] } | { kind: 'string' };

export interface Field {
  path: string[];
  info: FieldInfo;
  /** Every delivery has it: the field and each object around it are required. */
  required: boolean;
}

/** How deep fields are looked for, in keys (`[]` steps not counted): `event.event_type`, `meta.action` and one more level. */
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

const depthOf = (path: readonly string[]) => path.filter((k) => k !== EVERY).length;

/** The one schema every element of an array has, where the schema is an array of one. */
function itemsOf(schema: Schema, resolve: Resolve): Schema | undefined {
  const items = schema.items;
  if (typeof items !== 'object' || items === null || Array.isArray(items)) return undefined;
  return resolve(items as Schema);
}

export function fieldsOf(schema: Schema, resolve: Resolve, withArrays = false): Field[] {
  const out: Field[] = [];
  const walk = (node: Schema, path: string[], required: boolean, seen: Set<Schema>) => {
    const resolved = resolve(node);
    if (seen.has(resolved) || depthOf(path) >= MAX_DEPTH) return;
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
      // An array may be empty: a field in its elements is never known to be there.
      const items = withArrays ? itemsOf(child, resolve) : undefined;
      if (items !== undefined && typeof items.properties === 'object') walk(items, [...path, key, EVERY], false, next);
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
    if (key === EVERY) {
      const items = itemsOf(node, resolve);
      if (items === undefined) return false;
      node = items;
      continue;
    }
    const properties = node.properties;
    if (typeof properties !== 'object' || properties === null || !Object.prototype.hasOwnProperty.call(properties, key)) return false;
    node = resolve((properties as Record<string, Schema>)[key]!);
  }
  return true;
}

export const pathKey = (path: readonly string[]): string => path.join('\u0000');
/** `meta.action`, `notificationItems[].NotificationRequestItem.eventCode`. */
export const showPath = (path: readonly string[]): string => pathText(path);
