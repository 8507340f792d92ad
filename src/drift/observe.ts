import { matchesFormat } from '../runtime/formats.js';
import { emptyShape, jsonType, observeShape, type JsonType, type Shape } from './infer.js';

/**
 * Every recorded payload walked beside the spec as written, noting at each schema what the
 * deliveries showed there. Schemas are keyed by where they are in the document (after `$ref`s),
 * so a schema that many events share collects what every one of them sent: the corrections are
 * made from all recordings at once, never from the last event to be read.
 */

export type Location = ReadonlyArray<string | number>;
type Doc = Record<string, unknown>;

/** What the deliveries showed at one schema of the document. */
export interface Seen {
  location: Location;
  /** JSON types seen that the schema's `type` does not allow (null apart). */
  types: Set<JsonType>;
  /** A null arrived where the schema does not allow one. */
  null: boolean;
  /** Values outside its `enum` (or `const`), by JSON text. */
  outside: Map<string, unknown>;
  /** A string failed its `format`. */
  formatFailed: boolean;
  /** Objects seen, and how many had each required key. */
  objects: number;
  present: Map<string, number>;
  /** Keys the schema does not declare, with the shape of what they held. */
  undeclared: Map<string, Shape>;
}

/** A `$ref`'d schema that arrived null: the reference is made nullable, not the shared schema. */
export interface SeenNullRef {
  location: Location;
}

export interface Observations {
  schemas: Map<string, Seen>;
  nullRefs: Map<string, SeenNullRef>;
  /** References the walk could not follow (to other files): named, never edited. */
  unreachable: Set<string>;
}

const isDoc = (v: unknown): v is Doc => typeof v === 'object' && v !== null && !Array.isArray(v);
const keyOf = (location: Location) => JSON.stringify(location);

export function emptyObservations(): Observations {
  return { schemas: new Map(), nullRefs: new Map(), unreachable: new Set() };
}

/** The node at a location of the document. */
export function nodeAt(doc: Doc, location: Location): unknown {
  let node: unknown = doc;
  for (const part of location) node = isDoc(node) || Array.isArray(node) ? (node as Record<string | number, unknown>)[part] : undefined;
  return node;
}

/**
 * Where a path through the document, as the parser reports it (through `$ref`s:
 * `channels./hook.publish.message.oneOf.0.payload`), is written: each reference on the way followed.
 */
export function writtenLocation(doc: Doc, path: readonly string[]): Location | undefined {
  let current: Location = [];
  for (const segment of path) {
    for (let hops = 0; hops < 50; hops++) {
      const node = nodeAt(doc, current);
      if (!isDoc(node) || typeof node.$ref !== 'string') break;
      const next = refLocation(node.$ref);
      if (next === undefined) return undefined;
      current = next;
    }
    const node = nodeAt(doc, current);
    current = [...current, Array.isArray(node) ? Number(segment) : segment];
  }
  return current;
}

function refLocation(ref: string): Location | undefined {
  if (!ref.startsWith('#/')) return undefined;
  return ref
    .slice(2)
    .split('/')
    .map((p) => decodeURIComponent(p).replace(/~1/g, '/').replace(/~0/g, '~'));
}

export const typesOf = (schema: Doc): string[] =>
  typeof schema.type === 'string' ? [schema.type] : Array.isArray(schema.type) ? (schema.type as string[]) : [];

export class Observer {
  readonly seen = emptyObservations();
  constructor(private readonly doc: Doc) {}

  private at(location: Location): Seen {
    const key = keyOf(location);
    let seen = this.seen.schemas.get(key);
    if (seen === undefined) {
      seen = { location, types: new Set(), null: false, outside: new Map(), formatFailed: false, objects: 0, present: new Map(), undeclared: new Map() };
      this.seen.schemas.set(key, seen);
    }
    return seen;
  }

  /** Follows `$ref`s from a location to the schema that holds the keywords; undefined where one leaves the document. */
  private resolve(location: Location): { location: Location; schema: Doc } | undefined {
    let current = location;
    for (let hops = 0; hops < 50; hops++) {
      const node = nodeAt(this.doc, current);
      if (!isDoc(node)) return undefined;
      if (typeof node.$ref !== 'string') return { location: current, schema: node };
      const next = refLocation(node.$ref);
      if (next === undefined) {
        this.seen.unreachable.add(node.$ref);
        return undefined;
      }
      current = next;
    }
    return undefined;
  }

  walk(location: Location, value: unknown): void {
    const written = nodeAt(this.doc, location);
    const target = this.resolve(location);
    if (target === undefined) return;
    const { schema } = target;
    if (value === null && isDoc(written) && typeof written.$ref === 'string' && !allowsNull(schema)) {
      this.seen.nullRefs.set(keyOf(location), { location });
      return;
    }
    if (Array.isArray(schema.allOf)) {
      this.walkAllOf(target.location, schema, value);
      return;
    }
    const union = Array.isArray(schema.oneOf) ? 'oneOf' : Array.isArray(schema.anyOf) ? 'anyOf' : undefined;
    if (union !== undefined) {
      const branch = this.branchFor(target.location, schema[union] as unknown[], union, value);
      if (branch !== undefined) this.walk(branch, value);
      else if (value !== null) this.at(target.location).types.add(jsonType(value));
      return;
    }
    this.check(target.location, schema, value);
  }

