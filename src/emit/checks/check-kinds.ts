import { singleQuoted as q } from '../../codegen/escape.js';
import { isIdentifier } from '../../codegen/identifiers.js';
import { call, ifNotAny, indent, type Layout, type Line } from '../../codegen/layout.js';
import type { NormalizedSchema } from '../../model/types.js';
import { BOOLEAN_BIT, INTEGER_BIT, NULL_BIT, NUMBER_BIT, STRING_BIT, TYPE_BITS } from '../../runtime/validation-context.js';

/**
 * What the checks printer knows about JSON Schema types: the test for each, the formats it checks,
 * and the short forms (`c.str`, `c.uuid`, `c.prim`) a property that is only a primitive gets; and
 * the statements it repeats, each built as prettier lays it out.
 */

/** The name of the generated function that checks a value of type `typeName`. */
export const checkFunction = (typeName: string): string => `check${typeName}`;

export const FORMATS = new Set(['uuid', 'date-time', 'date', 'time', 'email', 'uri', 'url', 'ipv4']);
export const INT_RANGES: Record<string, [number, number]> = { int32: [-2147483648, 2147483647] };

/**
 * The test that value `x` has a type. `and` tests need parentheses beside `||` (prettier keeps
 * them), `call` tests need none after `!` (prettier drops them), the rest need them after `!`.
 */
export const TYPE_TESTS: Record<string, { test: (x: string) => string; kind: 'and' | 'call' | 'compare' }> = {
  string: { test: (x) => `typeof ${x} === 'string'`, kind: 'compare' },
  number: { test: (x) => `typeof ${x} === 'number' && Number.isFinite(${x})`, kind: 'and' },
  // JavaScript has no integers beyond 2^53: a larger one cannot be received exactly.
  integer: { test: (x) => `Number.isSafeInteger(${x})`, kind: 'call' },
  boolean: { test: (x) => `typeof ${x} === 'boolean'`, kind: 'compare' },
  null: { test: (x) => `${x} === null`, kind: 'compare' },
  array: { test: (x) => `Array.isArray(${x})`, kind: 'call' },
  object: { test: (x) => `typeof ${x} === 'object' && ${x} !== null && !Array.isArray(${x})`, kind: 'and' },
};

/**
 * `!(one of these types)` for value `x`, spelled as prettier spells it: the operands of `||` when
 * they can stand one a line (prettier's layout when too wide), else the whole test.
 */
export function notAnyType(types: string[], x: string): string | string[] {
  if (types.length === 1) {
    const { test, kind } = TYPE_TESTS[types[0]!]!;
    return kind === 'call' ? `!${test(x)}` : `!(${test(x)})`;
  }
  const tests = types.map((t) => TYPE_TESTS[t]!);
  if (tests.every((t) => t.kind !== 'and')) return tests.map((t) => t.test(x));
  return `!(${tests.map(({ test, kind }) => (kind === 'and' ? `(${test(x)})` : test(x))).join(' || ')})`;
}

export function typesOf(schema: NormalizedSchema): string[] {
  if (typeof schema.type === 'string') return [schema.type];
  return Array.isArray(schema.type) ? schema.type : [];
}

const PLAIN_KEYWORDS = new Set(['type', 'format', 'description', 'title', 'example', 'examples', 'default', 'deprecated', 'readOnly', 'writeOnly']);

/** A property that is only a primitive type (and perhaps a checked format) gets the short form. */
export function primitiveCheck(schema: NormalizedSchema): { mask: number; format?: string } | undefined {
  if (!Object.keys(schema).every((k) => PLAIN_KEYWORDS.has(k))) return undefined;
  const types = typesOf(schema);
  if (types.length === 0 || !types.every((t) => t in TYPE_BITS)) return undefined;
  const format = typeof schema.format === 'string' && FORMATS.has(schema.format) ? schema.format : undefined;
  if (typeof schema.format === 'string' && format === undefined && schema.format in INT_RANGES) return undefined;
  const mask = types.reduce((m, t) => m | TYPE_BITS[t]!, 0);
  return format === undefined ? { mask } : { mask, format };
}

/** Ctx's method for one primitive type (perhaps or null) or one string format; validation-context.ts defines them. */
const TYPE_METHODS: Record<number, string> = { [STRING_BIT]: 'str', [NUMBER_BIT]: 'num', [INTEGER_BIT]: 'int', [BOOLEAN_BIT]: 'bool' };
const FORMAT_METHODS: Record<string, string> = {
  uuid: 'uuid',
  'date-time': 'dateTime',
  date: 'date',
  time: 'time',
  email: 'email',
  uri: 'uri',
  url: 'url',
  ipv4: 'ipv4',
};

export function typedMethod(simple: { mask: number; format?: string }): { name: string; nullable: boolean } | undefined {
  const nullable = (simple.mask & NULL_BIT) !== 0;
  const type = nullable ? simple.mask & ~NULL_BIT : simple.mask;
  if (simple.format !== undefined) {
    return type === STRING_BIT ? { name: FORMAT_METHODS[simple.format]!, nullable } : undefined;
  }
  const name = TYPE_METHODS[type];
  return name === undefined ? undefined : { name, nullable };
}

/** The path of `key` below the path held in variable `p`: a conditional, bare as prettier leaves an argument. */
export function childPath(p: string, key: string): string {
  const dotted = isIdentifier(key) || /^[A-Za-z_$][\w$]*$/.test(key);
  const segment = dotted ? `.${key}` : `[${JSON.stringify(key)}]`;
  return `${p} === '' ? ${q(dotted ? key : segment)} : ${p} + ${q(segment)}`;
}

/**
 * A path expression as an operand of `+`: childPath's conditional needs its parentheses there; a
 * variable or a call (`c.join(...)`, which may hold a conditional inside) does not.
 */
export const operand = (p: string): string => (/^[\w$]+ === '' \? /.test(p) ? `(${p})` : p);

/** A statement placed by the column it starts at. */
export const stmt = (layout: Layout): Line => ({ depth: 0, layout });

/** `if (!(operands...)) {`, or `if (test) {` for a test printed whole. */
const openIf = (test: string | string[]): Line => (typeof test === 'string' ? `if (${test}) {` : stmt(ifNotAny('||', test)));

/** An `if` whose consequent is a block: the issue, then `break` out of the value's label. */
export const failing = (test: string | string[], issue: Layout, label: string): Line[] => [openIf(test), ...indent([stmt(issue), `break ${label};`]), '}'];

/** `c.issue(path, code, message, value)`. */
export const issue = (p: string, code: string, message: string, x: string): Layout => call('c.issue', [p, code, message, x]);
