/**
 * The schema every emitter, `verify` and `diff` read: what normalize.ts makes of a payload
 * schema. Plain draft-07 JSON Schema with the keywords of keywords.ts's KEPT list and nothing
 * else: `allOf` merged away, `nullable` made a type, a one-value `enum` made `const`, named
 * schemas reached through `$ref: '#/definitions/<name>'`, and `not: {}` for the schema `false`.
 *
 * The parser checks each keyword's shape against the JSON Schema meta-schema, and that check
 * stops generation unless `--lenient` turns it into a warning; so under `--lenient` a value can
 * still be of another shape than said here (normalize copies kept keywords as written). Readers
 * that met such values before keep their `typeof` and `Array.isArray` tests: those cost nothing
 * and keep the lenient output as it was.
 *
 * It is a type alias, not an interface, so it stays assignable to the loose `Schema` that code
 * reading schemas as written takes.
 */
export type NormalizedSchema = {
  /** `#/definitions/<name>`: the name is a definition's source name, or after names.ts a type name. */
  $ref?: string;
  type?: SchemaType | SchemaType[];
  /** Own properties only, and `__proto__` can be one: read with Object.entries or hasOwnProperty. */
  properties?: Record<string, NormalizedSchema>;
  required?: string[];
  /** Only an object: `false` and `true` are kept as written. */
  additionalProperties?: boolean | NormalizedSchema;
  /** An array of schemas is a tuple (draft-07 `items: [...]`), which no printer types item by item. */
  items?: NormalizedSchema | NormalizedSchema[];
  enum?: JsonValue[];
  const?: JsonValue;
  anyOf?: NormalizedSchema[];
  oneOf?: NormalizedSchema[];
  /** Only ever `{}`: the schema `false`, which no value matches. */
  not?: NormalizedSchema;
  format?: string;
  /** A valid ECMAScript pattern (patterns.ts decides, with or without `u`); an invalid one was dropped. */
  pattern?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  multipleOf?: number;
  minItems?: number;
  maxItems?: number;
  uniqueItems?: boolean;
  minProperties?: number;
  maxProperties?: number;
} & SchemaAnnotations;

/** A value as JSON has it: what the spec's `const`, `enum`, `default` and examples hold. */
export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

export type SchemaType = 'string' | 'number' | 'integer' | 'boolean' | 'object' | 'array' | 'null';

/** Keywords that only document: printed as comments or used as fixture values, never enforced. */
export type SchemaAnnotations = {
  title?: string;
  description?: string;
  default?: JsonValue;
  examples?: JsonValue[];
  /** OpenAPI's singular form, which specs still write. */
  example?: JsonValue;
  deprecated?: boolean;
  readOnly?: boolean;
  writeOnly?: boolean;
};

/** The keywords whose value is a number, read alike by every printer of bounds. */
export type NumericKeyword =
  | 'minLength'
  | 'maxLength'
  | 'minimum'
  | 'maximum'
  | 'exclusiveMinimum'
  | 'exclusiveMaximum'
  | 'multipleOf'
  | 'minItems'
  | 'maxItems'
  | 'minProperties'
  | 'maxProperties';

/**
 * The keyword's value is an object (a schema, or a `properties` map): not a tuple's list of
 * schemas, not `true` or `false`, not missing (nor, under `--lenient`, of another shape).
 */
export const isObjectValue = <T>(value: T): value is Exclude<T, readonly unknown[] | boolean | null | undefined> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** The schema says `const`, which may be `null`: tested with `in`, as a missing keyword is no value. */
export const hasConst = (schema: NormalizedSchema): schema is NormalizedSchema & { const: JsonValue } => 'const' in schema;
