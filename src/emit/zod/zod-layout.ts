import { singleQuoted } from '../../codegen/escape.js';
import { fitsWidth, PRINT_WIDTH } from '../../codegen/layout.js';
import { parse, Unsure, unsure, type Node } from './zod-parse.js';

/**
 * schemas.ts's zod expressions laid out as prettier lays them out, so the format stage can pass
 * most of schemas.ts through (prettier on it was about a fifth of a 500-event generation). The
 * input is json-schema-to-zod's one-line output, which uses a small part of JavaScript: names,
 * member access, calls, string and number literals, objects and arrays. Anything else, and any
 * layout these rules do not cover, gives undefined: the statement is left to prettier. The rules
 * are prettier's for member chains, call arguments, objects and arrays, as far as zod's code uses
 * them; test/unit/prettier-form.test.ts and the corpus tests compare them with prettier's output.
 */

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;
/** An object key as prettier prints it (quoteProps as-needed); a number-like one it might unquote is left to it. */
const key = (name: string): string => (IDENTIFIER.test(name) ? name : /^\d/.test(name) || name === '__proto__' ? unsure() : singleQuoted(name));

function flat(node: Node): string {
  switch (node.t) {
    case 'id':
      return node.name;
    case 'str':
      return singleQuoted(node.value);
    case 'num':
      return node.text;
    case 'member':
      return `${flat(node.obj)}.${node.name}`;
    case 'index':
      return `${flat(node.obj)}[${singleQuoted(node.key)}]`;
    case 'call':
      return `${flat(node.callee)}(${node.args.map(flat).join(', ')})`;
    case 'obj':
      return node.props.length === 0 ? '{}' : `{ ${node.props.map((p) => `${key(p.key)}: ${flat(p.value)}`).join(', ')} }`;
    case 'arr':
      return `[${node.elems.map(flat).join(', ')}]`;
  }
}

/** prettier's isSimpleCallArgument, for the nodes zod's code has. */
function simple(node: Node, depth = 2): boolean {
  if (depth <= 0) return false;
  switch (node.t) {
    case 'id':
    case 'str':
    case 'num':
      return true;
    case 'member':
      return simple(node.obj, depth);
    case 'index':
      return simple(node.obj, depth);
    case 'obj':
      return node.props.every((p) => simple(p.value, depth - 1));
    case 'arr':
      return node.elems.every((e) => simple(e, depth - 1));
    case 'call':
      return simple(node.callee, depth) && node.args.length <= depth && node.args.every((a) => simple(a, depth - 1));
  }
}

/** A member chain: its root, and the groups after it (`.name(args)`), as prettier groups them. */
function chain(node: Node): { head: string; groups: Array<{ name: string; args: Node[] }>; calls: Node[] } | undefined {
  const links: Array<{ name: string; args: Node[] }> = [];
  const calls: Node[] = [];
  let at = node;
  while (at.t === 'call' && at.callee.t === 'member') {
    calls.push(at);
    links.unshift({ name: at.callee.name, args: at.args });
    at = at.callee.obj;
  }
  // Only chains whose root is a name followed at once by a call group (`z.object(...)...`).
  if (at.t !== 'id' || links.length === 0) return undefined;
  return { head: at.name, groups: links, calls };
}

const pad = (n: number) => ' '.repeat(n);
const fits = (line: string): boolean => fitsWidth(line) ?? unsure();

/**
 * `node` printed where column `col` of a line indented `ind` is, followed by `suffix`: the rest
 * of its first line, then whole lines.
 */
