import type { Candidate } from './candidate.js';
import { declares, pathKey, showPath, type Field } from './fields.js';
import { clashes, summarize, type Outcome } from './outcome.js';
import { byRank, fieldTables, stringConst } from './body.js';

/**
 * Events told apart by their shape rather than by a name: which scalar constants each message's
 * fields hold (a field a message leaves out counts as its own value), or which required
 * top-level key each message's payload has (`component` against `incident`).
 */

const scalarConst = (f: Field | undefined) => f !== undefined && f.info.kind === 'const' && ['string', 'number', 'boolean'].includes(typeof f.info.value);

/** A shape value for a field a message does not declare: JSON text is never empty. */
const ABSENT = '';

/**
 * The shape: fields with a constant of any scalar type (cloudflare's `readyToStream: true` /
 * `false`), one field or two together. A message may also be told apart by not declaring the
 * field at all, where every message that has a constant there requires it: its deliveries are
 * the ones without it. Tried only when no string constant, name or header does it; events keep
 * their message names.
 */
export function byShape(candidates: Candidate[]): Outcome {
  const tables = fieldTables(candidates);
  const keys = [...new Set(tables.flatMap((t) => [...t].filter(([, f]) => scalarConst(f)).map(([key]) => key)))];
  const usable = (key: string) => {
    const fields = tables.map((t) => t.get(key));
    if (fields.every((f) => scalarConst(f) && stringConst(f!))) return false; // body constants' case
    const absent = fields.map((f, i) => f === undefined && !declares(candidates[i]!.payload, key.split('\u0000'), candidates[i]!.resolve));
    // Absence tells a message apart only from messages that always carry the field.
    if (absent.some(Boolean) && !fields.every((f, i) => absent[i] || (scalarConst(f) && f!.required))) return false;
    return fields.every((f, i) => absent[i] || scalarConst(f));
  };
  const paths = keys
    .filter(usable)
    .map((key) => key.split('\u0000'))
    .sort(byRank);
  const sets = [...paths.map((p) => [p]), ...paths.flatMap((p, i) => paths.slice(i + 1).map((q) => [p, q]))];
  const tried: string[] = [];
  for (const set of sets) {
    const values = tables.map((t) =>
      set.map((p) => {
        const f = t.get(pathKey(p));
        return f === undefined ? ABSENT : JSON.stringify((f.info as { value: unknown }).value);
      }),
    );
    const problems = clashes(candidates, values);
    if (problems.length === 0) {
      const left = values.some((v) => v.includes(ABSENT));
      return {
        ok: true,
        source: { kind: 'shape', paths: set },
        values,
        literal: candidates.map(() => false),
        reason: `their shape: ${set.map((p) => JSON.stringify(showPath(p))).join(' + ')} (a constant in each message${left ? ', or left out' : ''})`,
      };
    }
    tried.push(`${set.map(showPath).join(' + ')}: ${summarize(problems, 1)}`);
  }
  return { ok: false, why: sets.length === 0 ? 'no field has a constant in every message' : summarize(tried, 2) };
}

/** The top-level keys a payload requires. */
function requiredKeys(c: Candidate): string[] {
  const schema = c.resolve(c.payload);
  return Array.isArray(schema.required) ? (schema.required as unknown[]).filter((k): k is string => typeof k === 'string') : [];
}

/**
 * Which required top-level key is present (`component` in one message, `incident` in another):
 * each message requires a key of its own that no other message declares, so a delivery is the
 * event whose key it carries. Tried after every rule that reads a value.
 */
export function byPresence(candidates: Candidate[]): Outcome {
  const message = (c: Candidate) => `${c.messageName}\u0000${JSON.stringify(c.payload)}`;
  const chosen = candidates.map((c) =>
    requiredKeys(c)
      .sort()
      .find((key) => candidates.every((o) => message(o) === message(c) || !declares(o.payload, [key], o.resolve))),
  );
  const lacking = candidates.filter((_, i) => chosen[i] === undefined);
  if (lacking.length > 0) {
    const names = [...new Set(lacking.map((c) => c.messageName))];
    const shown = `${names.slice(0, 3).join(', ')}${names.length > 3 ? ` and ${names.length - 3} more` : ''}`;
    return {
      ok: false,
      why: `${names.length === 1 ? 'message' : 'messages'} ${shown} ${names.length === 1 ? 'requires' : 'require'} no top-level key the others do not declare`,
    };
  }
  const keys = [...new Set(chosen as string[])].sort();
  if (keys.length < 2) return { ok: false, why: 'fewer than two messages require a key of their own' };
  const values = chosen.map((key) => keys.map((k) => (k === key ? '1' : '')));
  const problems = clashes(candidates, values);
  if (problems.length > 0) return { ok: false, why: summarize(problems) };
  return {
    ok: true,
    source: { kind: 'shape', paths: keys.map((k) => [k]), present: true },
    values,
    literal: candidates.map(() => false),
    reason: `which top-level key is present: ${keys.map((k) => JSON.stringify(k)).join(', ')} (a required key of each message's own)`,
  };
}
