import { literal } from '../../codegen/escape.js';
import { isIdentifier } from '../../codegen/identifiers.js';
import { refName } from '../../model/normalize-schema.js';
import { patternFlags } from '../../model/patterns.js';
import type { NamedSchema, Schema } from '../../model/types.js';

/**
 * Prints the compiled checks: one function per named schema, straight-line code in the manner of
 * ajv, because a zod parse of the seed payload runs at about 0.6x ajv and the receiver parses
 * every delivery. Each check collects issues (the value does not fit its type) and drift
 * (unknown properties, format mismatches; issues too in strict mode) with their paths, in one pass.
 * Spec text appears only through `literal`.
 */

export const FORMATS = new Set(['uuid', 'date-time', 'date', 'time', 'email', 'uri', 'url', 'ipv4']);
const INT_RANGES: Record<string, [number, number]> = { int32: [-2147483648, 2147483647] };

export const checkFunction = (typeName: string): string => `check${typeName}`;

/** An expression for the path of `key` below the path held in variable `p`. */
function childPath(p: string, key: string): string {
  const dotted = isIdentifier(key) || /^[A-Za-z_$][\w$]*$/.test(key);
  const segment = dotted ? `.${key}` : `[${JSON.stringify(key)}]`;
  const root = dotted ? key : segment;
  return `(${p} === '' ? ${literal(root)} : ${p} + ${literal(segment)})`;
}

const TYPE_TESTS: Record<string, (x: string) => string> = {
  string: (x) => `typeof ${x} === 'string'`,
  number: (x) => `(typeof ${x} === 'number' && Number.isFinite(${x}))`,
  // JavaScript has no integers beyond 2^53: a larger one cannot be received exactly.
  integer: (x) => `Number.isSafeInteger(${x})`,
  boolean: (x) => `typeof ${x} === 'boolean'`,
  null: (x) => `${x} === null`,
  array: (x) => `Array.isArray(${x})`,
  object: (x) => `(typeof ${x} === 'object' && ${x} !== null && !Array.isArray(${x}))`,
};

function typesOf(schema: Schema): string[] {
  if (typeof schema.type === 'string') return [schema.type];
  return Array.isArray(schema.type) ? (schema.type as string[]) : [];
}

/** Bits of `Ctx.prim`'s type mask; the runtime (validation-context.ts) reads the same bits. */
const TYPE_BITS: Record<string, number> = { string: 1, number: 2, integer: 4, boolean: 8, null: 16 };
const PLAIN_KEYWORDS = new Set(['type', 'format', 'description', 'title', 'example', 'examples', 'default', 'deprecated', 'readOnly', 'writeOnly']);

/** A property that is only a primitive type (and perhaps a checked format) gets the short form. */
function primitiveCheck(schema: Schema): { mask: number; format?: string } | undefined {
  if (!Object.keys(schema).every((k) => PLAIN_KEYWORDS.has(k))) return undefined;
  const types = typesOf(schema);
  if (types.length === 0 || !types.every((t) => t in TYPE_BITS)) return undefined;
  const format = typeof schema.format === 'string' && FORMATS.has(schema.format) ? schema.format : undefined;
  if (typeof schema.format === 'string' && format === undefined && schema.format in INT_RANGES) return undefined;
  const mask = types.reduce((m, t) => m | TYPE_BITS[t]!, 0);
  return format === undefined ? { mask } : { mask, format };
}

/** Ctx's method for one primitive type (perhaps or null) or one string format; validation-context.ts defines them. */
const TYPE_METHODS: Record<number, string> = { 1: 'str', 2: 'num', 4: 'int', 8: 'bool' };
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

