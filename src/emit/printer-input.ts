import type { NormalizedSchema } from '../model/types.js';

/**
 * What the two third-party printers (Modelina for models.ts, json-schema-to-zod for schemas.ts)
 * read instead of a normalized schema. Both mishandle the same things, so both get the same
 * workarounds, here:
 * - property keys are hex-encoded: both keep properties in plain objects, where `__proto__`
 *   vanishes and integer-like keys move to the front, and both print keys without escaping. The
 *   encoded key is an identifier that no real key can be mistaken for once decoded; we print the
 *   real key ourselves through the escaping helpers;
 * - annotations are dropped: Modelina names models after `title`, json-schema-to-zod prints
 *   `.default()` (which would invent data) and `.describe()`, and we print descriptions ourselves.
 */

/** The input of a printer: a normalized schema's shape, with encoded keys and markers of our own. */
export type PrinterSchema = { [keyword: string]: unknown };

const KEY_PREFIX = '__lwg_';
const KEY_SUFFIX = '_';
const ENCODED_KEY_IN_CODE = /"__lwg_([0-9a-f]*)_":/g;

/** Keywords no printer may read (see above); they stay in the normalized schema for our own use. */
export const DROPPED_ANNOTATIONS: ReadonlySet<string> = new Set([
  'title',
  'description',
  'default',
  'examples',
  'example',
  'deprecated',
  'readOnly',
  'writeOnly',
]);

export function encodeKey(key: string): string {
  return `${KEY_PREFIX}${Buffer.from(key, 'utf8').toString('hex')}${KEY_SUFFIX}`;
}

export function decodeKey(encoded: string): string {
  return Buffer.from(encoded.slice(KEY_PREFIX.length, encoded.length - KEY_SUFFIX.length), 'hex').toString('utf8');
}

/** Printed code with each encoded object key (`"__lwg_…_":`) replaced by `printKey` of the real key and its colon. */
export function decodeKeysInCode(code: string, printKey: (key: string) => string): string {
  return code.replace(ENCODED_KEY_IN_CODE, (_, hex: string) => `${printKey(Buffer.from(hex, 'hex').toString('utf8'))}:`);
}

/**
 * A printer's own adjustment of each node, made after the node's subschemas were made (`out`),
 * with the normalized node it comes from (`source`).
 */
export type FinishNode = (out: PrinterSchema, source: NormalizedSchema) => PrinterSchema;

/** `schema` for a printer: annotations dropped and keys encoded at every depth, then `finish` applied to each node. */
export function printerInput(schema: NormalizedSchema, finish: FinishNode = (out) => out): PrinterSchema {
  // `typeof … === 'object'` as the printers' inputs always tested: under `--lenient` a
  // `properties` or `additionalProperties` can be an array, read as the object of its indices.
  const walk = (source: NormalizedSchema): PrinterSchema => {
    const out: PrinterSchema = {};
    for (const [keyword, value] of Object.entries(source)) if (!DROPPED_ANNOTATIONS.has(keyword)) out[keyword] = value;
    if (typeof source.properties === 'object' && source.properties !== null) {
      const properties: PrinterSchema = {};
      for (const [key, value] of Object.entries(source.properties)) properties[encodeKey(key)] = walk(value);
      out.properties = properties;
    }
    if (Array.isArray(source.required)) out.required = source.required.map(encodeKey);
    if (typeof source.items === 'object' && source.items !== null) out.items = Array.isArray(source.items) ? source.items.map(walk) : walk(source.items);
    if (typeof source.additionalProperties === 'object' && source.additionalProperties !== null) out.additionalProperties = walk(source.additionalProperties);
    for (const key of ['anyOf', 'oneOf'] as const) {
      const list = source[key];
      if (Array.isArray(list)) out[key] = list.map(walk);
    }
    return finish(out, source);
  };
  return walk(schema);
}
