import { literal } from './escape.js';
import { objectLiteralKey, quotedObjectKey } from './identifiers.js';

/**
 * Lists and data printed as TypeScript expressions for templates, every string through `literal`,
 * so a template prints one value where it used to join a list by hand. The output goes through
 * prettier: these print on one line, and prettier lays them out.
 */

/** `["a", "b"]`: an array of strings. */
export const stringArray = (values: readonly string[]): string => `[${values.map(literal).join(', ')}]`;

/** `"a" | "b"`: a union of string literal types. */
export const literalUnion = (values: readonly string[]): string => values.map(literal).join(' | ');

/** `{ "key": "value", ... }`: a record of strings, every key quoted (`__proto__` computed). */
export const stringRecord = (entries: ReadonlyArray<readonly [string, string]>): string =>
  `{ ${entries.map(([key, value]) => `${quotedObjectKey(key)}: ${literal(value)}`).join(', ')} }`;

/**
 * Data (strings, numbers, booleans, null, arrays, plain objects) as an expression; the top-level
 * properties named in `constants` print as those expressions instead (tables declared beside it).
 */
export function dataLiteral(value: unknown, constants: Readonly<Record<string, string>> = {}): string {
  if (Array.isArray(value)) return `[${value.map((item) => dataLiteral(item)).join(', ')}]`;
  if (typeof value !== 'object' || value === null) return literal(value);
  const properties = Object.entries(value).map(
    ([key, item]) => `${objectLiteralKey(key)}: ${Object.hasOwn(constants, key) ? constants[key] : dataLiteral(item)}`,
  );
  return properties.length === 0 ? '{}' : `{ ${properties.join(', ')} }`;
}
