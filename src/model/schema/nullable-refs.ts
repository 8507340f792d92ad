import { REF_PREFIX } from './normalize.js';
import type { NamedSchema } from '../types.js';
import type { NormalizedSchema, SchemaType } from './normalized-schema.js';

/**
 * A named object schema that also allows null (`type: [object, 'null']`, OpenAPI's `nullable`)
 * cannot be one Modelina interface: an interface is never null, while its zod schema would be.
 * So null moves from the definition to where it is used: the definition becomes the object alone,
 * and every reference to it becomes `anyOf: [ref, null]`, which both printers write as `X | null`.
 */

function nullableObject(schema: NormalizedSchema): schema is NormalizedSchema & { type: SchemaType[] } {
  return Array.isArray(schema.type) && schema.type.includes('null') && schema.type.includes('object') && !Array.isArray(schema.enum);
}

/** Every value the rewrite below meets is JSON: a schema, a keyword's value, or a `const` or example in one. */
const isRecord = (node: unknown): node is Record<string, unknown> => typeof node === 'object' && node !== null;

export function hoistNull(schemas: NamedSchema[]): NamedSchema[] {
  const hoisted = new Set(schemas.filter((s) => nullableObject(s.schema)).map((s) => `${REF_PREFIX}${s.name}`));
  if (hoisted.size === 0) return schemas;
  const rewrite = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(rewrite);
    if (!isRecord(node)) return node;
    if (typeof node.$ref === 'string' && hoisted.has(node.$ref)) {
      const { $ref, ...rest } = node;
      return { ...rest, anyOf: [{ $ref }, { type: 'null' }] };
    }
    return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, rewrite(v)]));
  };
  return schemas.map((s) => {
    const schema = rewrite(s.schema) as NormalizedSchema;
    if (!nullableObject(s.schema)) return { ...s, schema };
    const types = s.schema.type.filter((t) => t !== 'null');
    return { ...s, schema: { ...schema, type: types.length === 1 ? types[0] : types } };
  });
}
