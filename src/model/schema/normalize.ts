import { GenError } from '../../errors.js';
import type { Schema } from '../types.js';
import { hasConst, type NormalizedSchema } from './normalized-schema.js';
import { mergeSchemas } from './merge.js';
import { patternFlags } from './patterns.js';
import { ANNOTATIONS, KEPT, suggestKeyword, UNENFORCED, type UnknownKeyword } from './keywords.js';

/**
 * Turns the parser's dereferenced payload schemas into plain draft-07 JSON Schema:
 * - a schema that has a component name becomes a definition, and its uses become `$ref`s to it;
 * - OpenAPI-style `nullable: true` becomes a type (or enum, or anyOf) that allows null;
 * - `allOf` is merged into one schema, so neither Modelina nor zod has to intersect;
 * - a one-value `enum` becomes `const`, the form every later step reads as a literal;
 * - extensions and keywords nothing downstream reads are dropped; dropped validation keywords
 *   are reported, never ignored silently.
 */

export const REF_PREFIX = '#/definitions/';

const ANONYMOUS = /^<anonymous-schema-\d+>$/;

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function refName(schema: Schema): string | undefined {
  const ref = schema.$ref;
  return typeof ref === 'string' && ref.startsWith(REF_PREFIX) ? ref.slice(REF_PREFIX.length) : undefined;
}

export class SchemaNormalizer {
  /** Normalized bodies of named schemas, keyed by their source name (the component key). */
  readonly definitions = new Map<string, NormalizedSchema>();
  readonly origins = new Map<string, string>();
  readonly notes: string[] = [];
  readonly unknownKeywords: UnknownKeyword[] = [];
  /** Fields whose allOf parts contradict each other, loosened to what either part allows (merge.ts). */
  readonly loosened: Array<{ text: string; where: string; at: string[] }> = [];
  private readonly namesOf = new Map<object, string>();
  private readonly pending = new Set<string>();
  private readonly inlineStack = new Set<object>();

  /** Normalizes a message payload and returns the source name of its definition. */
  payload(node: unknown, fallbackName: string, origin: string, at: string[] = []): string {
    if (!isObject(node)) {
      const name = this.uniqueName(fallbackName);
      this.definitions.set(name, node === false ? { not: {} } : {});
      this.origins.set(name, origin);
      return name;
    }
    const id = node['x-parser-schema-id'];
    const name = typeof id === 'string' && !ANONYMOUS.test(id) ? id : (this.namesOf.get(node) ?? this.uniqueName(fallbackName));
    this.define(node, name, origin, typeof id === 'string' && !ANONYMOUS.test(id) ? componentPath(id) : at);
    return name;
  }

  /**
   * A payload that is any of these named payloads: one event received for several messages that
   * share its identity (indistinct.ts). Returns the new definition's source name.
   */
  union(names: readonly string[], fallbackName: string, origin: string): string {
    const name = this.uniqueName(fallbackName);
    this.definitions.set(name, { anyOf: names.map((n) => ({ $ref: `${REF_PREFIX}${n}` })) });
    this.origins.set(name, origin);
    return name;
  }

  private uniqueName(base: string): string {
    let name = base;
    for (let n = 2; this.definitions.has(name) || this.pending.has(name); n++) name = `${base}${n}`;
    return name;
  }

  private define(node: Record<string, unknown>, name: string, origin: string, at: string[]): void {
    if (this.namesOf.has(node) || this.definitions.has(name)) return;
    this.namesOf.set(node, name);
    this.pending.add(name);
    this.origins.set(name, origin);
    this.definitions.set(name, this.body(node, name, at));
    this.pending.delete(name);
  }

  /** A schema at a use site: a `$ref` when it is named, else its normalized body inline. */
  normalize(node: unknown, where: string, at: string[] = []): NormalizedSchema {
    if (node === true || node === undefined) return {};
    if (node === false) return { not: {} };
    if (!isObject(node)) throw new GenError(`invalid schema at ${where}: expected an object, got ${JSON.stringify(node)}`);
    const id = node['x-parser-schema-id'];
    if (typeof id === 'string' && !ANONYMOUS.test(id)) {
      // Keyed by name, not object identity: the parser may hand us copies of one component.
      if (!this.definitions.has(id) && !this.pending.has(id)) this.define(node, id, `components.schemas.${id}`, componentPath(id));
      return { $ref: `${REF_PREFIX}${id}` };
    }
    if (this.inlineStack.has(node)) {
      throw new GenError(`recursive schema without a name at ${where}`, ['give the recursive schema a name under components.schemas']);
    }
    this.inlineStack.add(node);
    try {
      return this.body(node, where, at);
    } finally {
      this.inlineStack.delete(node);
    }
  }