function typedMethod(simple: { mask: number; format?: string }): { name: string; nullable: boolean } | undefined {
  const nullable = (simple.mask & TYPE_BITS.null!) !== 0;
  const type = nullable ? simple.mask & ~TYPE_BITS.null! : simple.mask;
  if (simple.format !== undefined) {
    return type === TYPE_BITS.string ? { name: FORMAT_METHODS[simple.format]!, nullable } : undefined;
  }
  const name = TYPE_METHODS[type];
  return name === undefined ? undefined : { name, nullable };
}

class Printer {
  /** TypeScript for the output; plain JavaScript when the generator runs the checks itself (verify). */
  constructor(private readonly typed: boolean) {}
  private counter = 0;
  private owner = '';
  /** Regular expressions are compiled once, at module load, not on every check. */
  readonly patterns: string[] = [];
  fresh(base: string): string {
    return `${base}${this.counter++}`;
  }

  /**
   * Statements that check value `x` (an identifier) at path expression `p` against `schema`.
   * A failed type, const or enum check ends this value's checks with `break` out of its own
   * labelled block, never with `return`, which would skip the sibling properties.
   */
  value(schema: Schema, x: string, p: string): string {
    const ref = refName(schema);
    if (ref !== undefined) return `${checkFunction(ref)}(${x}, ${p}, c);`;
    const label = this.fresh('L');
    const parts: string[] = [];
    const types = typesOf(schema);
    const known = types.filter((t) => TYPE_TESTS[t]);
    if (known.length > 0) {
      const test = known.map((t) => TYPE_TESTS[t]!(x)).join(' || ');
      const expected = literal(`expected ${known.join(' or ')}`);
      parts.push(`if (!(${test})) { c.issue(${p}, 'type', ${expected}, ${x}); break ${label}; }`);
    }
    if ('const' in schema) {
      parts.push(
        `if (!c.equals(${x}, ${literal(schema.const)})) { c.issue(${p}, 'const', ${literal(`expected ${JSON.stringify(schema.const)}`)}, ${x}); break ${label}; }`,
      );
    }
    if (Array.isArray(schema.enum)) {
      const values = schema.enum as unknown[];
      const test = values.every((v) => v === null || typeof v !== 'object')
        ? values.map((v) => `${x} === ${literal(v)}`).join(' || ')
        : values.map((v) => `c.equals(${x}, ${literal(v)})`).join(' || ');
      const list = values.map((v) => JSON.stringify(v)).join(', ');
      parts.push(`if (!(${test})) { c.issue(${p}, 'enum', ${literal(`expected one of ${list}`)}, ${x}); break ${label}; }`);
    }
    parts.push(...this.constraints(schema, x, p));
    const branches = (schema.anyOf ?? schema.oneOf) as Schema[] | undefined;
    if (Array.isArray(branches)) {
      const fns = branches.map((b) => {
        const y = this.fresh('y');
        const q = this.fresh('q');
        return this.typed ? `(${y}: unknown, ${q}: string, c: Ctx): void => { ${this.value(b, y, q)} }` : `(${y}, ${q}, c) => { ${this.value(b, y, q)} }`;
      });
      parts.push(`c.anyOf(${x}, ${p}, [${fns.join(', ')}]);`);
    }
    if (typeof schema.items === 'object' && schema.items !== null && !Array.isArray(schema.items)) {
      const i = this.fresh('i');
      const item = this.fresh('v');
      const ip = this.fresh('p');
      const inner = this.value(schema.items as Schema, item, ip);
      parts.push(
        `if (Array.isArray(${x})) { for (let ${i} = 0; ${i} < ${x}.length; ${i}++) { const ${item}${this.unknownType} = ${x}[${i}]; const ${ip} = ${p} + '[' + ${i} + ']'; ${inner} } }`,
      );
    }
    if (types.includes('object') || schema.additionalProperties !== undefined) {
      parts.push(this.mapValues(schema, x, p));
    }
    const body = parts.filter((s) => s !== '').join('\n');
    return body.includes(`break ${label};`) ? `${label}: {\n${body}\n}` : body;
  }

