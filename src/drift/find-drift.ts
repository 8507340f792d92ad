import type { GenModel } from '../model/types.js';
import { identityRule } from '../model/identity/rule.js';
import { identify } from '../runtime/event-identity.js';
import { Ctx } from '../runtime/validation-context.js';
import { compileChecks } from './compiled-checks.js';
import { jsonType } from './infer.js';
import type { Payload } from './payloads.js';

/**
 * Checks captured payloads against the spec in strict mode and sums up how reality differs from
 * it: unknown events, unknown fields, type mismatches, unexpected nulls, missing required fields,
 * format mismatches. Paths are aggregated with array indexes folded (`images[].url`).
 */

export type DriftKind = 'unknown-event' | 'unknown-field' | 'type-mismatch' | 'unexpected-null' | 'missing-required' | 'format-mismatch';
export const DRIFT_KINDS: readonly DriftKind[] = ['unknown-event', 'unknown-field', 'type-mismatch', 'unexpected-null', 'missing-required', 'format-mismatch'];

export interface PayloadResult {
  source: string;
  event: string | null;
  status: 'valid' | 'drift' | 'unknown-event' | 'unrecognized';
  issues: Array<{ path: string; code: string; message: string }>;
}

export interface DriftEntry {
  kind: DriftKind;
  /** The event, for field-level kinds; the unknown name for unknown events. */
  event: string;
  /** Aggregated path (`data.object.images[].url`); empty for unknown events. */
  path: string;
  count: number;
  /** What the spec says (type, format), where that applies. */
  expected?: string;
  /** The JSON types seen, sorted. */
  seen: string[];
  /** One value seen, for unknown fields (secrets are not special-cased: run verify on your own data). */
  example?: unknown;
}

export interface DriftReport {
  payloads: PayloadResult[];
  drift: DriftEntry[];
}

/** The value at a reported path (`a.b[0]["c d"]`), to describe what was seen there. */
export function valueAt(body: unknown, pathText: string): unknown {
  let node = body;
  for (const m of pathText.matchAll(/([A-Za-z_$][\w$]*)|\[(\d+)\]|\[("(?:[^"\\]|\\.)*")\]/g)) {
    const key = m[1] ?? (m[2] !== undefined ? Number(m[2]) : (JSON.parse(m[3]!) as string));
    if (node === null || typeof node !== 'object') return undefined;
    node = Object.prototype.hasOwnProperty.call(node, key) ? (node as Record<string | number, unknown>)[key] : undefined;
  }
  return node;
}

const fold = (p: string) => p.replace(/\[\d+\]/g, '[]');

export function findDrift(model: GenModel, payloads: Payload[]): DriftReport {
  const checks = compileChecks(model);
  const results: PayloadResult[] = [];
  const drift = new Map<string, DriftEntry>();
  const note = (entry: Omit<DriftEntry, 'count' | 'seen'>, seen: string | undefined) => {
    const key = `${entry.kind}\u0000${entry.event}\u0000${entry.path}`;
    const current = drift.get(key) ?? { ...entry, count: 0, seen: [] };
    current.count++;
    if (seen !== undefined && !current.seen.includes(seen)) current.seen = [...current.seen, seen].sort();
    drift.set(key, current);
  };

  const rule = identityRule(model);
  for (const { source, body, headers } of payloads) {
    // The model's one rule, as the receiver runs it; a recording brings the headers it arrived with.
    const identified = identify(rule, { body, headers });
    if (identified.kind === 'unrecognized') {
      results.push({ source, event: null, status: 'unrecognized', issues: identified.issues.map((i) => ({ ...i })) });
      continue;
    }
    if (identified.kind === 'unknown-event') {
      const name = identified.unknownEvent;
      results.push({ source, event: name, status: 'unknown-event', issues: [] });
      note({ kind: 'unknown-event', event: name, path: '' }, undefined);
      continue;
    }
    const name = identified.name;
    const event = model.events.find((e) => e.wireName === name)!;
    const c = new Ctx(true);
    checks.get(event.payloadType)!(body, '', c);
    results.push({
      source,
      event: name,
      status: c.issues.length === 0 ? 'valid' : 'drift',
      issues: c.issues.map(({ path, code, message }) => ({ path, code, message })),
    });
    for (const issue of c.issues) {
      const value = valueAt(body, issue.path);
      const path = fold(issue.path);
      const expected = /^expected (?:format )?(.*?)(?:, got .*)?$/.exec(issue.message)?.[1];
      if (issue.code === 'unknown-property') note({ kind: 'unknown-field', event: name, path, example: value }, jsonType(value));
      else if (issue.code === 'required') note({ kind: 'missing-required', event: name, path }, undefined);
      else if (issue.code === 'format') note({ kind: 'format-mismatch', event: name, path, ...(expected ? { expected } : {}) }, jsonType(value));
      else if (value === null) note({ kind: 'unexpected-null', event: name, path, ...(expected ? { expected } : {}) }, 'null');
      else note({ kind: 'type-mismatch', event: name, path, ...(expected ? { expected } : {}) }, jsonType(value));
    }
  }
  const order = (d: DriftEntry) => `${DRIFT_KINDS.indexOf(d.kind)}\u0000${d.event}\u0000${d.path}`;
  return { payloads: results, drift: [...drift.values()].sort((a, b) => (order(a) < order(b) ? -1 : 1)) };
}
