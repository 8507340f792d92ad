import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { printCheckModule } from '../../src/emit/checks/print-checks.js';
import { formats, isUri } from '../../src/runtime/formats.js';
import { Ctx } from '../../src/runtime/validation-context.js';

/**
 * The typed checks (`c.str`, `c.uuid`, ...) are the generic mask check (`c.prim`) specialised:
 * for every value, they must report exactly what prim reports, in both modes.
 */

type Typed = 'str' | 'num' | 'int' | 'bool' | 'uuid' | 'dateTime' | 'date' | 'time' | 'email' | 'uri' | 'url' | 'ipv4';
const METHODS: Array<[Typed, number, string | undefined]> = [
  ['str', 1, undefined],
  ['num', 2, undefined],
  ['int', 4, undefined],
  ['bool', 8, undefined],
  ['uuid', 1, 'uuid'],
  ['dateTime', 1, 'date-time'],
  ['date', 1, 'date'],
  ['time', 1, 'time'],
  ['email', 1, 'email'],
  ['uri', 1, 'uri'],
  ['url', 1, 'url'],
  ['ipv4', 1, 'ipv4'],
];
const VALUES: unknown[] = [
  undefined,
  null,
  '',
  'x',
  0,
  1,
  1.5,
  -0,
  NaN,
  Infinity,
  2 ** 53,
  true,
  false,
  [],
  {},
  '6ba7b810-9dad-11d1-80b4-00c04fd430c8',
  '2024-02-29T12:00:00Z',
  '2024-02-30',
  '12:00:00',
  'a@b.co',
  'https://x.test/a b',
  'https://x.test/a',
  'mailto:a@b.co',
  '10.0.0.1',
  '999.0.0.1',
];

describe('typed checks report what the generic check reports', () => {
  for (const [method, mask, format] of METHODS) {
    it(`c.${method} = c.prim(mask ${mask}${format ? `, ${format}` : ''})`, () => {
      for (const strict of [false, true]) {
        for (const required of [false, true]) {
          for (const nullable of [false, true]) {
            for (const value of VALUES) {
              const typed = new Ctx(strict);
              const generic = new Ctx(strict);
              typed[method](value, 'data', 'field', required, nullable);
              generic.prim(value, 'data', 'field', nullable ? mask | 16 : mask, required, format);
              const label = `${String(value)} strict=${strict} required=${required} nullable=${nullable}`;
              assert.deepEqual(typed.issues, generic.issues, label);
              assert.deepEqual(typed.drift, generic.drift, label);
            }
          }
        }
      }
    });
  }

  /** The uri format by its definition: a scheme, no whitespace, and `new URL` accepts it. */
  const uriByDefinition = (value: string): boolean => {
    try {
      new URL(value);
    } catch {
      return false;
    }
    return /^[A-Za-z][A-Za-z0-9+.-]*:/.test(value) && !/\s/.test(value);
  };

  it('uri answers as new URL does', () => {
    for (const value of ['https://x.test/a', 'http://[::1]:80/', 'a:b', 'http://', 'https://exa mple.test', 'urn:isbn:0451450523', '1http://x']) {
      assert.equal(isUri(value), uriByDefinition(value), value);
      assert.equal(formats.uri!(value), isUri(value));
    }
  });

  // Random URIs from the characters that decide (a seeded generator, so a failure repeats), many
  // times over, so the check runs optimized: Node 20's URL.canParse, once optimized, refused
  // `https://é` and the like, which `new URL` accepts; isUri keeps it to ASCII.
  const random = (seed: number) => () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  const pick = (next: () => number, parts: string[], n: number) => Array.from({ length: n }, () => parts[Math.floor(next() * parts.length)]).join('');

  it('uri answers as new URL does on 20,000 random URIs, optimized', () => {
    const next = random(7);
    const parts = [
      'http',
      's',
      '://',
      'a',
      'z',
      'Q',
      '0',
      '9',
      '-',
      '.',
      'xn--',
      '/',
      '%',
      '_',
      '~',
      ':',
      '@',
      '?',
      '#',
      '[',
      ']',
      ' ',
      'é',
      '..',
      '0x',
      '1.2.3.4',
      '256',
      'com',
    ];
    const values = [
      'https://cdn.leonardo.ai/users/x/Leonardo_0.jpg',
      'https://xn--zz.test/',
      'https://a.0x1/',
      'https://1.2.3.4/',
      'https://a..b/',
      'https://-a-.b-/',
    ];
    for (let i = 0; i < 20_000; i++) values.push(`${next() < 0.8 ? 'https://' : ''}${pick(next, parts, 1 + Math.floor(next() * 8))}`);
    for (const value of values) {
      assert.equal(isUri(value), uriByDefinition(value), value);
    }
  });
});

describe('printed checks call the typed method for each field', () => {
  it('a method per type and per format, nullable marked, the mask form for mixed types', () => {
    const { code } = printCheckModule([
      {
        name: 'T',
        schema: {
          type: 'object',
          required: ['a'],
          properties: {
            a: { type: 'string' },
            b: { type: ['integer', 'null'] },
            c: { type: 'string', format: 'uuid' },
            d: { type: ['string', 'null'], format: 'date-time' },
            e: { type: ['string', 'number'] },
            f: { type: 'boolean' },
            g: { type: 'number', format: 'int32' },
          },
        },
      },
    ] as never);
    assert.match(code, /c\.str\(o\['a'\], p, 'a', true\);/);
    assert.match(code, /c\.int\(o\['b'\], p, 'b', false, true\);/);
    assert.match(code, /c\.uuid\(o\['c'\], p, 'c', false\);/);
    assert.match(code, /c\.dateTime\(o\['d'\], p, 'd', false, true\);/);
    assert.match(code, /c\.prim\(o\['e'\], p, 'e', 3, false\);/);
    assert.match(code, /c\.bool\(o\['f'\], p, 'f', false\);/);
    assert.doesNotMatch(code, /o\['g'\], p, 'g'/);
  });
});

describe('printed checks of arrays', () => {
  it('items of any kind (`items: {}`) print no loop, which would declare names nothing reads', () => {
    const { code } = printCheckModule([
      { name: 'T', schema: { type: 'object', properties: { a: { type: 'array', items: {} }, b: { type: 'array', items: { type: 'string' } } } } },
    ] as never);
    assert.equal(code.match(/for \(let /g)?.length, 1);
    assert.match(code, /o\['b'\]/);
  });
});
