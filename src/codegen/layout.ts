/**
 * What printers need to lay code out as prettier does with the output's options, so that the
 * format stage can pass their files through (prettier was most of a generation's time, and it
 * grows with every event). A printer lays out what it knows; where it cannot be sure it leaves
 * the code to prettier, so the output is the same either way (tests compare the two).
 */

/** prettier's printWidth for the output (output/format.ts passes it to prettier). */
export const PRINT_WIDTH = 100;

/**
 * Whether `line` (indentation included) fits in the print width: `true` or `false` when certain,
 * `undefined` when it depends on how wide prettier counts its non-ASCII characters (0 for a
 * combining mark, 2 for a wide one), which a printer then leaves to prettier.
 */
export function fitsWidth(line: string): boolean | undefined {
  let other = 0;
  for (let i = 0; i < line.length; i++) if (line.charCodeAt(i) > 0x7e) other++;
  const ascii = line.length - other;
  if (ascii > PRINT_WIDTH) return false;
  return ascii + 2 * other <= PRINT_WIDTH ? true : undefined;
}

/**
 * A statement laid out by the column it starts at, as prettier does: `flat` on one line where
 * that fits, else `broken`'s lines (relative to that column).
 */
export interface Layout {
  flat: string;
  broken: (column: number) => string[];
}

/** A line of a printed block: text with its indentation, or a statement placed at a block depth. */
export type Line = string | { depth: number; layout: Layout };

/** One block level more for each line, as prettier indents: two spaces. */
export function indent(lines: Line[]): Line[] {
  return lines.map((line) => (typeof line !== 'string' ? { depth: line.depth + 1, layout: line.layout } : line === '' ? line : `  ${line}`));
}

/** The statement's lines at `column`. Where its width is in doubt the flat form stays, too wide to be trusted. */
function place(layout: Layout, column: number): string[] {
  return fitsWidth(' '.repeat(column) + layout.flat) === false ? layout.broken(column) : [layout.flat];
}

/** The text of printed lines. */
export function render(lines: Line[]): string[] {
  return lines.flatMap((line) => (typeof line === 'string' ? [line] : place(line.layout, line.depth * 2).map((l) => '  '.repeat(line.depth) + l)));
}

/** `callee(args)` then `end`; too wide, one argument a line, each with a trailing comma. */
export function call(callee: string, args: string[], end = ';'): Layout {
  return { flat: `${callee}(${args.join(', ')})${end}`, broken: () => [`${callee}(`, ...args.map((a) => `  ${a},`), `)${end}`] };
}

/** `if (test) then` without a block; too wide, `then` on the next line, one level in. */
export function ifThen(test: string, then: Layout): Layout {
  return { flat: `if (${test}) ${then.flat}`, broken: (column) => [`if (${test})`, ...place(then, column + 2).map((l) => `  ${l}`)] };
}

/** `} else then` after a block; too wide, `then` on the next line, one level in. */
export function elseThen(then: Layout): Layout {
  return { flat: `} else ${then.flat}`, broken: (column) => ['} else', ...place(then, column + 2).map((l) => `  ${l}`)] };
}

/** `if (!(a || b)) {`; too wide, one operand a line between `if (!(` and `)) {`. */
export function ifNotAny(operator: '||' | '&&', operands: string[]): Layout {
  return {
    flat: `if (!(${operands.join(` ${operator} `)})) {`,
    broken: () => ['if (!(', ...operands.map((o, i) => `  ${o}${i < operands.length - 1 ? ` ${operator}` : ''}`), ')) {'],
  };
}

/**
 * A number as prettier prints it, or undefined where prettier would respell JavaScript's own
 * spelling (`1e+21` becomes `1e21`): those are left to prettier.
 */
export function numberText(value: number): string | undefined {
  const text = String(value);
  return /^-?\d+(\.\d+)?$/.test(text) ? text : undefined;
}

/**
 * The parts of `contents` between `settled` (in order, each found once, in prettier's layout),
 * trimmed and non-empty: the statements a printer leaves to prettier, for OutputFile.unsettled.
 */
export function regionsBetween(contents: string, settled: string[]): string[] {
  const regions: string[] = [];
  let from = 0;
  for (const block of settled) {
    const at = contents.indexOf(block, from);
    if (at < 0) throw new Error(`a laid-out statement is not in the file: ${block.slice(0, 60)}`);
    regions.push(contents.slice(from, at));
    from = at + block.length;
  }
  regions.push(contents.slice(from));
  return regions.map((r) => r.trim()).filter((r) => r !== '');
}
