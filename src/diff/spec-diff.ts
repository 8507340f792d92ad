import { refName } from '../model/schema/normalize.js';
import type { GenModel, Schema } from '../model/types.js';

/**
 * The changes between two versions of a spec that matter to receiving code, each classified.
 * Breaking means code written against the old spec may now see something it does not expect:
 * a value where it assumed none (optional, nullable), a type or enum value it does not handle,
 * a field it reads that is gone.
 */

export type ChangeKind =
  | 'event-added'
  | 'event-removed'
  | 'field-added'
  | 'field-removed'
  | 'became-required'
  | 'became-optional'
  | 'type-changed'
  | 'type-widened'
  | 'type-narrowed'
  | 'became-nullable'
  | 'no-longer-nullable'
  | 'enum-value-added'
  | 'enum-value-removed'
  | 'identity-changed';

export const BREAKING: ReadonlySet<ChangeKind> = new Set<ChangeKind>([
  'field-removed',
  'became-optional',
  'type-changed',
  'type-widened',
  'became-nullable',
  'enum-value-added',
  'identity-changed',
]);

export interface Change {
  kind: ChangeKind;
  breaking: boolean;
  event: string;
  /** JSON path of the field (`data.object.prompt`, `images[].url`); empty for event-level changes. */
  path: string;
  detail: string;
}

const typesOf = (s: Schema): string[] => {
  const t = typeof s.type === 'string' ? [s.type] : Array.isArray(s.type) ? (s.type as string[]) : [];
  const withNull = Array.isArray(s.enum) && s.enum.includes(null) ? [...t, 'null'] : t;
  return [...new Set(withNull)].sort();
};

function resolver(model: GenModel) {
  const byName = new Map(model.schemas.map((s) => [s.name, s.schema]));
  return (schema: Schema | undefined): Schema => {
    let current = schema ?? {};
    for (let name = refName(current), hops = 0; name !== undefined && hops < 50; name = refName(current), hops++) current = byName.get(name) ?? {};
    return current;
  };
}

type Resolve = (schema: Schema | undefined) => Schema;
type AddChange = (kind: ChangeKind, event: string, path: string, detail: string) => void;

/** One event's payloads being compared: pairs of schemas already compared are not compared again. */
interface Comparison {
  event: string;
  oldResolve: Resolve;
  newResolve: Resolve;
  seen: Set<string>;
  add: AddChange;
}

function compareTypes(cx: Comparison, a: Schema, b: Schema, path: string): void {
  const ta = typesOf(a).filter((t) => t !== 'null');
  const tb = typesOf(b).filter((t) => t !== 'null');
  const na = typesOf(a).includes('null');
  const nb = typesOf(b).includes('null');
  if (!na && nb) cx.add('became-nullable', cx.event, path, 'may now be null');
  if (na && !nb) cx.add('no-longer-nullable', cx.event, path, 'is no longer null');
  if (ta.length > 0 && tb.length > 0 && ta.join() !== tb.join()) {
    const widened = ta.every((t) => tb.includes(t) || (t === 'integer' && tb.includes('number')));
    const narrowed = tb.every((t) => ta.includes(t) || (t === 'integer' && ta.includes('number')));
    cx.add(widened ? 'type-widened' : narrowed ? 'type-narrowed' : 'type-changed', cx.event, path, `${ta.join(' | ')} -> ${tb.join(' | ')}`);
  }
}

/** A one-value enum was normalized to const: both are lists of allowed values here. */
const allowedValues = (s: Schema) => (Array.isArray(s.enum) ? (s.enum as unknown[]) : 'const' in s ? [s.const] : undefined)?.filter((v) => v !== null);

function compareEnums(cx: Comparison, a: Schema, b: Schema, path: string): void {
  const ea = allowedValues(a);
  const eb = allowedValues(b);
  if (!ea || !eb) return;
  for (const v of eb.filter((v) => !ea.some((w) => JSON.stringify(w) === JSON.stringify(v))))
    cx.add('enum-value-added', cx.event, path, `${JSON.stringify(v)} added`);
  for (const v of ea.filter((v) => !eb.some((w) => JSON.stringify(w) === JSON.stringify(v))))
    cx.add('enum-value-removed', cx.event, path, `${JSON.stringify(v)} removed`);
}

