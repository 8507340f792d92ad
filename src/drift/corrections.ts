import { applyOverlays, normalizedPath, type OverlayAction } from '../load/overlay.js';
import { jsonType, mergeTypes, toSchema } from './infer.js';
import { nodeAt, typesOf, type Location, type Observations, type Seen } from './observe.js';

/**
 * The overlay actions that make each schema accept what the deliveries showed there, and change
 * nothing they did not contradict: a type widened, null allowed, enum values added (the type
 * they arrive in with them), a required key no longer required, a failing format dropped,
 * undeclared properties declared. Actions only add keys, append to lists or remove one entry,
 * so every Overlay tool applies them the same way. Sorted by where they apply: the same
 * recordings in any order give the same overlay.
 */

type Doc = Record<string, unknown>;
const isDoc = (v: unknown): v is Doc => typeof v === 'object' && v !== null && !Array.isArray(v);
const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
const quoteFilter = (text: string) => `'${text.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;

/** The actions for one schema, in a fixed order; or the types to wrap it with, where no type list can say what came. */
const structured = (t: string) => t === 'object' || t === 'array';
const isScalar = (v: unknown) => v === null || typeof v !== 'object';

/**
 * The types a schema must take on, from wrong types and from enum values that arrive in another
 * type: a widened `type`, or, where objects or arrays would share a type list with anything but
 * null (no TypeScript type says both), the types to wrap it with once its other corrections are made.
 */
function typeActions(at: string, schema: Doc, seen: Seen, outside: unknown[]): { actions: OverlayAction[]; wrapWith?: string[] } {
  const types = typesOf(schema);
  const arrived = new Set<string>(seen.types);
  for (const v of outside) if (v !== null) arrived.add(jsonType(v));
  const missing = [...arrived].filter((t) => !types.includes(t) && !(t === 'integer' && types.includes('number')));
  if (seen.null && types.length > 0 && !types.includes('null')) missing.push('null');
  if (missing.length === 0) return { actions: [] };
  const kinds = mergeTypes([...types, ...missing]).filter((t) => t !== 'null');
  // An enum without a type met an object or array: only a wrap says both.
  if (types.length === 0) return missing.some(structured) ? { actions: [], wrapWith: missing.filter(structured) } : { actions: [] };
  if (missing.some((t) => t !== 'null') && kinds.some(structured) && kinds.length > 1) return { actions: [], wrapWith: missing };
  const next = mergeTypes([...types, ...missing]);
  return { actions: [{ target: at, description: `accept ${missing.join(', ')} as delivered`, update: { type: next.length === 1 ? next[0] : next } }] };
}

/** Scalar values outside an enum (or besides a constant) are added to it; an object or array never is (the wrap takes it). */
function enumActions(at: string, schema: Doc, seen: Seen, outside: unknown[]): OverlayAction[] {
  const scalars = outside.filter(isScalar);
  const values = seen.null && !scalars.includes(null) && (Array.isArray(schema.enum) || 'const' in schema) ? [...scalars, null] : scalars;
  if (values.length === 0) return [];
  if ('const' in schema && !Array.isArray(schema.enum)) {
    return [
      { target: at, description: 'values delivered besides the constant', update: { enum: [schema.const, ...values] } },
      { target: `${at}['const']`, description: 'replaced by the enum', remove: true },
    ];
  }
  if (!Array.isArray(schema.enum)) return [];
  return values.map((v) => ({ target: `${at}['enum']`, description: `value ${JSON.stringify(v)} delivered`, update: v }));
}

/** The actions for one schema, in a fixed order; or the types to wrap it with, where no type list can say what came. */
function schemaActions(doc: Doc, seen: Seen): { actions: OverlayAction[]; wrapWith?: string[] } {
  const schema = nodeAt(doc, seen.location);
  if (!isDoc(schema)) return { actions: [] };
  const at = normalizedPath(seen.location);
  const outside = [...seen.outside.entries()].sort(([a], [b]) => byText(a, b)).map(([, v]) => v);
  const { actions, wrapWith } = typeActions(at, schema, seen, outside);
  actions.push(...enumActions(at, schema, seen, outside));
  if (seen.formatFailed) actions.push({ target: `${at}['format']`, description: `values delivered that are not ${String(schema.format)}`, remove: true });
  const required = Array.isArray(schema.required) ? (schema.required as unknown[]).filter((k): k is string => typeof k === 'string') : [];
  for (const key of [...required].sort(byText)) {
    if ((seen.present.get(key) ?? 0) < seen.objects) {
      actions.push({ target: `${at}['required'][?@ == ${quoteFilter(key)}]`, description: `${key} is missing from some deliveries`, remove: true });
    }
  }
  if (seen.undeclared.size > 0) {
    const properties: Doc = {};
    for (const key of [...seen.undeclared.keys()].sort(byText)) {
      Object.defineProperty(properties, key, { value: toSchema(seen.undeclared.get(key)!), enumerable: true, writable: true, configurable: true });
    }
    actions.push({ target: at, description: `declare ${Object.keys(properties).join(', ')} as delivered`, update: { properties } });
  }
  return wrapWith === undefined ? { actions } : { actions, wrapWith };
}

/** Replaces a schema by `anyOf` of itself and what arrived, in its parent: remove, then put back wrapped. */
function wrap(doc: Doc, location: Location, arrived: string[]): OverlayAction[] {
  const parent = location.slice(0, -1);
  const key = location.at(-1)!;
  const original = structuredClone(nodeAt(doc, location));
  const extra = mergeTypes(arrived).map((t) => ({ type: t }));
  const wrapped = { anyOf: [original, ...extra] };
  if (typeof key === 'number') {
    return [
      { target: normalizedPath(location), description: 'delivered as another kind of value', remove: true },
      { target: normalizedPath(parent), description: 'the schema, or what was delivered', update: wrapped },
    ];
  }
  return [
    { target: normalizedPath(location), description: 'delivered as another kind of value', remove: true },
    { target: normalizedPath(parent), description: 'the schema, or what was delivered', update: { [key]: wrapped } },
  ];
}

/** A `$ref` that arrived null becomes `anyOf: [the ref, null]`: the shared schema stays as it is. */
function nullRefActions(doc: Doc, location: Location): OverlayAction[] {
  const key = location.at(-1)!;
  const ref = structuredClone(nodeAt(doc, location));
  const parent = normalizedPath(location.slice(0, -1));
  const nullable = { anyOf: [ref, { type: 'null' }] };
  return [
    { target: normalizedPath(location), description: 'delivered as null', remove: true },
    typeof key === 'number'
      ? { target: parent, description: 'the reference, or null', update: nullable }
      : { target: parent, description: 'the reference, or null', update: { [key]: nullable } },
  ];
}

/**
 * Every schema's actions, by where they apply; then the replacements (a wrap, a nullable
 * reference), made from the document as the actions before them leave it, so none is lost.
 */
export function correctionActions(doc: Doc, observations: Observations): OverlayAction[] {
  const entries: Array<[string, OverlayAction[]]> = [];
  const wraps: Array<[Location, string[]]> = [];
  for (const seen of observations.schemas.values()) {
    const { actions, wrapWith } = schemaActions(doc, seen);
    if (actions.length > 0) entries.push([normalizedPath(seen.location), actions]);
    if (wrapWith !== undefined) wraps.push([seen.location, wrapWith]);
  }
  entries.sort(([a], [b]) => byText(a, b));
  const plain = entries.flatMap(([, actions]) => actions);
  // Deepest first, each made from the document as the actions before it leave it: a wrap
  // around a schema then holds the corrections made inside it.
  const current = structuredClone(doc);
  const apply = (actions: OverlayAction[]) =>
    applyOverlays(current, [{ shown: 'suggestion', text: '', document: { overlay: '1.0.0', info: { title: '', version: '' }, actions } }]);
  apply(plain);
  const pending: Array<[string, () => OverlayAction[]]> = [
    ...wraps.map(([location, types]): [string, () => OverlayAction[]] => [normalizedPath(location), () => wrap(current, location, types)]),
    ...[...observations.nullRefs.values()].map(({ location }): [string, () => OverlayAction[]] => [
      normalizedPath(location),
      () => nullRefActions(current, location),
    ]),
  ];
  pending.sort(([a], [b]) => byText(b, a));
  const replacements: OverlayAction[] = [];
  for (const [, make] of pending) {
    const actions = make();
    apply(actions);
    replacements.push(...actions);
  }
  return [...plain, ...replacements];
}