  private constraints(schema: Schema, x: string, p: string): string[] {
    const out: string[] = [];
    const num = (k: string) => (typeof schema[k] === 'number' ? (schema[k] as number) : undefined);
    const check = (cond: string, code: string, message: string) => out.push(`if (${cond}) c.issue(${p}, ${literal(code)}, ${literal(message)}, ${x});`);
    if (typeof schema.format === 'string' && FORMATS.has(schema.format)) {
      out.push(`if (typeof ${x} === 'string' && !matchesFormat(${literal(schema.format)}, ${x})) c.format(${p}, ${literal(schema.format)}, ${x});`);
    }
    const range = typeof schema.format === 'string' ? INT_RANGES[schema.format] : undefined;
    if (range) out.push(`if (typeof ${x} === 'number' && (${x} < ${range[0]} || ${x} > ${range[1]})) c.format(${p}, ${literal(schema.format)}, ${x});`);
    const [min, max, xmin, xmax, mult] = ['minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum', 'multipleOf'].map(num);
    if (min !== undefined) check(`typeof ${x} === 'number' && ${x} < ${min}`, 'minimum', `expected at least ${min}`);
    if (max !== undefined) check(`typeof ${x} === 'number' && ${x} > ${max}`, 'maximum', `expected at most ${max}`);
    if (xmin !== undefined) check(`typeof ${x} === 'number' && ${x} <= ${xmin}`, 'minimum', `expected more than ${xmin}`);
    if (xmax !== undefined) check(`typeof ${x} === 'number' && ${x} >= ${xmax}`, 'maximum', `expected less than ${xmax}`);
    if (mult !== undefined) check(`typeof ${x} === 'number' && !Number.isInteger(${x} / ${mult})`, 'multipleOf', `expected a multiple of ${mult}`);
    const [minLength, maxLength, minItems, maxItems] = ['minLength', 'maxLength', 'minItems', 'maxItems'].map(num);
    if (minLength !== undefined) check(`typeof ${x} === 'string' && [...${x}].length < ${minLength}`, 'minLength', `expected at least ${minLength} characters`);
    if (maxLength !== undefined) check(`typeof ${x} === 'string' && [...${x}].length > ${maxLength}`, 'maxLength', `expected at most ${maxLength} characters`);
    const flags = typeof schema.pattern === 'string' ? patternFlags(schema.pattern) : undefined;
    if (typeof schema.pattern === 'string' && flags !== undefined) {
      const constant = `PATTERN_${this.owner}_${this.counter++}`;
      this.patterns.push(`const ${constant} = new RegExp(${literal(schema.pattern)}, ${literal(flags)});`);
      check(`typeof ${x} === 'string' && !${constant}.test(${x})`, 'pattern', `expected to match ${schema.pattern}`);
    }
    if (minItems !== undefined) check(`Array.isArray(${x}) && ${x}.length < ${minItems}`, 'minItems', `expected at least ${minItems} items`);
    if (maxItems !== undefined) check(`Array.isArray(${x}) && ${x}.length > ${maxItems}`, 'maxItems', `expected at most ${maxItems} items`);
    return out;
  }

  /** A map (`additionalProperties` with a schema) or an open object: check each value. */
  private mapValues(schema: Schema, x: string, p: string): string {
    const extra = schema.additionalProperties;
    if (typeof extra !== 'object' || extra === null || Object.keys(extra).length === 0) return '';
    const k = this.fresh('k');
    const v = this.fresh('v');
    const inner = this.value(extra as Schema, v, `c.join(${p}, ${k})`);
    return `if (typeof ${x} === 'object' && ${x} !== null && !Array.isArray(${x})) { for (const ${k} in ${x}) { const ${v}${this.unknownType} = (${x}${this.asRecord})[${k}]; ${inner} } }`;
  }

  private get unknownType(): string {
    return this.typed ? ': unknown' : '';
  }

  private get asRecord(): string {
    return this.typed ? ' as Record<string, unknown>' : '';
  }

