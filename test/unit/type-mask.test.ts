import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { primitiveCheck, typedMethod } from '../../src/emit/checks/check-kinds.js';
import type { Schema } from '../../src/model/types.js';
import { BOOLEAN_BIT, Ctx, INTEGER_BIT, NULL_BIT, NUMBER_BIT, STRING_BIT, TYPE_BITS } from '../../src/runtime/validation-context.js';

/**
 * The type mask `Ctx.prim` reads is printed as numbers into every generated checks.ts: the bits
 * have one home (validation-context.ts) and must never change, or older outputs would misread.
 */

describe('type mask bits', () => {
  it('are the numbers generated code holds', () => {
    assert.deepEqual({ ...TYPE_BITS }, { string: 1, number: 2, integer: 4, boolean: 8, null: 16 });
    assert.deepEqual([STRING_BIT, NUMBER_BIT, INTEGER_BIT, BOOLEAN_BIT, NULL_BIT], [1, 2, 4, 8, 16]);
  });
});

describe('primitiveCheck and typedMethod', () => {
  const cases: Array<[Schema, { mask: number; format?: string } | undefined, { name: string; nullable: boolean } | undefined]> = [
    [{ type: 'string' }, { mask: 1 }, { name: 'str', nullable: false }],
    [{ type: ['string', 'null'] }, { mask: 17 }, { name: 'str', nullable: true }],
    [{ type: 'integer' }, { mask: 4 }, { name: 'int', nullable: false }],
    [{ type: ['boolean', 'null'] }, { mask: 24 }, { name: 'bool', nullable: true }],
    [{ type: ['number', 'boolean'] }, { mask: 10 }, undefined],
    [
      { type: 'string', format: 'uuid' },
      { mask: 1, format: 'uuid' },
      { name: 'uuid', nullable: false },
    ],
    [{ type: ['integer', 'string'], format: 'uuid' }, { mask: 5, format: 'uuid' }, undefined],
    [{ type: 'object' }, undefined, undefined],
  ];
  for (const [schema, check, method] of cases) {
    it(`${JSON.stringify(schema)}: mask ${check?.mask}, method ${method?.name}`, () => {
      const found = primitiveCheck(schema);
      assert.deepEqual(found, check);
      if (found !== undefined) assert.deepEqual(typedMethod(found), method);
    });
  }
});

describe('Ctx.prim', () => {
  const cases: Array<[unknown, number, string | undefined]> = [
    ['x', STRING_BIT, undefined],
    [null, STRING_BIT | NULL_BIT, undefined],
    [1.5, INTEGER_BIT, 'expected integer, got number'],
    [1.5, NUMBER_BIT | INTEGER_BIT, undefined],
    [true, STRING_BIT | NULL_BIT, 'expected string or null, got boolean'],
    ['x', NUMBER_BIT | BOOLEAN_BIT, 'expected number or boolean, got string'],
  ];
  for (const [value, mask, message] of cases) {
    it(`${JSON.stringify(value)} against mask ${mask}`, () => {
      const c = new Ctx(true);
      c.prim(value, '', 'field', mask, true);
      assert.deepEqual(
        c.issues.map((i) => i.message),
        message === undefined ? [] : [message],
      );
    });
  }
});