  /** The branch of a union the value belongs to: the first of its JSON type, for objects the one declaring most of its keys. */
  private branchFor(location: Location, branches: unknown[], union: string, value: unknown): Location | undefined {
    const type = jsonType(value);
    let best: { at: Location; score: number } | undefined;
    branches.forEach((_, i) => {
      const at = [...location, union, i];
      const resolved = this.resolve(at);
      if (resolved === undefined) return;
      const types = typesOf(resolved.schema);
      const fits = types.length === 0 || types.includes(type) || (type === 'integer' && types.includes('number'));
      if (!fits && !(type === 'object' && isDoc(resolved.schema.properties))) return;
      const props = isDoc(resolved.schema.properties) ? Object.keys(resolved.schema.properties) : [];
      const score = type === 'object' && isDoc(value) ? Object.keys(value).filter((k) => props.includes(k)).length : 0;
      if (best === undefined || score > best.score) best = { at, score };
    });
    return best?.at;
  }

  private walkAllOf(location: Location, schema: Doc, value: unknown): void {
    const parts = (schema.allOf as unknown[]).map((_, i) => [...location, 'allOf', i] as Location);
    if (!isDoc(value)) {
      for (const part of parts) this.walk(part, value);
      return;
    }
    const resolved = parts.map((p) => this.resolve(p)).filter((r): r is { location: Location; schema: Doc } => r !== undefined);
    const declares = (r: { schema: Doc }, key: string) => isDoc(r.schema.properties) && Object.prototype.hasOwnProperty.call(r.schema.properties, key);
    // New keys go to the last part that has properties: the one that reads as this schema's own.
    const holder = [...resolved].reverse().find((r) => isDoc(r.schema.properties)) ?? { location, schema };
    for (const r of resolved) this.objectChecks(r.location, r.schema, value, () => false);
    for (const [key, v] of Object.entries(value)) {
      // Every part that declares the key: the validators check the parts merged into one schema.
      const owners = resolved.filter((r) => declares(r, key));
      for (const owner of owners) this.walk([...owner.location, 'properties', key], v);
      if (owners.length === 0 && !resolved.some((r) => r.schema.additionalProperties === true || isDoc(r.schema.additionalProperties)))
        this.undeclared(holder.location, key, v);
    }
  }

  private undeclared(location: Location, key: string, value: unknown): void {
    const seen = this.at(location);
    let shape = seen.undeclared.get(key);
    if (shape === undefined) seen.undeclared.set(key, (shape = emptyShape()));
    observeShape(shape, value);
  }

  /** Counts which required keys each object had (`walkKeys` false: the caller walks the properties). */
  private objectChecks(location: Location, schema: Doc, value: Doc, walkKeys: () => boolean): void {
    const seen = this.at(location);
    seen.objects++;
    for (const key of Array.isArray(schema.required) ? (schema.required as unknown[]) : []) {
      if (typeof key === 'string' && Object.prototype.hasOwnProperty.call(value, key)) seen.present.set(key, (seen.present.get(key) ?? 0) + 1);
    }
    if (!walkKeys()) return;
    const properties = isDoc(schema.properties) ? schema.properties : undefined;
    const extra = schema.additionalProperties;
    for (const [key, v] of Object.entries(value)) {
      if (properties !== undefined && Object.prototype.hasOwnProperty.call(properties, key)) this.walk([...location, 'properties', key], v);
      else if (isDoc(extra)) this.walk([...location, 'additionalProperties'], v);
      else if (properties !== undefined && extra !== true) this.undeclared(location, key, v);
    }
  }

  private check(location: Location, schema: Doc, value: unknown): void {
    const type = jsonType(value);
    if (value === null) {
      if (!allowsNull(schema)) this.at(location).null = true;
      return;
    }
    const types = typesOf(schema);
    if (types.length > 0 && !types.includes(type) && !(type === 'integer' && types.includes('number'))) this.at(location).types.add(type);
    const allowed = Array.isArray(schema.enum) ? schema.enum : 'const' in schema ? [schema.const] : undefined;
    if (allowed !== undefined && !allowed.some((a) => JSON.stringify(a) === JSON.stringify(value))) this.at(location).outside.set(JSON.stringify(value), value);
    if (type === 'string' && typeof schema.format === 'string' && !matchesFormat(schema.format, value as string)) this.at(location).formatFailed = true;
    if (type === 'object') this.objectChecks(location, schema, value as Doc, () => true);
    if (type === 'array' && isDoc(schema.items)) (value as unknown[]).forEach((element) => this.walk([...location, 'items'], element));
  }
}

/** A schema that accepts null: `null` among its types (or `nullable`), or no type and null in its enum, or no constraint at all. */
export function allowsNull(schema: Doc): boolean {
  if (typesOf(schema).includes('null') || schema.nullable === true) return true;
  if (typesOf(schema).length > 0) return false;
  if (Array.isArray(schema.enum)) return schema.enum.includes(null);
  return !('const' in schema) && !isDoc(schema.properties);
}
