import { singleQuoted as q } from '../../codegen/escape.js';
import { call, elseThen, fitsWidth, indent, numberText, render, type Line } from '../../codegen/layout.js';
import { refName } from '../../model/schema/normalize.js';
import { isObjectValue } from '../../model/schema/normalized-schema.js';
import type { NamedSchema, NormalizedSchema } from '../../model/types.js';
import { checkFunction, childPath, failing, issue, notAnyType, operand, primitiveCheck, stmt, typedMethod, typesOf, TYPE_TESTS } from './check-kinds.js';
import { constraintChecks } from './print-constraints.js';

/**
 * Prints the compiled checks: one function per named schema, straight-line code in the manner of
 * ajv, because a zod parse of the seed payload runs at about 0.6x ajv and the receiver parses
 * every delivery. Each check collects issues (the value does not fit its type) and drift
 * (unknown properties, format mismatches; issues too in strict mode) with their paths, in one pass.
 * Spec text appears only through `singleQuoted` (JSON.stringify's escapes).
 *
 * The code is laid out as prettier lays it out (checks.ts is most of a large output, and prettier
 * was most of its time). A function with a line too wide, or a value prettier would respell (an
 * object constant, `1e+21`), is left to prettier: `unsettled` lists it.
 */

class Printer {
  /** TypeScript for the output; plain JavaScript when the generator runs the checks itself (verify). */
  constructor(private readonly typed: boolean) {}
  private counter = 0;
  private owner = '';
  /** Set while printing a function that holds something prettier would print differently. */
  private unsure = false;
  /** Regular expressions are compiled once, at module load, not on every check. */
  readonly patterns: string[] = [];
  fresh(base: string): string {
    return `${base}${this.counter++}`;
  }

  /** A constant as prettier prints it: a string, number, boolean or null; anything else is left to prettier. */
  private constant(value: unknown): string {
    if (typeof value === 'string') return q(value);
    if (typeof value === 'number' && numberText(value) !== undefined) return numberText(value)!;
    if (typeof value === 'boolean' || value === null) return String(value);
    this.unsure = true;
    return JSON.stringify(value);
  }

  num(value: number): string {
    const text = numberText(value);
    if (text === undefined) this.unsure = true;
    return text ?? String(value);
  }

  /**
   * Statements that check value `x` (an identifier) at path expression `p` against `schema`.
   * A failed type, const or enum check ends this value's checks with `break` out of its own
   * labelled block, never with `return`, which would skip the sibling properties.
   */
  value(schema: NormalizedSchema, x: string, p: string): Line[] {
    const ref = refName(schema);
    if (ref !== undefined) return [stmt(call(checkFunction(ref), [x, p, 'c']))];
    const label = this.fresh('L');
    const parts: Line[] = [];
    let breaks = false;
    const known = typesOf(schema).filter((t) => TYPE_TESTS[t]);
    if (known.length > 0) {
      parts.push(...failing(notAnyType(known, x), issue(p, `'type'`, q(`expected ${known.join(' or ')}`), x), label));
      breaks = true;
    }
    if ('const' in schema) {
      const message = q(`expected ${JSON.stringify(schema.const)}`);
      parts.push(...failing(`!c.equals(${x}, ${this.constant(schema.const)})`, issue(p, `'const'`, message, x), label));
      breaks = true;
    }
    if (Array.isArray(schema.enum)) {
      const values = schema.enum;
      const tests = values.every((v) => v === null || typeof v !== 'object')
        ? values.map((v) => `${x} === ${this.constant(v)}`)
        : values.map((v) => `c.equals(${x}, ${this.constant(v)})`);
      const list = values.map((v) => JSON.stringify(v)).join(', ');
      // `enum: []` prints no test: code that does not parse, which prettier reports.
      if (values.length === 0) this.unsure = true;
      const test = tests.length > 1 ? tests : tests[0]?.startsWith('c.equals(') === true ? `!${tests[0]}` : `!(${tests.join('')})`;
      parts.push(...failing(test, issue(p, `'enum'`, q(`expected one of ${list}`), x), label));
      breaks = true;
    }
    parts.push(...constraintChecks(this, schema, x, p));
    const branches = schema.anyOf ?? schema.oneOf;
    if (Array.isArray(branches)) parts.push(...this.anyOf(branches, x, p));
    if (isObjectValue(schema.items)) {
      const i = this.fresh('i');
      const item = this.fresh('v');
      const ip = this.fresh('p');
      const inner = this.value(schema.items, item, ip);
      const loop: Line[] = [`const ${item}${this.unknownType} = ${x}[${i}];`, `const ${ip} = ${operand(p)} + '[' + ${i} + ']';`, ...inner];
      // Items of any kind (`items: {}`) need no loop, and one would declare names nothing reads.
      if (inner.length > 0) parts.push(`if (Array.isArray(${x})) {`, `  for (let ${i} = 0; ${i} < ${x}.length; ${i}++) {`, ...indent(indent(loop)), '  }', '}');
    }
    if (typesOf(schema).includes('object') || schema.additionalProperties !== undefined) parts.push(...this.mapValues(schema, x, p));
    return breaks ? [`${label}: {`, ...indent(parts), '}'] : parts;
  }

