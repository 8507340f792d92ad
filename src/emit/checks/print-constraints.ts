import { singleQuoted as q } from '../../codegen/escape.js';
import { call, ifThen, type Line } from '../../codegen/layout.js';
import { patternFlags } from '../../model/schema/patterns.js';
import type { NormalizedSchema, NumericKeyword } from '../../model/types.js';
import { FORMATS, INT_RANGES, issue, stmt } from './check-kinds.js';

/** What the constraint checks need from the printer that holds them. */
export interface ConstraintHost {
  /** A number as prettier prints it (the printer notes one it cannot be sure of). */
  num(value: number): string;
  /** The name of a module-level constant holding the compiled pattern. */
  patternConstant(pattern: string, flags: string): string;
}

/**
 * The checks of a value's keywords beyond its type: formats, integer ranges, numeric bounds,
 * lengths, patterns and item counts. Each is a test that only applies to a value of the right
 * type, so a wrong type reports one issue (the type's), not one per keyword.
 */
export function constraintChecks(host: ConstraintHost, schema: NormalizedSchema, x: string, p: string): Line[] {
  const out: Line[] = [];
  const num = (k: NumericKeyword) => {
    const bound = schema[k];
    return typeof bound === 'number' ? host.num(bound) : undefined;
  };
  const check = (cond: string, code: string, message: string) => out.push(stmt(ifThen(cond, issue(p, q(code), q(message), x))));
  if (typeof schema.format === 'string' && FORMATS.has(schema.format)) {
    const format = q(schema.format);
    out.push(stmt(ifThen(`typeof ${x} === 'string' && !matchesFormat(${format}, ${x})`, call('c.format', [p, format, x]))));
  }
  const range = typeof schema.format === 'string' ? INT_RANGES[schema.format] : undefined;
  if (range && typeof schema.format === 'string') {
    const outside = `typeof ${x} === 'number' && (${x} < ${range[0]} || ${x} > ${range[1]})`;
    out.push(stmt(ifThen(outside, call('c.format', [p, q(schema.format), x]))));
  }
  const [min, max, xmin, xmax, mult] = (['minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum', 'multipleOf'] as const).map(num);
  if (min !== undefined) check(`typeof ${x} === 'number' && ${x} < ${min}`, 'minimum', `expected at least ${min}`);
  if (max !== undefined) check(`typeof ${x} === 'number' && ${x} > ${max}`, 'maximum', `expected at most ${max}`);
  if (xmin !== undefined) check(`typeof ${x} === 'number' && ${x} <= ${xmin}`, 'minimum', `expected more than ${xmin}`);
  if (xmax !== undefined) check(`typeof ${x} === 'number' && ${x} >= ${xmax}`, 'maximum', `expected less than ${xmax}`);
  if (mult !== undefined) check(`typeof ${x} === 'number' && !Number.isInteger(${x} / ${mult})`, 'multipleOf', `expected a multiple of ${mult}`);
  const [minLength, maxLength, minItems, maxItems] = (['minLength', 'maxLength', 'minItems', 'maxItems'] as const).map(num);
  if (minLength !== undefined) check(`typeof ${x} === 'string' && [...${x}].length < ${minLength}`, 'minLength', `expected at least ${minLength} characters`);
  if (maxLength !== undefined) check(`typeof ${x} === 'string' && [...${x}].length > ${maxLength}`, 'maxLength', `expected at most ${maxLength} characters`);
  const flags = typeof schema.pattern === 'string' ? patternFlags(schema.pattern) : undefined;
  if (typeof schema.pattern === 'string' && flags !== undefined) {
    const constant = host.patternConstant(schema.pattern, flags);
    check(`typeof ${x} === 'string' && !${constant}.test(${x})`, 'pattern', `expected to match ${schema.pattern}`);
  }
  if (minItems !== undefined) check(`Array.isArray(${x}) && ${x}.length < ${minItems}`, 'minItems', `expected at least ${minItems} items`);
  if (maxItems !== undefined) check(`Array.isArray(${x}) && ${x}.length > ${maxItems}`, 'maxItems', `expected at most ${maxItems} items`);
  return out;
}