  /** The function that checks an object type with named properties. */
  objectFunction(named: NamedSchema): string {
    // Local names restart in every function, so adding a schema never renumbers another's code.
    this.counter = 0;
    this.owner = named.name;
    const schema = named.schema;
    const properties = (schema.properties ?? {}) as Record<string, Schema>;
    const required = new Set(Array.isArray(schema.required) ? (schema.required as string[]) : []);
    const lines: string[] = [
      this.typed ? `export function ${checkFunction(named.name)}(x: unknown, p: string, c: Ctx): void {` : `function ${checkFunction(named.name)}(x, p, c) {`,
    ];
    // Only an object with named properties is checked key by key; `type: object` alone is any object.
    if (typeof schema.properties !== 'object' || schema.properties === null) {
      lines.push(this.value(schema, 'x', 'p'), '}');
      return lines.join('\n');
    }
    lines.push(`if (typeof x !== 'object' || x === null || Array.isArray(x)) { c.issue(p, 'type', 'expected object', x); return; }`);
    lines.push(`const o = x${this.asRecord};`);
    for (const [key, prop] of Object.entries(properties)) {
      const v = this.fresh('v');
      const path = childPath('p', key);
      // A plain read is fastest; keys that Object.prototype also has (`constructor`, `__proto__`)
      // would read the prototype's value when absent, so only those pay for hasOwnProperty.
      const read = key in Object.prototype ? `Object.prototype.hasOwnProperty.call(o, ${literal(key)}) ? o[${literal(key)}] : undefined` : `o[${literal(key)}]`;
      const simple = primitiveCheck(prop);
      if (simple !== undefined) {
        // Most fields are a typed primitive: one helper call, not eight printed lines, keeps the
        // output small (and prettier fast). A method per type and per format (`c.str`, `c.uuid`)
        // where one fits, so the common case is one typeof test; the generic mask form otherwise.
        const method = typedMethod(simple);
        if (method !== undefined) {
          lines.push(`c.${method.name}(${read}, p, ${literal(key)}, ${required.has(key)}${method.nullable ? ', true' : ''});`);
          continue;
        }
        const format = simple.format === undefined ? '' : `, ${literal(simple.format)}`;
        lines.push(`c.prim(${read}, p, ${literal(key)}, ${simple.mask}, ${required.has(key)}${format});`);
        continue;
      }
      lines.push(`const ${v} = ${read};`);
      const missing = required.has(key) ? ` else c.issue(${path}, 'required', 'required property is missing', undefined);` : '';
      lines.push(`if (${v} !== undefined) { ${this.value(prop, v, path)} }${missing}`);
    }
    const extra = schema.additionalProperties;
    if (extra !== true && !(typeof extra === 'object' && extra !== null)) {
      const cases = Object.keys(properties)
        .map((k) => `case ${literal(k)}:`)
        .join(' ');
      lines.push(`for (const k in o) { switch (k) { ${cases} break; default: c.unknown(p, k, o[k]); } }`);
    } else if (typeof extra === 'object' && extra !== null && Object.keys(extra).length > 0) {
      const known =
        Object.keys(properties)
          .map((k) => `k === ${literal(k)}`)
          .join(' || ') || 'false';
      const v = this.fresh('v');
      lines.push(`for (const k in o) { if (${known}) continue; const ${v}${this.unknownType} = o[k]; ${this.value(extra as Schema, v, 'c.join(p, k)')} }`);
    }
    lines.push('}');
    return lines.join('\n');
  }
}

/** Every named schema's check function, in name order (functions are hoisted, so cycles are fine). */
export function printChecks(schemas: NamedSchema[], options: { typed: boolean } = { typed: true }): string {
  const printer = new Printer(options.typed);
  const functions = schemas.map((s) => printer.objectFunction(s)).join('\n\n');
  return [...printer.patterns, functions].join('\n\n');
}
