import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decodeKey, decodeKeysInCode, encodeKey, printerInput, type PrinterSchema } from '../../src/emit/printer-input.js';
import type { NormalizedSchema } from '../../src/model/types.js';

/** The one home of the printers' workarounds: keys encoded, annotations dropped, at every depth. */

/** JSON text keeps key order and own `__proto__` keys, which deepEqual would not compare. */
const text = (value: unknown) => JSON.stringify(value);
const parsed = (json: string): NormalizedSchema => JSON.parse(json) as NormalizedSchema;

describe('encodeKey and decodeKey', () => {
  const cases: Array<[string, string]> = [
    ['a', '__lwg_61_'],
    ['', '__lwg__'],
    ['__proto__', '__lwg_5f5f70726f746f5f5f_'],
    ['1', '__lwg_31_'],
    ['a b', '__lwg_612062_'],
    ['é', '__lwg_c3a9_'],
    ['"', '__lwg_22_'],
  ];
  for (const [key, encoded] of cases) {
    it(JSON.stringify(key), () => {
      assert.equal(encodeKey(key), encoded);
      assert.equal(decodeKey(encoded), key);
    });
  }
});

describe('decodeKeysInCode', () => {
  const printKey = (key: string) => `<${key}>`;
  const cases: Array<[string, string]> = [
    ['z.object({ "__lwg_61_": z.string() })', 'z.object({ <a>: z.string() })'],
    ['{ "__lwg_5f5f70726f746f5f5f_": 1, "__lwg__": 2 }', '{ <__proto__>: 1, <>: 2 }'],
    // Only an object key (quoted, followed by a colon) is decoded; the same text in a value is not.
    ['z.literal("__lwg_61_")', 'z.literal("__lwg_61_")'],
    ['{ "__lwg_unknown_typed": 1 }', '{ "__lwg_unknown_typed": 1 }'],
  ];
  for (const [code, expected] of cases) it(code, () => assert.equal(decodeKeysInCode(code, printKey), expected));
});

describe('printerInput', () => {
  const cases: Array<[string, NormalizedSchema, PrinterSchema]> = [
    [
      'annotations dropped',
      { title: 'T', type: 'string', description: 'd', default: 'x', examples: ['e'], example: 'e', deprecated: true, readOnly: true, writeOnly: true },
      { type: 'string' },
    ],
    [
      'property keys and required encoded, order kept',
      { type: 'object', properties: { b: { type: 'string' }, a: { type: 'integer', description: 'd' } }, required: ['a'] },
      { type: 'object', properties: { __lwg_62_: { type: 'string' }, __lwg_61_: { type: 'integer' } }, required: ['__lwg_61_'] },
    ],
    ['a __proto__ property kept', parsed('{"properties":{"__proto__":{"type":"string"}}}'), { properties: { __lwg_5f5f70726f746f5f5f_: { type: 'string' } } }],
    [
      'items, tuple items, map values and branches walked',
      {
        items: { title: 'i', properties: { k: {} } },
        anyOf: [{ description: 'x', type: 'null' }],
        oneOf: [{ properties: { o: {} } }],
        additionalProperties: { properties: { m: { title: 'M' } } },
      },
      {
        items: { properties: { __lwg_6b_: {} } },
        anyOf: [{ type: 'null' }],
        oneOf: [{ properties: { __lwg_6f_: {} } }],
        additionalProperties: { properties: { __lwg_6d_: {} } },
      },
    ],
    ['a tuple', { type: 'array', items: [{ title: 'a' }, { properties: { t: {} } }] }, { type: 'array', items: [{}, { properties: { __lwg_74_: {} } }] }],
    ['additionalProperties false kept', { properties: {}, additionalProperties: false }, { properties: {}, additionalProperties: false }],
    // Values are data, not schemas: an annotation's name inside a constant is kept.
    ['constants untouched', { const: { description: 'kept' }, enum: [{ title: 'kept' }] }, { const: { description: 'kept' }, enum: [{ title: 'kept' }] }],
  ];
  for (const [name, schema, expected] of cases) it(name, () => assert.equal(text(printerInput(schema)), text(expected)));

  it('applies finish to every node, its subschemas already made, with the node it comes from', () => {
    const schema: NormalizedSchema = { type: 'object', title: 'Top', properties: { a: { type: 'string', title: 'A' } }, items: [{ title: 'I' }] };
    const out = printerInput(schema, (node, source) => ({ ...node, from: source.title ?? '?' }));
    assert.equal(text(out), text({ type: 'object', properties: { __lwg_61_: { type: 'string', from: 'A' } }, items: [{ from: 'I' }], from: 'Top' }));
  });
});