const has = (o: object, k: string) => Object.prototype.hasOwnProperty.call(o, k);
const requiredOf = (s: Schema) => new Set(Array.isArray(s.required) ? (s.required as string[]) : []);

function compareProperties(cx: Comparison, a: Schema, b: Schema, path: string): void {
  const pa = (a.properties ?? {}) as Record<string, Schema>;
  const pb = (b.properties ?? {}) as Record<string, Schema>;
  const ra = requiredOf(a);
  const rb = requiredOf(b);
  const child = (k: string) => (path === '' ? k : `${path}.${k}`);
  const keys = (from: Record<string, Schema>, test: (k: string) => boolean) => Object.keys(from).filter(test).sort();
  for (const k of keys(pa, (k) => !has(pb, k))) cx.add('field-removed', cx.event, child(k), ra.has(k) ? 'was required' : 'was optional');
  for (const k of keys(pb, (k) => !has(pa, k))) cx.add('field-added', cx.event, child(k), rb.has(k) ? 'required' : 'optional');
  for (const k of keys(pa, (k) => has(pb, k))) {
    if (!ra.has(k) && rb.has(k)) cx.add('became-required', cx.event, child(k), 'now always present');
    if (ra.has(k) && !rb.has(k)) cx.add('became-optional', cx.event, child(k), 'may now be absent');
    compareSchemas(cx, cx.oldResolve(pa[k]), cx.newResolve(pb[k]), child(k));
  }
}

function compareSchemas(cx: Comparison, a: Schema, b: Schema, path: string): void {
  const key = `${JSON.stringify(a)}|${JSON.stringify(b)}`;
  if (cx.seen.has(key)) return;
  cx.seen.add(key);
  compareTypes(cx, a, b, path);
  compareEnums(cx, a, b, path);
  compareProperties(cx, a, b, path);
  const ia = a.items && !Array.isArray(a.items) ? cx.oldResolve(a.items as Schema) : undefined;
  const ib = b.items && !Array.isArray(b.items) ? cx.newResolve(b.items as Schema) : undefined;
  if (ia && ib) compareSchemas(cx, ia, ib, `${path}[]`);
}

/** Events added and removed, and a change in where the name is read. */
function eventChanges(before: GenModel, after: GenModel, add: AddChange): void {
  const oldNames = new Set(before.events.map((e) => e.wireName));
  const newNames = new Set(after.events.map((e) => e.wireName));
  for (const name of [...oldNames].filter((n) => !newNames.has(n)).sort()) add('event-removed', name, '', 'no longer in the spec');
  for (const name of [...newNames].filter((n) => !oldNames.has(n)).sort()) add('event-added', name, '', 'new in the spec');
  // Where the name is read decides which handler a delivery reaches: a change there moves every event.
  if (JSON.stringify(before.identity.source) !== JSON.stringify(after.identity.source)) {
    add('identity-changed', '*', '', `told apart by ${before.identity.reason} -> by ${after.identity.reason}`);
  }
}

export function diffModels(before: GenModel, after: GenModel): Change[] {
  const changes: Change[] = [];
  const add: AddChange = (kind, event, path, detail) => changes.push({ kind, breaking: BREAKING.has(kind), event, path, detail });
  eventChanges(before, after, add);
  const oldResolve = resolver(before);
  const newResolve = resolver(after);
  const newEvents = new Map(after.events.map((e) => [e.wireName, e]));
  for (const oldEvent of [...before.events].sort((x, y) => (x.wireName < y.wireName ? -1 : 1))) {
    const newEvent = newEvents.get(oldEvent.wireName);
    if (!newEvent) continue;
    const cx: Comparison = { event: oldEvent.wireName, oldResolve, newResolve, seen: new Set(), add };
    compareSchemas(cx, oldResolve({ $ref: `#/definitions/${oldEvent.payloadType}` }), newResolve({ $ref: `#/definitions/${newEvent.payloadType}` }), '');
  }
  return changes;
}
