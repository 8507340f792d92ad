import { GenError } from '../../errors.js';
import { assignIdentifiers, typeName, typeNamePart } from '../../codegen/identifiers.js';
import { REF_PREFIX, refName } from './normalize.js';
import type { NamedSchema } from '../types.js';
import { isObjectValue, type NormalizedSchema } from './normalized-schema.js';

/**
 * Gives every object and enum type a name taken from the spec: component schemas keep their
 * component name; an inline object or enum is named after its parent and property
 * (`ImageGenerationCompleteEnvelope` + `data` → `ImageGenerationCompleteEnvelopeData`), so a name
 * depends only on where the schema sits, never on how many others came before it.
 */

/** Inline schemas that deserve a type of their own. Maps and open objects stay inline. */
function deservesName(schema: NormalizedSchema): boolean {
  if (schema.$ref !== undefined) return false;
  if (isObjectValue(schema.properties) && Object.keys(schema.properties).length > 0) return true;
  return Array.isArray(schema.enum) && schema.enum.filter((v) => v !== null).length >= 2;
}

export function nameSchemas(definitions: ReadonlyMap<string, NormalizedSchema>, origins: ReadonlyMap<string, string>): NamedSchema[] {
  const sources = [...definitions.keys()].sort();
  const namer = new Namer(assignIdentifiers(sources, typeName, 'Schema'));
  const named = sources.map((source) => ({ name: namer.names.get(source)!, origin: origins.get(source) ?? source, schema: definitions.get(source)! }));
  // Every definition claims its name first, so a hoisted inline type can never take it.
  for (const { name, origin } of named) namer.claim(name, origin);
  for (const { name, origin, schema } of named) namer.define(name, origin, schema);
  return namer.all();
}

/** The named schemas made so far, and the names claimed, which must stay unique. */
class Namer {
  private readonly out = new Map<string, NamedSchema>();
  private readonly originOf = new Map<string, string>();

  /** `names`: the type name of each definition's source name. */
  constructor(readonly names: ReadonlyMap<string, string>) {}

  claim(name: string, origin: string): void {
    const previous = this.originOf.get(name);
    if (previous !== undefined) {
      throw new GenError(`two schemas would both be named ${name}`, [
        `${previous}`,
        `${origin}`,
        'name one of them under components.schemas to tell them apart',
      ]);
    }
    this.originOf.set(name, origin);
  }

  /** Adds a named schema (its name already claimed), its own inline types hoisted after it. */
  define(name: string, origin: string, schema: NormalizedSchema): void {
    const entry: NamedSchema = { name, origin, schema: {} };
    this.out.set(name, entry);
    entry.schema = this.rewrite(schema, name, origin, true);
  }

  all(): NamedSchema[] {
    return [...this.out.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }

  /** Rewrites refs to type names and hoists inline types; `top` is the named schema itself. */
  private rewrite(schema: NormalizedSchema, owner: string, origin: string, top: boolean): NormalizedSchema {
    const source = refName(schema);
    if (source !== undefined) return { ...schema, $ref: `${REF_PREFIX}${this.names.get(source) ?? source}` };
    if (!top && deservesName(schema)) {
      this.claim(owner, origin);
      this.define(owner, origin, schema);
      return { $ref: `${REF_PREFIX}${owner}` };
    }
    const result: NormalizedSchema = { ...schema };
    if (isObjectValue(schema.properties)) {
      const properties: Record<string, NormalizedSchema> = {};
      for (const [key, value] of Object.entries(schema.properties)) {
        const child = this.rewrite(value, `${owner}${typeNamePart(key) || 'Unnamed'}`, `${origin}.${key}`, false);
        Object.defineProperty(properties, key, { value: child, enumerable: true, writable: true, configurable: true });
      }
      result.properties = properties;
    }
    if (isObjectValue(schema.items)) result.items = this.rewrite(schema.items, `${owner}Item`, `${origin}[]`, false);
    if (Array.isArray(schema.items)) {
      result.items = schema.items.map((item, i) => this.rewrite(item, `${owner}Item${i + 1}`, `${origin}[${i}]`, false));
    }
    if (isObjectValue(schema.additionalProperties)) {
      result.additionalProperties = this.rewrite(schema.additionalProperties, `${owner}Value`, `${origin}.*`, false);
    }
    for (const key of ['anyOf', 'oneOf'] as const) {
      const list = schema[key];
      if (Array.isArray(list)) result[key] = list.map((branch, i) => this.rewrite(branch, `${owner}Option${i + 1}`, `${origin}.${key}[${i}]`, false));
    }
    return result;
  }
}
