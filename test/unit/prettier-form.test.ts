import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { singleQuoted } from '../../src/codegen/escape.js';
import { fitsWidth, numberText } from '../../src/codegen/layout.js';
import { TemplateSet } from '../../src/codegen/templates.js';
import { printCheckModule } from '../../src/emit/checks/print-checks.js';
import { emitFixtures } from '../../src/emit/fixtures.js';
import { emitValidators } from '../../src/emit/validators.js';
import { generate } from '../../src/generate.js';
import { layoutExportedAlias, layoutZodConstant } from '../../src/emit/zod/zod-layout.js';
import { REF_PREFIX } from '../../src/model/schema/normalize.js';
import type { Schema } from '../../src/model/types.js';
import { ROOT } from '../support/helpers.js';
import { prettierDifference, prettierFormat } from '../support/prettier-form.js';

/**
 * The checks printer and fixtures.ts are laid out as prettier lays them out, so the format stage
 * passes them through (prettier was most of a generation's time). Here each construct, short and
 * too wide for its line, is compared with prettier's own output; what the printer cannot be sure
 * of it must leave to prettier (`unsettled`). The corpus tests hold whole outputs to the same.
 */

describe('singleQuoted prints strings as prettier does', () => {
  const cases = [
    'plain',
    "it's",
    'say "hi"',
    `a'b"c'd`,
    `two '' one "`,
    'back\\slash \\"',
    'line\nbreak\ttab',
    'x\u2028y',
    'é ü 日本',
    '',
    '${not} `template`',
  ];
  for (const text of cases) {
    it(JSON.stringify(text), async () => {
      const source = `x = ${singleQuoted(text)};\n`;
      assert.equal(await prettierFormat(source), source);
      assert.equal(eval(singleQuoted(text)), text);
    });
  }
});

describe('layout helpers', () => {
  it('fitsWidth is sure for ASCII and unsure where wide characters could tip the line', () => {
    assert.equal(fitsWidth('x'.repeat(100)), true);
    assert.equal(fitsWidth('x'.repeat(101)), false);
    assert.equal(fitsWidth('x'.repeat(97) + 'éé'), undefined);
    assert.equal(fitsWidth('x'.repeat(90) + '日本'), true);
  });
  it('numberText keeps the spellings prettier keeps and gives up on the others', () => {
    assert.deepEqual([1, -5, 0.5, 1.25, 1e21, 5e-7].map(numberText), ['1', '-5', '0.5', '1.25', undefined, undefined]);
  });
});

const long = (n: number) => 'k'.repeat(n);
const object = (properties: Record<string, Schema>, extra: Schema = {}): Schema => ({ type: 'object', properties, ...extra });

