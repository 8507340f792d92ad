import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { exactOptional, zodExpression, type ZodContext } from '../../src/emit/zod/json-schema-to-zod.js';

/** The zod printer: small normalized schemas in, the exact expression out. */
const ctx: ZodContext = {
  schemaConstant: (name) => `z${name}`,
  isForward: (name) => name === 'Later',
  formatCheck: (format) => (format === 'uuid' || format === 'date-time' ? `is(${format})` : undefined),
  // Only date-time has a shared schema here, so both forms are printed below.
  formattedString: (format) => (format === 'date-time' ? 'shared.dateTime' : undefined),
};

describe('zodExpression', () => {
  const cases: Array<[string, Record<string, unknown>, string]> = [
    ['an empty schema', {}, 'z.unknown()'],
    ['a string', { type: 'string' }, 'z.string()'],
    ['a reference declared before', { $ref: '#/definitions/Earlier' }, 'zEarlier'],
    ['a reference declared later (a cycle)', { $ref: '#/definitions/Later' }, 'z.lazy(() => zLater)'],
    ['a checked format', { type: 'string', format: 'uuid' }, 'z.string().refine(is(uuid), { message: "expected format uuid" })'],
    ['a plain string in a format with a shared schema', { type: 'string', format: 'date-time' }, 'shared.dateTime'],
    [
      'a format on more than a string: checked in place',
      { type: ['string', 'null'], format: 'date-time' },
      'z.union([z.string(), z.null()]).refine(is(date-time), { message: "expected format date-time" })',
    ],
    [
      'a plain string in a format with a shared schema, optional',
      { type: 'object', properties: { at: { type: 'string', format: 'date-time' } } },
      'z.object({ at: shared.dateTime.exactOptional() }).strict()',
    ],
    ['an unchecked format', { type: 'string', format: 'color' }, 'z.string()'],
    [
      'an object: closed, optional properties exactly optional',
      { type: 'object', required: ['id'], properties: { id: { type: 'string' }, seed: { type: 'integer' } } },
      'z.object({ id: z.string(), seed: z.number().int().exactOptional() }).strict()',
    ],
    ['a nullable string', { type: ['string', 'null'] }, 'z.union([z.string(), z.null()])'],
    ['a constant', { const: 'v1' }, 'z.literal("v1")'],
    ['a map of strings: typed as the model types it', { type: 'object', additionalProperties: { type: 'string' } }, 'z.record(z.string(), z.string())'],
    [
      'named properties and other fields of a schema: those checked, typed unknown as in the model',
      { type: 'object', properties: { sig: { type: 'string' } }, additionalProperties: { type: 'string' } },
      'z.object({ sig: z.string().exactOptional() }).catchall(typed<unknown>(z.string()))',
    ],
  ];
  for (const [name, schema, expected] of cases) {
    it(name, () => assert.equal(zodExpression(schema, ctx), expected));
  }
});

describe('exactOptional', () => {
  const cases: Array<[string, string]> = [
    ['z.string().optional()', 'z.string().exactOptional()'],
    ['z.literal(".optional()").optional()', 'z.literal(".optional()").exactOptional()'],
    ["z.literal('a\\'.optional()')", "z.literal('a\\'.optional()')"],
    ['z.literal("\\".optional()")', 'z.literal("\\".optional()")'],
    ['z.string().optionalX()', 'z.string().optionalX()'],
  ];
  for (const [input, expected] of cases) {
    it(`${input} -> ${expected}`, () => assert.equal(exactOptional(input), expected));
  }
});