  private anyOf(branches: NormalizedSchema[], x: string, p: string): Line[] {
    const fns = branches.flatMap((b) => {
      const y = this.fresh('y');
      const r = this.fresh('q');
      const head = this.typed ? `(${y}: unknown, ${r}: string, c: Ctx): void => {` : `(${y}, ${r}, c) => {`;
      const body = this.value(b, y, r);
      // prettier prints an empty body `{}`, and a list of those may fit on one line.
      if (body.length === 0) this.unsure = true;
      return [head, ...indent(body), '},'];
    });
    return [`c.anyOf(${x}, ${p}, [`, ...indent(fns), ']);'];
  }

  /** A regular expression compiled once at module load: the name of the constant that holds it. */
  patternConstant(pattern: string, flags: string): string {
    const constant = `PATTERN_${this.owner}_${this.counter++}`;
    this.patterns.push(`const ${constant} = new RegExp(${q(pattern)}, ${q(flags)});`);
    return constant;
  }

  /** A map (`additionalProperties` with a schema) or an open object: check each value. */
  private mapValues(schema: NormalizedSchema, x: string, p: string): Line[] {
    const extra = schema.additionalProperties;
    if (typeof extra !== 'object' || extra === null || Object.keys(extra).length === 0) return [];
    const k = this.fresh('k');
    const v = this.fresh('v');
    const inner = this.value(extra, v, `c.join(${p}, ${k})`);
    const read = this.typed ? `(${x} as Record<string, unknown>)[${k}]` : `${x}[${k}]`;
    const loop: Line[] = [`for (const ${k} in ${x}) {`, `  const ${v}${this.unknownType} = ${read};`, ...indent(inner), '}'];
    return [`if (typeof ${x} === 'object' && ${x} !== null && !Array.isArray(${x})) {`, ...indent(loop), '}'];
  }

  private get unknownType(): string {
    return this.typed ? ': unknown' : '';
  }

  /** The function that checks an object type with named properties, and whether it is laid out as prettier would. */
  objectFunction(named: NamedSchema): { text: string; settled: boolean } {
    // Local names restart in every function, so adding a schema never renumbers another's code.
    this.counter = 0;
    this.owner = named.name;
    this.unsure = false;
    const body = this.body(named.schema);
    // A header too wide for its line takes one parameter a line, as prettier lays out parameters.
    const params = this.typed ? ['x: unknown', 'p: string', 'c: Ctx'] : ['x', 'p', 'c'];
    const head = call(
      `${this.typed ? 'export ' : ''}function ${checkFunction(named.name)}`,
      params,
      `${this.typed ? ': void' : ''} {${body.length === 0 ? '}' : ''}`,
    );
    const lines = render(body.length === 0 ? [stmt(head)] : [stmt(head), ...indent(body), '}']);
    const settled = !this.unsure && lines.every((line) => fitsWidth(line) === true);
    return { text: lines.join('\n'), settled };
  }

