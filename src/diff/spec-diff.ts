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

export function diffModels(before: GenModel, after: GenModel): Change[] {
  const changes: Change[] = [];
  const add = (kind: ChangeKind, event: string, path: string, detail: string) => changes.push({ kind, breaking: BREAKING.has(kind), event, path, detail });
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

  const compare = (event: string, a: Schema, b: Schema, path: string, seen: Set<string>) => {
    const key = `${JSON.stringify(a)}|${JSON.stringify(b)}`;
    if (seen.has(key)) return;
    seen.add(key);
    const ta = typesOf(a).filter((t) => t !== 'null');
    const tb = typesOf(b).filter((t) => t !== 'null');
    const na = typesOf(a).includes('null');
    const nb = typesOf(b).includes('null');
    if (!na && nb) add('became-nullable', event, path, 'may now be null');
    if (na && !nb) add('no-longer-nullable', event, path, 'is no longer null');
    if (ta.length > 0 && tb.length > 0 && ta.join() !== tb.join()) {
      const widened = ta.every((t) => tb.includes(t) || (t === 'integer' && tb.includes('number')));
      const narrowed = tb.every((t) => ta.includes(t) || (t === 'integer' && ta.includes('number')));
      add(widened ? 'type-widened' : narrowed ? 'type-narrowed' : 'type-changed', event, path, `${ta.join(' | ')} -> ${tb.join(' | ')}`);
    }
    // A one-value enum was normalized to const: both are lists of allowed values here.
    const values = (s: Schema) => (Array.isArray(s.enum) ? (s.enum as unknown[]) : 'const' in s ? [s.const] : undefined)?.filter((v) => v !== null);
    const ea = values(a);
    const eb = values(b);
    if (ea && eb) {
      for (const v of eb.filter((v) => !ea.some((w) => JSON.stringify(w) === JSON.stringify(v))))
        add('enum-value-added', event, path, `${JSON.stringify(v)} added`);
      for (const v of ea.filter((v) => !eb.some((w) => JSON.stringify(w) === JSON.stringify(v))))
        add('enum-value-removed', event, path, `${JSON.stringify(v)} removed`);
    }
    const pa = (a.properties ?? {}) as Record<string, Schema>;
    const pb = (b.properties ?? {}) as Record<string, Schema>;
    const ra = new Set(Array.isArray(a.required) ? (a.required as string[]) : []);
    const rb = new Set(Array.isArray(b.required) ? (b.required as string[]) : []);
    const child = (k: string) => (path === '' ? k : `${path}.${k}`);
    const has = (o: object, k: string) => Object.prototype.hasOwnProperty.call(o, k);
    for (const k of Object.keys(pa)
      .filter((k) => !has(pb, k))
      .sort())
      add('field-removed', event, child(k), ra.has(k) ? 'was required' : 'was optional');
    for (const k of Object.keys(pb)
      .filter((k) => !has(pa, k))
      .sort())
      add('field-added', event, child(k), rb.has(k) ? 'required' : 'optional');
    for (const k of Object.keys(pa)
      .filter((k) => has(pb, k))
      .sort()) {
      if (!ra.has(k) && rb.has(k)) add('became-required', event, child(k), 'now always present');
      if (ra.has(k) && !rb.has(k)) add('became-optional', event, child(k), 'may now be absent');
      compare(event, oldResolve(pa[k]), newResolve(pb[k]), child(k), seen);
    }
    const ia = a.items && !Array.isArray(a.items) ? oldResolve(a.items as Schema) : undefined;
    const ib = b.items && !Array.isArray(b.items) ? newResolve(b.items as Schema) : undefined;
    if (ia && ib) compare(event, ia, ib, `${path}[]`, seen);
  };
  for (const [name, oldEvent] of [...oldEvents].sort(([x], [y]) => (x < y ? -1 : 1))) {
    const newEvent = newEvents.get(name);
    if (!newEvent) continue;
    compare(name, oldResolve({ $ref: `#/definitions/${oldEvent.payloadType}` }), newResolve({ $ref: `#/definitions/${newEvent.payloadType}` }), '', new Set());
  }
  return changes;
}