  /** The normalized content of a schema object, whether named or inline. */
  private body(node: Record<string, unknown>, where: string, at: string[] = []): NormalizedSchema {
    // Kept keywords are copied as written: the parser checked their shapes (normalized-schema.ts).
    const out: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(node)) {
      if (key.startsWith('x-')) continue;
      if (UNENFORCED.has(key)) {
        this.notes.push(`${where}: keyword "${key}" is not enforced by the generated validators`);
        continue;
      }
      if (!KEPT.has(key)) {
        if (!ANNOTATIONS.has(key)) {
          const suggestion = suggestKeyword(key);
          this.unknownKeywords.push({ keyword: key, where, at: [...at, key], ...(suggestion !== undefined ? { suggestion } : {}) });
        }
        continue;
      }
      if (key === 'pattern' && (typeof value !== 'string' || patternFlags(value) === undefined)) {
        this.notes.push(`${where}: pattern ${JSON.stringify(value)} is not a valid regular expression and is not enforced`);
        continue;
      }
      out[key] = value;
    }
    if (isObject(node.properties)) {
      const properties: Record<string, NormalizedSchema> = {};
      for (const [key, value] of Object.entries(node.properties)) {
        const normalized = this.normalize(value, `${where}.${key}`, [...at, 'properties', key]);
        Object.defineProperty(properties, key, { value: normalized, enumerable: true, writable: true, configurable: true });
      }
      out.properties = properties;
    }
    if (node.items !== undefined) {
      out.items = Array.isArray(node.items)
        ? node.items.map((item, i) => this.normalize(item, `${where}[${i}]`, [...at, 'items', String(i)]))
        : this.normalize(node.items, `${where}[]`, [...at, 'items']);
    }
    if (isObject(node.additionalProperties))
      out.additionalProperties = this.normalize(node.additionalProperties, `${where}.*`, [...at, 'additionalProperties']);
    for (const key of ['anyOf', 'oneOf'] as const) {
      const list = node[key];
      if (Array.isArray(list)) out[key] = list.map((branch, i) => this.normalize(branch, `${where}.${key}[${i}]`, [...at, key, String(i)]));
    }
    let result = out as NormalizedSchema;
    if (Array.isArray(node.allOf)) {
      const parts = node.allOf.map((part, i) =>
        this.resolved(this.normalize(part, `${where}.allOf[${i}]`, [...at, 'allOf', String(i)]), `${where}.allOf[${i}]`),
      );
      const context = {
        resolve: (s: NormalizedSchema) => this.resolved(s, where),
        loosened: (field: string, text: string) => this.loosened.push({ text, where: field, at: [...at, 'allOf'] }),
      };
      result = parts.reduce((acc, part) => mergeSchemas(acc, part, where, context, isField(at)), out);
    }
    if (node.nullable === true) result = allowNull(result);
    return constFromSingleEnum(onlyNull(result, at));
  }

  /** The body behind a `$ref`, for merging; a ref to a schema still being built means an allOf cycle. */
  private resolved(schema: NormalizedSchema, where: string): NormalizedSchema {
    const name = refName(schema);
    if (name === undefined) return schema;
    const body = this.definitions.get(name);
    if (body === undefined || this.pending.has(name)) {
      throw new GenError(`allOf at ${where} includes ${name}, which includes itself`, ['allOf cycles cannot be merged into one type']);
    }
    return body;
  }
}

/** A schema written as a property, item or map value of another, not a payload or a named component. */
const isField = (at: string[]): boolean =>
  at[at.length - 2] === 'properties' || at[at.length - 1] === 'items' || at[at.length - 2] === 'items' || at[at.length - 1] === 'additionalProperties';

/** Where a named schema is written: its component (the parser names schemas after their key). */
const componentPath = (id: string): string[] => ['components', 'schemas', id];

function allowNull(schema: NormalizedSchema): NormalizedSchema {
  const out: NormalizedSchema = { ...schema };
  if (Array.isArray(out.enum) && !out.enum.includes(null)) out.enum = [...out.enum, null];
  if (hasConst(schema)) {
    out.enum = [schema.const, null];
    delete out.const;
  }
  if (typeof out.type === 'string') out.type = out.type === 'null' ? 'null' : [out.type, 'null'];
  else if (Array.isArray(out.type)) out.type = out.type.includes('null') ? out.type : [...out.type, 'null'];
  else if (!('enum' in out)) return { anyOf: [out, { type: 'null' }] };
  return out;
}

/**
 * `type: 'null'` alone, outside a union, is the constant null: Modelina reads the bare type as
 * `unknown` while zod reads it as `null`, so the two types would disagree; as a constant both say `null`.
 */
function onlyNull(schema: NormalizedSchema, at: string[]): NormalizedSchema {
  const branch = at[at.length - 2] === 'anyOf' || at[at.length - 2] === 'oneOf';
  const types = typeof schema.type === 'string' ? [schema.type] : Array.isArray(schema.type) ? schema.type : [];
  if (branch || types.length !== 1 || types[0] !== 'null' || 'enum' in schema || 'const' in schema) return schema;
  const { type: _type, ...rest } = schema;
  return { ...rest, const: null };
}

function constFromSingleEnum(schema: NormalizedSchema): NormalizedSchema {
  if (Array.isArray(schema.enum) && schema.enum.length === 1) {
    const { enum: values, ...rest } = schema;
    return { ...rest, const: values[0] };
  }
  return schema;
}
