import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { zodExpression, type ZodContext } from '../../src/emit/zod/json-schema-to-zod.js';
import type { NormalizedSchema } from '../../src/model/types.js';

/**
 * json-schema-to-zod is no longer maintained (its README, March 2026) and is pinned: this table
 * holds what it prints for every keyword a normalized schema can carry, through our one module
 * that calls it, so any change of its output (an upgrade, a fork, a replacement) shows here as a
 * diff of exact text before it reaches a generated schemas.ts. Some rows record what it does not
 * enforce (minProperties), so a replacement that starts to is noticed too.
 */
const ctx: ZodContext = {
  schemaConstant: (name) => `z${name}`,
  isForward: () => false,
  formatCheck: (format) => (format === 'uuid' ? 'isUuid' : undefined),
  formattedString: () => undefined,
};

/** JSON text, for keys an object literal cannot hold as its own (`__proto__`). */
const parsed = (json: string): NormalizedSchema => JSON.parse(json) as NormalizedSchema;

const cases: Array<[string, NormalizedSchema, string]> = [
  ['string', { type: 'string' }, 'z.string()'],
  ['integer', { type: 'integer' }, 'z.number().int()'],
  ['number', { type: 'number' }, 'z.number()'],
  ['boolean', { type: 'boolean' }, 'z.boolean()'],
  ['array of anything', { type: 'array' }, 'z.array(z.any())'],
  ['object with no properties: any object', { type: 'object' }, 'z.record(z.string(), z.any())'],
  [
    'required and optional properties',
    { type: 'object', required: ['id'], properties: { id: { type: 'string' }, n: { type: 'number' } } },
    'z.object({ id: z.string(), n: z.number().exactOptional() }).strict()',
  ],
  [
    'additionalProperties false',
    { type: 'object', properties: { a: { type: 'string' } }, additionalProperties: false },
    'z.object({ a: z.string().exactOptional() }).strict()',
  ],
  [
    'additionalProperties true',
    { type: 'object', properties: { a: { type: 'string' } }, additionalProperties: true },
    'z.object({ a: z.string().exactOptional() }).catchall(z.any())',
  ],
  ['a map', { type: 'object', additionalProperties: { type: 'integer' } }, 'z.record(z.string(), z.number().int())'],
  ['nullable string', { type: ['string', 'null'] }, 'z.union([z.string(), z.null()])'],
  ['nullable integer', { type: ['integer', 'null'] }, 'z.union([z.number().int(), z.null()])'],
  [
    'nullable object',
    { type: ['object', 'null'], properties: { a: { type: 'string' } } },
    'z.union([z.object({ a: z.string().exactOptional() }).strict(), z.null()])',
  ],
  ['two types', { type: ['string', 'number'] }, 'z.union([z.string(), z.number()])'],
  ['string enum', { enum: ['a', 'b'] }, 'z.enum(["a","b"])'],
  ['typed string enum', { type: 'string', enum: ['a', 'b'] }, 'z.enum(["a","b"])'],
  ['enum with null', { enum: ['a', null] }, 'z.union([z.literal("a"), z.literal(null)])'],
  ['number enum', { enum: [1, 2] }, 'z.union([z.literal(1), z.literal(2)])'],
  ['mixed enum', { enum: ['a', 1, true] }, 'z.union([z.literal("a"), z.literal(1), z.literal(true)])'],
  ['string const', { const: 'v1' }, 'z.literal("v1")'],
  ['number const', { const: 3 }, 'z.literal(3)'],
  ['false const', { const: false }, 'z.literal(false)'],
  ['null const (type null alone)', { const: null }, 'z.literal(null)'],
  ['typed const', { type: 'string', const: 'x' }, 'z.literal("x")'],
  ['array of strings', { type: 'array', items: { type: 'string' } }, 'z.array(z.string())'],
  ['array bounds', { type: 'array', items: { type: 'string' }, minItems: 1, maxItems: 3 }, 'z.array(z.string()).min(1).max(3)'],
  ['tuple', { type: 'array', items: [{ type: 'string' }, { type: 'integer' }] }, 'z.tuple([z.string(),z.number().int()])'],
  [
    'unique items',
    { type: 'array', items: { type: 'number' }, uniqueItems: true },
    'z.array(z.number()).refine((arr) => arr.every((item, i) => arr.indexOf(item) == i), "All items must be unique!")',
  ],
  ['anyOf', { anyOf: [{ type: 'string' }, { type: 'integer' }] }, 'z.union([z.string(), z.number().int()])'],
  ['oneOf, read as anyOf', { oneOf: [{ type: 'string' }, { type: 'null' }] }, 'z.union([z.string(), z.null()])'],
  ['a union of references beside type object', { type: 'object', anyOf: [{ $ref: '#/definitions/A' }, { $ref: '#/definitions/B' }] }, 'z.union([zA, zB])'],
  ['checked format', { type: 'string', format: 'uuid' }, 'z.string().refine(isUuid, { message: "expected format uuid" })'],
  ['unchecked format', { type: 'string', format: 'email' }, 'z.string()'],
  ['pattern', { type: 'string', pattern: '^[a-z]+$' }, 'z.string().regex(new RegExp("^[a-z]+$"))'],
  ['string lengths', { type: 'string', minLength: 2, maxLength: 5 }, 'z.string().min(2).max(5)'],
  ['inclusive bounds', { type: 'number', minimum: 0, maximum: 1 }, 'z.number().gte(0).lte(1)'],
  ['exclusive bounds', { type: 'integer', exclusiveMinimum: 0, exclusiveMaximum: 10 }, 'z.number().int().gt(0).lt(10)'],
  ['multipleOf', { type: 'number', multipleOf: 0.5 }, 'z.number().multipleOf(0.5)'],
  ['property counts: not enforced', { type: 'object', minProperties: 1, maxProperties: 2 }, 'z.record(z.string(), z.any())'],
  ['the schema false', { not: {} }, 'z.any().refine((value) => !z.unknown().safeParse(value).success, "Invalid input: Should NOT be valid against schema")'],
  [
    'annotations: none printed',
    { type: 'string', description: 'd', title: 't', default: 'x', examples: ['e'], example: 'e', deprecated: true, readOnly: true, writeOnly: false },
    'z.string()',
  ],
  [
    'keys it would lose or misprint',
    parsed('{"type":"object","required":["__proto__","1","a b"],"properties":{"__proto__":{"type":"string"},"1":{"type":"string"},"a b":{"type":"string"}}}'),
    'z.object({ "1": z.string(), ["__proto__"]: z.string(), "a b": z.string() }).strict()',
  ],
  [
    'nested objects',
    { type: 'object', properties: { inner: { type: 'object', properties: { x: { type: 'boolean' } } } } },
    'z.object({ inner: z.object({ x: z.boolean().exactOptional() }).strict().exactOptional() }).strict()',
  ],
];

describe('json-schema-to-zod, as our module calls it', () => {
  for (const [name, schema, expected] of cases) {
    it(name, () => assert.equal(zodExpression(schema, ctx), expected));
  }
});
