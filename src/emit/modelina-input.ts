import { REF_PREFIX } from '../model/schema/normalize.js';
import type { GenModel, Schema } from '../model/types.js';

/**
 * The JSON Schema document Modelina reads: every named schema as a definition with `$id` set to
 * its type name, and a root `oneOf` over the event payloads so every definition is reachable.
 *
 * Property keys are hex-encoded on the way in, because Modelina stores properties in plain
 * objects (`__proto__` vanishes, integer-like keys are reordered) and prints keys without
 * escaping; the preset decodes them and prints them through our own key function.
 */

export const ROOT_NAME = 'WebhookGenRoot';
const KEY_PREFIX = 'k';

export function encodeKey(key: string): string {
  return KEY_PREFIX + Buffer.from(key, 'utf8').toString('hex');
}

export function decodeKey(encoded: string): string {
  return Buffer.from(encoded.slice(KEY_PREFIX.length), 'hex').toString('utf8');
}

/** Drops what Modelina would misuse (titles name models, descriptions we print ourselves). */
function encode(schema: Schema): Schema {
  const out: Schema = {};
  for (const [keyword, value] of Object.entries(schema)) {
    if (keyword === 'title' || keyword === 'description' || keyword === 'examples' || keyword === 'example' || keyword === 'default') continue;
    out[keyword] = value;
  }
  if (typeof schema.properties === 'object' && schema.properties !== null) {
    const properties: Schema = {};
    for (const [key, value] of Object.entries(schema.properties as Schema)) properties[encodeKey(key)] = encode(value as Schema);
    out.properties = properties;
  }
  if (Array.isArray(schema.required)) out.required = (schema.required as string[]).map(encodeKey);
  if (typeof schema.items === 'object' && schema.items !== null) {
    out.items = Array.isArray(schema.items) ? schema.items.map((s) => encode(s as Schema)) : encode(schema.items as Schema);
  }
  if (typeof schema.additionalProperties === 'object' && schema.additionalProperties !== null) {
    out.additionalProperties = encode(schema.additionalProperties as Schema);
  }
  for (const key of ['anyOf', 'oneOf'] as const) {
    if (Array.isArray(schema[key])) out[key] = (schema[key] as Schema[]).map(encode);
  }
  return out;
}

export function modelinaInput(model: GenModel): Schema {
  const definitions: Schema = {};
  for (const named of model.schemas) definitions[named.name] = { $id: named.name, ...encode(named.schema) };
  const payloads = [...new Set(model.events.map((e) => e.payloadType))];
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    $id: ROOT_NAME,
    definitions,
    oneOf: payloads.map((name) => ({ $ref: `${REF_PREFIX}${name}` })),
  };
}
