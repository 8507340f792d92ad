import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { constantTimeEqualBytes, fromBase64, fromHex, toBase64, toHex } from '../../src/runtime/auth/bytes.js';

/**
 * The byte helpers signatures are read with: a signature has one spelling per value, so one
 * changed character is never accepted as the same signature.
 */

describe('hex decoding: one spelling per value', () => {
  const cases: Array<[string, number[] | undefined]> = [
    ['', []],
    ['00ff7a', [0, 255, 122]],
    ['0123456789abcdef', [0x01, 0x23, 0x45, 0x67, 0x89, 0xab, 0xcd, 0xef]],
    ['ABCD', undefined],
    ['abc', undefined],
    ['0g', undefined],
    ['0 ', undefined],
    ['é0', undefined],
    ['0\u0130', undefined],
  ];
  for (const [text, expected] of cases) {
    it(JSON.stringify(text), () => {
      const decoded = fromHex(text);
      assert.deepEqual(decoded === undefined ? undefined : [...decoded], expected);
    });
  }
  it('round-trips every byte', () => {
    const all = Uint8Array.from({ length: 256 }, (_, i) => i);
    assert.deepEqual(fromHex(toHex(all)), all);
  });
});

describe('base64 decoding: standard alphabet, padded, one spelling per value', () => {
  const cases: Array<[string, number[] | undefined]> = [
    ['', []],
    ['AA==', [0]],
    ['/w==', [255]],
    ['AAEC', [0, 1, 2]],
    ['+/+/', [0xfb, 0xff, 0xbf]],
    // Not the last character's canonical spelling: atob would accept it as the same byte.
    ['AB==', undefined],
    ['AA=', undefined],
    ['AA', undefined],
    ['-_==', undefined],
    ['AA==AA==', undefined],
    ['A A=', undefined],
    ['AA=\n', undefined],
  ];
  for (const [text, expected] of cases) {
    it(JSON.stringify(text), () => {
      const decoded = fromBase64(text);
      assert.deepEqual(decoded === undefined ? undefined : [...decoded], expected);
    });
  }
  it('round-trips every byte, at every length modulo 3', () => {
    for (const length of [254, 255, 256]) {
      const bytes = Uint8Array.from({ length }, (_, i) => i);
      assert.deepEqual(fromBase64(toBase64(bytes)), bytes);
    }
  });
});

describe('constant-time comparison', () => {
  const bytes = (...values: number[]) => Uint8Array.from(values);
  const cases: Array<[string, Uint8Array, Uint8Array, boolean]> = [
    ['equal', bytes(1, 2, 3), bytes(1, 2, 3), true],
    ['both empty', bytes(), bytes(), true],
    ['last byte differs', bytes(1, 2, 3), bytes(1, 2, 4), false],
    ['a prefix is not equal', bytes(1, 2), bytes(1, 2, 3), false],
    ['longer is not equal', bytes(1, 2, 3, 0), bytes(1, 2, 3), false],
    ['a trailing zero is not nothing', bytes(0), bytes(), false],
  ];
  for (const [name, a, b, expected] of cases) it(name, () => assert.equal(constantTimeEqualBytes(a, b), expected));
});