function place(node: Node, ind: number, col: number, suffix: string, value: boolean): string[] {
  const text = flat(node);
  const c = chain(node);
  const forced = c !== undefined && c.calls.length > 2 && c.calls.some((call) => call.t === 'call' && !call.args.every((a) => simple(a)));
  if (!forced && fits(pad(col) + text + suffix)) return [text + suffix];
  if (c !== undefined && c.groups.length >= 2) {
    // Expanded: the root alone, then each group on its own line, one level in.
    const lines = [c.head];
    c.groups.forEach((g, i) => {
      const lead = `${pad(ind + 2)}.${g.name}`;
      const [first, ...rest] = args(g.args, ind + 2, lead.length, i === c.groups.length - 1 ? suffix : '');
      lines.push(lead + first, ...rest);
    });
    return lines;
  }
  if (c !== undefined && node.t === 'call') {
    // One call group: its arguments break. A value whose call takes nothing or one short argument
    // breaks after its `=` or `:` instead, which is left to prettier.
    const callee = flat(node.callee);
    if (value && node.args.length <= 1 && node.args.every((a) => a.t !== 'obj' && a.t !== 'arr')) unsure();
    const [first, ...rest] = args(node.args, ind, col + callee.length, suffix);
    return [callee + first, ...rest];
  }
  return unsure();
}

/** A call's parenthesized arguments from column `col`: flat, the sole object or array hugged, or one a line. */
function args(list: Node[], ind: number, col: number, suffix: string): string[] {
  const text = `(${list.map(flat).join(', ')})`;
  if (fits(pad(col) + text + suffix)) return [text + suffix];
  const only = list.length === 1 ? list[0]! : undefined;
  if (only?.t === 'obj' && only.props.length > 0) {
    const props = only.props.flatMap((p) => {
      const lead = `${pad(ind + 2)}${key(p.key)}: `;
      const [first, ...rest] = place(p.value, ind + 2, lead.length, ',', true);
      return [lead + first, ...rest];
    });
    return ['({', ...props, `${pad(ind)}})${suffix}`];
  }
  if (only?.t === 'arr' && only.elems.length > 0) {
    // Arrays of numbers fill lines and arrays of objects or arrays always break: left to prettier.
    if (only.elems.some((e) => e.t === 'num' || e.t === 'obj' || e.t === 'arr')) unsure();
    return ['([', ...only.elems.flatMap((e) => indented(e, ind + 2)), `${pad(ind)}])${suffix}`];
  }
  return ['(', ...list.flatMap((a) => indented(a, ind + 2)), `${pad(ind)})${suffix}`];
}

function indented(node: Node, ind: number): string[] {
  const [first, ...rest] = place(node, ind, ind, ',', false);
  return [pad(ind) + first, ...rest];
}

/**
 * `const name = expression;` as prettier prints it, or undefined where these rules are not sure.
 * Every line, the first included, is checked to fit.
 */
export function layoutZodConstant(name: string, expression: string): string | undefined {
  try {
    const lead = `const ${name} = `;
    const [first, ...rest] = place(parse(expression), 0, lead.length, ';', true);
    const lines = [lead + first, ...rest];
    return lines.every((line) => fitsWidth(line) === true) ? lines.join('\n') : undefined;
  } catch (error) {
    if (error instanceof Unsure) return undefined;
    throw error;
  }
}

/**
 * `export const name: type = typed(inner);` as prettier prints it: on one line where it fits; else
 * broken after `=` with the call one level in, but for an inner name longer than a quarter of the
 * width (a call prettier no longer deems poorly breakable) where `= typed(` fits: then the call
 * opens on the first line and its argument gets a line of its own. prettier leaves the part before
 * `=` whole even when it is wider than a line. Undefined where these rules are not sure.
 */
export function layoutExportedAlias(name: string, type: string, inner: string): string | undefined {
  const value = `typed(${inner})`;
  const line = `export const ${name}: ${type} = ${value};`;
  const fits = fitsWidth(line);
  if (fits === true) return line;
  const left = `export const ${name}: ${type} =`;
  if (fits === undefined || fitsWidth(left) === undefined) return undefined;
  if (inner.length > PRINT_WIDTH / 4 && fitsWidth(`${left} typed(`) === true)
    return fitsWidth(`  ${inner},`) === true ? `${left} typed(\n  ${inner},\n);` : undefined;
  return fitsWidth(`  ${value};`) === true ? `${left}\n  ${value};` : undefined;
}
