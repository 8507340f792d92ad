import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { dataLiteral, literalUnion, stringArray, stringRecord } from '../../src/codegen/literals.js';
import type { IdentityRule } from '../../src/runtime/event-identity.js';

describe('stringArray', () => {
  const cases: Array<[string[], string]> = [
    [[], '[]'],
    [['x-gitlab-event'], '["x-gitlab-event"]'],
    [['10.0.0.1', '2001:db8::/32'], '["10.0.0.1", "2001:db8::/32"]'],
    [['say "hi"', 'a\u2028b'], '["say \\"hi\\"", "a\\u2028b"]'],
  ];
  for (const [input, expected] of cases) {
    it(`prints ${JSON.stringify(input)}`, () => {
      assert.equal(stringArray(input), expected);
      assert.deepEqual(new Function(`return ${expected}`)(), input);
    });
  }
});

describe('literalUnion', () => {
  const cases: Array<[string[], string]> = [
    [['/webhook'], '"/webhook"'],
    [['a', 'b', 'c'], '"a" | "b" | "c"'],
    [['it\'s "x"'], '"it\'s \\"x\\""'],
  ];
  for (const [input, expected] of cases) {
    it(`prints ${JSON.stringify(input)}`, () => assert.equal(literalUnion(input), expected));
  }
});

describe('stringRecord', () => {
  const cases: Array<[Array<[string, string]>, string]> = [
    [[], '{  }'],
    [[['image.created', '/images']], '{ "image.created": "/images" }'],
    [
      [
        ['a', 'x'],
        ['b"', 'y\n'],
      ],
      '{ "a": "x", "b\\"": "y\\n" }',
    ],
  ];
  for (const [input, expected] of cases) {
    it(`prints ${JSON.stringify(input)}`, () => {
      assert.equal(stringRecord(input), expected);
      assert.deepEqual(new Function(`return ${expected}`)(), Object.fromEntries(input));
    });
  }
});

describe('dataLiteral of identity rules', () => {
  const tables = { events: 'EVENT_OF', addresses: 'ADDRESSES' };
  const events = { x: 'x' };
  // The forms the validators template printed by hand, kind by kind (before prettier's quotes).
  const cases: Array<[IdentityRule, string]> = [
    [{ kind: 'body', paths: [['type']], events }, '{ kind: "body", paths: [["type"]], events: EVENT_OF }'],
    [
      {
        kind: 'body',
        paths: [
          ['meta', 'action'],
          ['items', '[]', 'code'],
        ],
        groups: true,
        events,
      },
      '{ kind: "body", paths: [["meta", "action"], ["items", "[]", "code"]], groups: true, events: EVENT_OF }',
    ],
    [{ kind: 'shape', paths: [['readyToStream']], events, present: true }, '{ kind: "shape", paths: [["readyToStream"]], events: EVENT_OF, present: true }'],
    [{ kind: 'header', header: 'x-gitlab-event', events }, '{ kind: "header", header: "x-gitlab-event", events: EVENT_OF }'],
    [{ kind: 'address', events, addresses: { a: '/a' } }, '{ kind: "address", events: EVENT_OF, addresses: ADDRESSES }'],
    [{ kind: 'single', event: 'say "hi"' }, '{ kind: "single", event: "say \\"hi\\"" }'],
  ];
  for (const [rule, expected] of cases) {
    it(`prints a ${rule.kind} rule`, () => assert.equal(dataLiteral(rule, tables), expected));
  }
});

describe('dataLiteral', () => {
  const cases: Array<[unknown, string]> = [
    [null, 'null'],
    [[1, true, 'a'], '[1, true, "a"]'],
    [{}, '{}'],
    [{ 'a-b': { c: [] } }, '{ "a-b": { c: [] } }'],
    // A key that would set the prototype is written computed; names in `constants` only apply at the top.
    [Object.defineProperty({}, '__proto__', { value: 1, enumerable: true }), '{ ["__proto__"]: 1 }'],
    [{ constructor: 'x' }, '{ constructor: "x" }'],
  ];
  for (const [input, expected] of cases) {
    it(`prints ${expected}`, () => {
      assert.equal(dataLiteral(input, { events: 'E' }), expected);
      const json = (value: unknown) => JSON.parse(JSON.stringify(value)) as unknown;
      assert.deepEqual(json(new Function(`return ${expected}`)()), json(input));
    });
  }
});
