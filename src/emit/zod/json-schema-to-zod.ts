import { jsonSchemaToZod, type JsonSchemaObject } from 'json-schema-to-zod';
import { literal } from '../../codegen/escape.js';
import { objectLiteralKey } from '../../codegen/identifiers.js';
import { refName } from '../../model/schema/normalize.js';
import type { NormalizedSchema } from '../../model/types.js';
import { decodeKeysInCode, printerInput, type PrinterSchema } from '../printer-input.js';

/**
 * The one module that uses json-schema-to-zod, so it can be replaced: the package is unmaintained,
 * resolves no `$ref`, turns `oneOf` into an untyped `z.any().superRefine`, drops a `__proto__`
 * property and prints `.default()` (which would invent data). So it gets normalized schemas with
 * keys encoded and annotations dropped (printer-input.ts) and the strict-mode meaning already
 * applied, and we take over refs, formats and empty schemas.
 */

export interface ZodContext {
  /** The constant holding a named schema's zod schema. */
  schemaConstant(name: string): string;
  /** True when the reference points to a schema not declared yet (a cycle): it must be lazy. */
  isForward(name: string): boolean;
  /** The expression that checks a format, or undefined for formats we do not check. */
  formatCheck(format: string): string | undefined;
  /** A shared schema for a plain string in a checked format, or undefined to print it in place. */
  formattedString(format: string): string | undefined;
}

/**
 * Strict meaning, applied to each node before printing: an object with named properties that
 * does not say otherwise allows no unknown property; `oneOf` is read as `anyOf` (the generated
 * validators accept a value that matches any branch); a reference is the reference alone.
 */
function strict(node: PrinterSchema, source: NormalizedSchema): PrinterSchema {
  if (refName(source) !== undefined) return { $ref: source.$ref };
  const out: PrinterSchema = {};
  for (const [keyword, value] of Object.entries(node)) out[keyword === 'oneOf' ? 'anyOf' : keyword] = value;
  // `type: object` beside the branches would print as `z.record(...).and(...)`, a different type
  // from Modelina's plain union; the branches say it already.
  if (Array.isArray(out.anyOf) && out.properties === undefined && out.type === 'object') delete out.type;
  // An object with named properties is closed; one with none (`type: object` alone) is any object.
  if (out.properties !== undefined && source.additionalProperties === undefined) out.additionalProperties = false;
  // Beside named properties, the model types other fields `unknown` (models.ts: a typed index
  // signature would clash with an optional property where exactOptionalPropertyTypes is off),
  // so zod infers the same while it still checks them against the spec's schema.
  if (typeof source.additionalProperties === 'object' && source.additionalProperties !== null && out.properties !== undefined)
    out.additionalProperties = { [UNKNOWN_TYPED]: out.additionalProperties };
  return out;
}

/** Marks a schema printed as itself but typed `unknown` (see strict). */
const UNKNOWN_TYPED = '__lwg_unknown_typed';

function override(ctx: ZodContext) {
  const self = (node: JsonSchemaObject): string | void => {
    const typedUnknown: JsonSchemaObject | undefined = node[UNKNOWN_TYPED];
    if (typedUnknown !== undefined) return `typed<unknown>(${print(typedUnknown, self)})`;
    const name = refName(node);
    if (name !== undefined) {
      const constant = ctx.schemaConstant(name);
      return ctx.isForward(name) ? `z.lazy(() => ${constant})` : constant;
    }
    if (Object.keys(node).length === 0) return 'z.unknown()';
    if (typeof node.format === 'string') {
      const { format, ...rest } = node;
      const check = ctx.formatCheck(format);
      const inner = print(rest, self);
      if (check === undefined) return inner;
      // Most formatted fields are a plain string: one shared schema each, not the refine again.
      return (
        (inner === 'z.string()' ? ctx.formattedString(format) : undefined) ?? `${inner}.refine(${check}, { message: ${literal(`expected format ${format}`)} })`
      );
    }
    return undefined;
  };
  return self;
}

function print(schema: JsonSchemaObject, parserOverride: (node: JsonSchemaObject) => string | void): string {
  const printed = jsonSchemaToZod(schema, {
    module: 'none',
    zodVersion: 4,
    withoutDefaults: true,
    withoutDescribes: true,
    parserOverride,
  });
  return decodeKeysInCode(exactOptional(printed), objectLiteralKey);
}

/**
 * json-schema-to-zod marks a property that is not required `.optional()`, which zod infers as
 * `key?: T | undefined`; the model says `key?: T`, and under exactOptionalPropertyTypes (on in
 * `tsc --init` since TypeScript 5.9) those differ. `.exactOptional()` infers `key?: T`. JSON has
 * no `undefined`, so what either accepts from a parsed body is the same. String literals (every
 * one printed by JSON.stringify, or our own single-quoted ones) are skipped, so spec text that
 * happens to read `.optional()` is never touched.
 */
export function exactOptional(code: string): string {
  let out = '';
  let i = 0;
  while (i < code.length) {
    const ch = code[i]!;
    if (ch === '"' || ch === "'") {
      let j = i + 1;
      while (j < code.length && code[j] !== ch) j += code[j] === '\\' ? 2 : 1;
      out += code.slice(i, j + 1);
      i = j + 1;
    } else if (code.startsWith('.optional()', i)) {
      out += '.exactOptional()';
      i += '.optional()'.length;
    } else {
      out += ch;
      i++;
    }
  }
  return out;
}

/** The zod expression for a normalized schema, with strict-mode meaning. */
export function zodExpression(schema: NormalizedSchema, ctx: ZodContext): string {
  return print(printerInput(schema, strict), override(ctx));
}
