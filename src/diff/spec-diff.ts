import { refName } from '../model/schema/normalize.js';
import type { GenModel, NormalizedSchema } from '../model/types.js';
import { hasConst } from '../model/schema/normalized-schema.js';

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

const typesOf = (s: NormalizedSchema): string[] => {
  const t = typeof s.type === 'string' ? [s.type] : Array.isArray(s.type) ? s.type : [];
  const withNull = Array.isArray(s.enum) && s.enum.includes(null) ? [...t, 'null'] : t;
  return [...new Set(withNull)].sort();
};

function resolver(model: GenModel) {
  const byName = new Map(model.schemas.map((s) => [s.name, s.schema]));
  return (schema: NormalizedSchema | undefined): NormalizedSchema => {
    let current = schema ?? {};
    for (let name = refName(current), hops = 0; name !== undefined && hops < 50; name = refName(current), hops++) current = byName.get(name) ?? {};
    return current;
  };
}

type Add = (kind: ChangeKind, event: string, path: string, detail: string) => void;
type Resolve = (schema: NormalizedSchema | undefined) => NormalizedSchema;

/** A one-value enum was normalized to const: both are lists of allowed values here. */
const valuesOf = (s: NormalizedSchema) => (Array.isArray(s.enum) ? s.enum : hasConst(s) ? [s.const] : undefined)?.filter((v) => v !== null);
const sameValue = (v: unknown, w: unknown) => JSON.stringify(w) === JSON.stringify(v);
const has = (o: object, k: string) => Object.prototype.hasOwnProperty.call(o, k);

/** Compares one event's payload schema, old against new, field by field. */
class SchemaDiff {
  private readonly seen = new Set<string>();

  constructor(
    private readonly event: string,
    private readonly add: Add,
    private readonly oldResolve: Resolve,
    private readonly newResolve: Resolve,
  ) {}

  compare(a: NormalizedSchema, b: NormalizedSchema, path: string): void {
    const key = `${JSON.stringify(a)}|${JSON.stringify(b)}`;
    if (this.seen.has(key)) return;
    this.seen.add(key);
    this.types(a, b, path);
    this.values(a, b, path);
    this.fields(a, b, path);
    const ia = a.items && !Array.isArray(a.items) ? this.oldResolve(a.items) : undefined;
    const ib = b.items && !Array.isArray(b.items) ? this.newResolve(b.items) : undefined;
    if (ia && ib) this.compare(ia, ib, `${path}[]`);
  }

  private types(a: NormalizedSchema, b: NormalizedSchema, path: string): void {
    const ta = typesOf(a).filter((t) => t !== 'null');
    const tb = typesOf(b).filter((t) => t !== 'null');
    const na = typesOf(a).includes('null');
    const nb = typesOf(b).includes('null');
    if (!na && nb) this.add('became-nullable', this.event, path, 'may now be null');
    if (na && !nb) this.add('no-longer-nullable', this.event, path, 'is no longer null');
    if (ta.length > 0 && tb.length > 0 && ta.join() !== tb.join()) {
      const widened = ta.every((t) => tb.includes(t) || (t === 'integer' && tb.includes('number')));
      const narrowed = tb.every((t) => ta.includes(t) || (t === 'integer' && ta.includes('number')));
      this.add(widened ? 'type-widened' : narrowed ? 'type-narrowed' : 'type-changed', this.event, path, `${ta.join(' | ')} -> ${tb.join(' | ')}`);
    }
  }

  private values(a: NormalizedSchema, b: NormalizedSchema, path: string): void {
    const ea = valuesOf(a);
    const eb = valuesOf(b);
    if (!ea || !eb) return;
    for (const v of eb.filter((v) => !ea.some((w) => sameValue(v, w)))) this.add('enum-value-added', this.event, path, `${JSON.stringify(v)} added`);
    for (const v of ea.filter((v) => !eb.some((w) => sameValue(v, w)))) this.add('enum-value-removed', this.event, path, `${JSON.stringify(v)} removed`);
  }

  private fields(a: NormalizedSchema, b: NormalizedSchema, path: string): void {
    const pa = a.properties ?? {};
    const pb = b.properties ?? {};
    const ra = new Set(Array.isArray(a.required) ? a.required : []);
    const rb = new Set(Array.isArray(b.required) ? b.required : []);
    const child = (k: string) => (path === '' ? k : `${path}.${k}`);
    for (const k of Object.keys(pa)
      .filter((k) => !has(pb, k))
      .sort())
      this.add('field-removed', this.event, child(k), ra.has(k) ? 'was required' : 'was optional');
    for (const k of Object.keys(pb)
      .filter((k) => !has(pa, k))
      .sort())
      this.add('field-added', this.event, child(k), rb.has(k) ? 'required' : 'optional');
    for (const k of Object.keys(pa)
      .filter((k) => has(pb, k))
      .sort()) {
      if (!ra.has(k) && rb.has(k)) this.add('became-required', this.event, child(k), 'now always present');
      if (ra.has(k) && !rb.has(k)) this.add('became-optional', this.event, child(k), 'may now be absent');
      this.compare(this.oldResolve(pa[k]), this.newResolve(pb[k]), child(k));
    }
  }
}

export function diffModels(before: GenModel, after: GenModel): Change[] {
  const changes: Change[] = [];
  const add: Add = (kind, event, path, detail) => changes.push({ kind, breaking: BREAKING.has(kind), event, path, detail });
  const oldResolve = resolver(before);
  const newResolve = resolver(after);
  const oldEvents = new Map(before.events.map((e) => [e.wireName, e]));
  const newEvents = new Map(after.events.map((e) => [e.wireName, e]));
  for (const name of [...oldEvents.keys()].filter((n) => !newEvents.has(n)).sort()) add('event-removed', name, '', 'no longer in the spec');
  for (const name of [...newEvents.keys()].filter((n) => !oldEvents.has(n)).sort()) add('event-added', name, '', 'new in the spec');
  // Where the name is read decides which handler a delivery reaches: a change there moves every event.
  if (JSON.stringify(before.identity.source) !== JSON.stringify(after.identity.source)) {
    add('identity-changed', '*', '', `told apart by ${before.identity.reason} -> by ${after.identity.reason}`);
  }
  for (const [name, oldEvent] of [...oldEvents].sort(([x], [y]) => (x < y ? -1 : 1))) {
    const newEvent = newEvents.get(name);
    if (!newEvent) continue;
    const diff = new SchemaDiff(name, add, oldResolve, newResolve);
    diff.compare(oldResolve({ $ref: `#/definitions/${oldEvent.payloadType}` }), newResolve({ $ref: `#/definitions/${newEvent.payloadType}` }), '');
  }
  return changes;
}
