import { GenError } from '../../errors.js';
import { assignIdentifiers, typeName, typeNamePart } from '../../codegen/identifiers.js';
import { REF_PREFIX, refName } from './normalize.js';
import type { NamedSchema, Schema } from '../types.js';

/**
 * Gives every object and enum type a name taken from the spec: component schemas keep their
 * component name; an inline object or enum is named after its parent and property
 * (`ImageGenerationCompleteEnvelope` + `data` → `ImageGenerationCompleteEnvelopeData`), so a name
 * depends only on where the schema sits, never on how many others came before it.
 */

function isObject(value: unknown): value is Schema {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Inline schemas that deserve a type of their own. Maps and open objects stay inline. */
function deservesName(schema: Schema): boolean {
  if (schema.$ref !== undefined) return false;
  if (isObject(schema.properties) && Object.keys(schema.properties).length > 0) return true;
  return Array.isArray(schema.enum) && schema.enum.filter((v) => v !== null).length >= 2;
}

export function nameSchemas(definitions: Map<string, Schema>, origins: Map<string, string>): NamedSchema[] {
  const sources = [...definitions.keys()].sort();
  const names = assignIdentifiers(sources, typeName, 'Schema');
  const out = new Map<string, NamedSchema>();
  const originOf = new Map<string, string>();

  const claim = (name: string, origin: string) => {
    const previous = originOf.get(name);
    if (previous !== undefined) {
      throw new GenError(`two schemas would both be named ${name}`, [
        `${previous}`,
        `${origin}`,
        'name one of them under components.schemas to tell them apart',
      ]);
    }
    originOf.set(name, origin);
  };

  const hoist = (schema: Schema, name: string, origin: string): Schema => {
    claim(name, origin);
    const entry: NamedSchema = { name, origin, schema: {} };
    out.set(name, entry);
    entry.schema = rewrite(schema, name, origin, true);
    return { $ref: `${REF_PREFIX}${name}` };
  };

  /** Rewrites refs to type names and hoists inline types; `top` is the named schema itself. */
  const rewrite = (schema: Schema, owner: string, origin: string, top: boolean): Schema => {
    const source = refName(schema);
    if (source !== undefined) return { ...schema, $ref: `${REF_PREFIX}${names.get(source) ?? source}` };
    if (!top && deservesName(schema)) return hoist(schema, owner, origin);
    const result: Schema = { ...schema };
    if (isObject(schema.properties)) {
      const properties: Schema = {};
      for (const [key, value] of Object.entries(schema.properties)) {
        const child = rewrite(value as Schema, `${owner}${typeNamePart(key) || 'Unnamed'}`, `${origin}.${key}`, false);
        Object.defineProperty(properties, key, { value: child, enumerable: true, writable: true, configurable: true });
      }
      result.properties = properties;
    }
    if (isObject(schema.items)) result.items = rewrite(schema.items, `${owner}Item`, `${origin}[]`, false);
    if (Array.isArray(schema.items)) {
      result.items = schema.items.map((item, i) => rewrite(item as Schema, `${owner}Item${i + 1}`, `${origin}[${i}]`, false));
    }
    if (isObject(schema.additionalProperties)) {
      result.additionalProperties = rewrite(schema.additionalProperties, `${owner}Value`, `${origin}.*`, false);
    }
    for (const key of ['anyOf', 'oneOf'] as const) {
      const list = schema[key];
      if (Array.isArray(list)) {
        result[key] = list.map((branch, i) => rewrite(branch as Schema, `${owner}Option${i + 1}`, `${origin}.${key}[${i}]`, false));
      }
    }
    return result;
  };

  for (const source of sources) {
    const name = names.get(source)!;
    claim(name, origins.get(source) ?? source);
  }
  for (const source of sources) {
    const name = names.get(source)!;
    const origin = origins.get(source) ?? source;
    const entry: NamedSchema = { name, origin, schema: {} };
    out.set(name, entry);
    entry.schema = rewrite(definitions.get(source)!, name, origin, true);
  }
  return [...out.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}
