import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { commentText, docComment, lineCommentText, literal } from '../../src/codegen/escape.js';

describe('literal', () => {
  const cases: Array<[unknown, string]> = [
    ['plain', '"plain"'],
    ["it's", `"it's"`],
    ['say "hi"', '"say \\"hi\\""'],
    ['back\\slash', '"back\\\\slash"'],
    ['line\nbreak', '"line\\nbreak"'],
    ['a\u2028b\u2029c', '"a\\u2028b\\u2029c"'],
    ['*/ end', '"*/ end"'],
    ['${injection}', '"${injection}"'],
    [42, '42'],
    [null, 'null'],
    [true, 'true'],
  ];
  for (const [input, expected] of cases) {
    it(`prints ${JSON.stringify(input)} as ${expected}`, () => {
      assert.equal(literal(input), expected);
      // Whatever it prints must evaluate back to the same value.
      assert.deepEqual(new Function(`return ${literal(input)}`)(), input);
    });
  }
  it('refuses values JSON cannot hold', () => {
    assert.throws(() => literal(undefined), /cannot print undefined/);
  });
});

describe('commentText', () => {
  const cases: Array<[string, string]> = [
    ['closes */ early', 'closes *\\/ early'],
    ['a\r\nb\rc\u2028d\u2029e', 'a\nb\nc\nd\ne'],
    ['bell\u0007', 'bell'],
    ['/* nested', '/* nested'],
  ];
  for (const [input, expected] of cases) {
    it(`escapes ${JSON.stringify(input)}`, () => assert.equal(commentText(input), expected));
  }
});

describe('docComment', () => {
  const cases: Array<[string | undefined, string]> = [
    [undefined, ''],
    ['   ', ''],
    ['One line', '/** One line */\n'],
    ['First\n\nSecond */', '/**\n * First\n *\n * Second *\\/\n */\n'],
  ];
  for (const [input, expected] of cases) {
    it(`documents ${JSON.stringify(input)}`, () => assert.equal(docComment(input), expected));
  }
  it('indents every line', () => assert.equal(docComment('a\nb', '  '), '  /**\n   * a\n   * b\n   */\n'));
});

describe('lineCommentText', () => {
  it('keeps a path on one line', () => assert.equal(lineCommentText('a\nb\u2028c */'), 'a b c *\\/'));
});
