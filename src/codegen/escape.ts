/**
 * The only two ways spec text reaches generated code: as a string literal (`literal`, or
 * `singleQuoted`, the same escapes in prettier's choice of quotes) or inside a comment.
 * Everything a template or emitter prints from the spec goes through one of these.
 */

/**
 * A TypeScript/JavaScript string literal for any value JSON can hold. JSON.stringify escapes quotes,
 * backslashes and control characters; U+2028/U+2029 are escaped too because older tools still
 * treat them as line terminators inside literals.
 */
export function literal(value: unknown): string {
  const json = JSON.stringify(value);
  if (json === undefined) {
    throw new TypeError(`cannot print ${typeof value} as a literal`);
  }
  return json.replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

/**
 * Text made safe for the inside of a block comment: `*\/` cannot close it early, and every kind of
 * line break (CRLF, CR, U+2028, U+2029) becomes a plain newline so the caller can prefix lines.
 */
export function commentText(text: string): string {
  return text
    .replace(/\r\n?|\u2028|\u2029/g, '\n')
    .replace(/\*\//g, '*\\/')
    .replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, '');
}

/** A JSDoc block for `text`, indented by `indent`, or '' when there is nothing to say. */
export function docComment(text: string | undefined, indent = ''): string {
  if (text === undefined || text.trim() === '') return '';
  const lines = commentText(text.trim()).split('\n');
  if (lines.length === 1) return `${indent}/** ${lines[0]!.trimEnd()} */\n`;
  const body = lines.map((line) => `${indent} *${line.trim() === '' ? '' : ` ${line.trimEnd()}`}`).join('\n');
  return `${indent}/**\n${body}\n${indent} */\n`;
}

/** A line comment for text that must stay on one line (paths, commands). */
export function lineCommentText(text: string): string {
  return commentText(text).replace(/\n/g, ' ');
}

/**
 * `literal(text)` as prettier prints it with `singleQuote` (the output's formatting): the same
 * escapes, in single quotes unless the text holds more single quotes than double ones. Printers
 * that lay code out as prettier would (so the formatter can skip it) print strings with this; its
 * rule is prettier's own (getPreferredQuote and makeString), tested against prettier.
 */
export function singleQuoted(text: string): string {
  const raw = literal(text).slice(1, -1);
  const singles = raw.split("'").length - 1;
  const doubles = raw.split('"').length - 1;
  if (singles > doubles) return `"${raw}"`;
  // Unescape the double quotes JSON escaped, escape the single ones; every other escape stays.
  return `'${raw.replace(/\\(.)|(['"])/gs, (match, escaped: string | undefined, quote: string | undefined) => (escaped === '"' ? '"' : quote === "'" ? "\\'" : match))}'`;
}