/** Schemas that exercise each construct the printer lays out, at widths either side of the limit. */
const CASES: Array<[string, Schema]> = [
  [
    'primitives and formats',
    object(
      { a: { type: 'string' }, b: { type: ['integer', 'null'] }, c: { type: 'string', format: 'uuid' }, d: { type: ['string', 'number'] } },
      { required: ['a'] },
    ),
  ],
  ['a primitive call too wide', object({ [long(70)]: { type: 'string' } })],
  ['a key Object.prototype has', object({ constructor: { type: 'string' }, [`${long(40)}`]: { type: 'boolean' } })],
  [
    'const and enum, short',
    object({ kind: { type: 'string', const: 'a' }, state: { enum: ['open', 'closed', null, 3] }, one: { enum: ['x'] } }, { required: ['kind'] }),
  ],
  ['required else too wide', object({ [long(30)]: { type: 'string', const: 'value' } }, { required: [long(30)] })],
  ['an enum too wide', object({ state: { type: 'string', enum: ['created', 'running', 'success', 'failed', 'canceled', 'skipped'] } })],
  ['an enum with a message too wide', object({ s: { enum: Array.from({ length: 12 }, (_, i) => `value-number-${i}`) } })],
  ['type lists, short', object({ a: { type: ['number', 'null'], minimum: 1 }, b: { type: ['array', 'null'], items: { type: 'string', maxLength: 3 } } })],
  [
    'type lists with an and-test, too wide',
    object({
      a: { type: ['number', 'null'], minimum: 1 },
      b: { type: ['array', 'null'], items: { type: 'string', maxLength: 3 } },
      c: { type: ['string', 'object'] },
    }),
  ],
  [
    'constraints short and wide',
    object({
      n: { type: 'number', minimum: 0, exclusiveMaximum: 10, multipleOf: 0.5 },
      [long(30)]: { type: 'string', minLength: 2, pattern: '^a+$', format: 'email' },
    }),
  ],
  ['a path too wide for its argument line', object({ [long(50)]: { type: 'string', minLength: 2 } })],
  ['int32 and arrays', object({ n: { type: 'integer', format: 'int32' }, list: { type: 'array', minItems: 1, items: { $ref: `${REF_PREFIX}Other` } } })],
  ['anyOf', object({ v: { anyOf: [{ type: 'string' }, { $ref: `${REF_PREFIX}Other` }] } })],
  [
    'a map of arrays: an item path built on a joined one',
    object({ m: { type: 'object', additionalProperties: { type: 'array', items: { type: 'string' } } } }),
  ],
  ['properties of any value, required and not', object({ any: {}, other: {} }, { required: ['any'] })],
  [
    'keys that need quotes, in paths, reads and cases',
    object({ 'a b': { type: 'string', const: 'x' }, "it's": { type: 'integer', minimum: 1 }, 'say "hi"': { type: 'boolean' } }, { required: ['a b'] }),
  ],
  ['an empty schema: an empty function', {}],
  ['maps', object({ m: { type: 'object', additionalProperties: { type: 'integer' } } }, { additionalProperties: { type: 'string' } })],
  ['no properties', { type: 'object' }],
  ['a name too wide for the header', object({ a: { type: 'string' } })],
  ['an object constant', object({ c: { const: { a: 1 } } })],
];

const named = (title: string, schema: Schema) => ({ name: title === 'a name too wide for the header' ? `T${long(60)}` : 'T', schema, origin: title });

describe('printed checks are in prettier form, or left to prettier', () => {
  for (const [title, schema] of CASES) {
    it(title, async () => {
      const { code, unsettled } = printCheckModule([named(title, schema)]);
      const difference = await prettierDifference(`${code}\n`);
      // Either the printer was sure and prettier agrees, or it left the function to prettier.
      if (unsettled.length === 0) assert.equal(difference, '', title);
      else for (const statement of unsettled) assert.ok(code.includes(statement));
    });
  }

  it('the cases above leave to prettier only what the printer cannot lay out', () => {
    const unsettledTitles = CASES.filter(([title, schema]) => printCheckModule([named(title, schema)]).unsettled.length > 0).map(([t]) => t);
    assert.deepEqual(unsettledTitles, [
      'an enum with a message too wide',
      'type lists with an and-test, too wide',
      'a path too wide for its argument line',
      'an object constant',
    ]);
  });
});

/** json-schema-to-zod's one-line output, in the shapes schemas.ts has, short and too wide. */
const ZOD: Array<[string, string]> = [
  ['flat', 'z.object({ a: z.string(), b: zY.exactOptional() }).strict()'],
  ['a chain too wide: expanded, the object hugged', `z.object({ ${long(30)}: z.string(), b${long(30)}: zY.exactOptional(), c: z.number() }).strict()`],
  [
    'a nested object that fits on its own line',
    `z.object({ a: z.string(), data: z.object({ ${long(30)}: zY.exactOptional(), c${long(20)}: z.number() }).strict().exactOptional() }).strict()`,
  ],
  ['three calls with an object argument: expanded though it fits', 'z.object({ a: z.object({ b: z.string() }).strict() }).strict().exactOptional()'],
  [
    'a union too wide inside a property',
    `z.object({ state: z.union([z.enum(["open", "closed", "${long(25)}", "${long(30)}"]), z.null()]).exactOptional() }).strict()`,
  ],
  [
    'an array of an object: arguments one a line',
    `z.object({ tags: z.array(z.object({ name: z.string(), value: z.string(), ${long(20)}: z.string(), more: z.number() }).strict()).exactOptional() }).strict()`,
  ],
  ['a single call too wide: its array hugged', `z.union([z${long(30)}, zB${long(30)}, zC${long(30)}])`],
  ['a record: arguments one a line', `z.record(z.string(), z.object({ ${long(25)}: z.string(), b${long(25)}: z.number() }).strict())`],
  [
    'quoted keys, literals and numbers',
    'z.object({ "a b": z.literal("it\'s"), c: z.number().int().gte(-5).lte(2.5), d: z.literal(null), "say \\"hi\\"": z.boolean() }).strict()',
  ],
  ['a shared format string', `z.object({ at: formatStrings["date-time"].exactOptional(), id: formatStrings.uuid, ${long(40)}: z.string() }).strict()`],
  ['an empty object', 'z.object({}).strict()'],
  ['a key so long its two-call value expands', `z.object({ ${long(75)}: z.string().exactOptional(), b: z.number().int().exactOptional() }).strict()`],
];