  private body(schema: NormalizedSchema): Line[] {
    // Only an object with named properties is checked key by key; `type: object` alone is any object.
    if (typeof schema.properties !== 'object' || schema.properties === null) return this.value(schema, 'x', 'p');
    const properties = schema.properties;
    const required = new Set(Array.isArray(schema.required) ? schema.required : []);
    const lines: Line[] = [
      `if (typeof x !== 'object' || x === null || Array.isArray(x)) {`,
      `  c.issue(p, 'type', 'expected object', x);`,
      '  return;',
      '}',
      this.typed ? 'const o = x as Record<string, unknown>;' : 'const o = x;',
    ];
    for (const [key, prop] of Object.entries(properties)) lines.push(...this.property(key, prop, required.has(key)));
    const extra = schema.additionalProperties;
    if (extra !== true && !(typeof extra === 'object' && extra !== null)) {
      const keys = Object.keys(properties);
      // A switch without a case would not parse: prettier reports it, as it did before.
      if (keys.length === 0) this.unsure = true;
      const cases = [...keys.map((k) => `case ${q(k)}:`), '  break;', 'default:', '  c.unknown(p, k, o[k]);'];
      lines.push('for (const k in o) {', '  switch (k) {', ...indent(indent(cases)), '  }', '}');
    } else if (typeof extra === 'object' && extra !== null && Object.keys(extra).length > 0) {
      const known =
        Object.keys(properties)
          .map((k) => `k === ${q(k)}`)
          .join(' || ') || 'false';
      const v = this.fresh('v');
      const loop: Line[] = [`if (${known}) continue;`, `const ${v}${this.unknownType} = o[k];`, ...this.value(extra, v, 'c.join(p, k)')];
      lines.push('for (const k in o) {', ...indent(loop), '}');
    }
    return lines;
  }

  private property(key: string, prop: NormalizedSchema, required: boolean): Line[] {
    // Every property takes a local name, used or not, so names stay as they were printed before.
    const v = this.fresh('v');
    // A plain read is fastest; keys that Object.prototype also has (`constructor`, `__proto__`)
    // would read the prototype's value when absent, so only those pay for hasOwnProperty.
    const read = key in Object.prototype ? `Object.prototype.hasOwnProperty.call(o, ${q(key)}) ? o[${q(key)}] : undefined` : `o[${q(key)}]`;
    const simple = primitiveCheck(prop);
    if (simple !== undefined) {
      // Most fields are a typed primitive: one helper call, not eight printed lines, keeps the
      // output small. A method per type and per format (`c.str`, `c.uuid`) where one fits, so the
      // common case is one typeof test; the generic mask form otherwise.
      const method = typedMethod(simple);
      if (method !== undefined) return [stmt(call(`c.${method.name}`, [read, 'p', q(key), String(required), ...(method.nullable ? ['true'] : [])]))];
      return [stmt(call('c.prim', [read, 'p', q(key), String(simple.mask), String(required), ...(simple.format === undefined ? [] : [q(simple.format)])]))];
    }
    const path = childPath('p', key);
    const inner = this.value(prop, v, path);
    const close = required ? stmt(elseThen(issue(path, `'required'`, `'required property is missing'`, 'undefined'))) : '}';
    return [`const ${v} = ${read};`, `if (${v} !== undefined) {`, ...indent(inner), close];
  }
}

export interface PrintedChecks {
  code: string;
  /** Top-level statements of `code`, verbatim, not laid out as prettier would: the format stage formats them. */
  unsettled: string[];
}

/** Every named schema's check function, in name order (functions are hoisted, so cycles are fine). */
export function printCheckModule(schemas: NamedSchema[], options: { typed: boolean } = { typed: true }): PrintedChecks {
  const printer = new Printer(options.typed);
  const functions = schemas.map((s) => printer.objectFunction(s));
  const unsettled = functions.filter((f) => !f.settled).map((f) => f.text);
  // A pattern's constant too wide for one line is left to prettier on its own.
  unsettled.push(...printer.patterns.filter((line) => fitsWidth(line) !== true));
  return { code: [...printer.patterns, ...functions.map((f) => f.text)].join('\n\n'), unsettled };
}