describe('zod constants are laid out as prettier lays them out, or left to it', () => {
  for (const [title, expression] of ZOD) {
    it(title, async () => {
      const laid = layoutZodConstant('zThing', expression);
      assert.notEqual(laid, undefined, 'laid out');
      assert.equal(await prettierDifference(`${laid}\n`), '');
    });
  }

  it('what it cannot be sure of is left to prettier', () => {
    // A short call argument breaks after `:` (prettier's poorly breakable chain); a number prettier
    // respells; a key it might unquote; an arrow function; a name wider than a line.
    for (const expression of [
      `z.object({ ${long(60)}: z${long(30)}.exactOptional() }).strict()`,
      'z.object({ a: z.number().gte(1.50) }).strict()',
      'z.object({ "1": z.string() }).strict()',
      'z.lazy(() => zOther)',
      `z.object({ a: z.literal("${long(120)}") }).strict()`,
    ])
      assert.equal(layoutZodConstant('zThing', expression), undefined, expression);
  });

  it('an export too wide breaks after its =, or opens its typed( call, as prettier does', async () => {
    for (const [name, width, inner] of [
      ['short', 5, 5],
      ['long', 20, 20],
      ['wide', 50, 20], // wider than a line before its =, which prettier leaves whole
      ['quarter', 20, 24], // an inner name of 25 characters: still a call prettier keeps whole
      ['longer', 20, 25], // 26 characters: prettier opens the call on the first line
      ['longest', 15, 40],
      ['widest', 50, 40], // `= typed(` does not fit: broken after its =
    ] as const) {
      const laid = layoutExportedAlias(`${name}${long(width)}Schema`, `z.ZodType<models.${long(width)}>`, `z${long(inner)}`);
      assert.notEqual(laid, undefined, name);
      assert.equal(await prettierDifference(`${laid}\n`), '', name);
    }
  });
});

describe("the seed's files skip prettier where their printers lay them out", () => {
  // The corpus tests prove the layout is prettier's; this proves it is used: were the printers to
  // give up, the output would be the same, only slower.
  it('checks.ts and fixtures.ts whole, schemas.ts but for its imports, formats, type proof and one constant', async () => {
    const { model } = await generate({ specPath: 'spec/leonardo.asyncapi.yaml', outDir: 'out', cwd: ROOT });
    const templates = new TemplateSet();
    const file = (path: string) => [...emitValidators(model, templates), ...emitFixtures(model, templates)].find((f) => f.path === path)!;
    for (const path of ['checks.ts', 'fixtures.ts']) assert.deepEqual([file(path).formatted, file(path).unsettled ?? []], [true, []], path);
    const schemas = file('schemas.ts');
    assert.equal(schemas.formatted, true);
    // Three regions: the imports and formats, the Generation constant, the event table and type proof.
    assert.equal(schemas.unsettled?.length, 3);
    // The one zod constant left to prettier is the one with a format checked on a nullable
    // string, an arrow function the layout does not print. (The envelope's exports are wider
    // than a line before their `=`, which prettier leaves whole: laid out too.)
    const left = model.schemas.map((s) => s.name).filter((name) => schemas.unsettled!.some((u) => u.includes(`const z${name} =`)));
    assert.deepEqual(left, ['Generation']);
    assert.ok(schemas.unsettled!.some((u) => /const zGeneration = [^;]*=>/.test(u)));
  });
});
