import type { Candidate } from './candidate.js';
import { declares, fieldsOf, pathKey, showPath, type Field } from './fields.js';
import { describeSource, enumValueFor, NAME_SOURCES, nameFrom, nameLike, names, type NameSource } from './names.js';
import { clashes, summarize, type Outcome } from './outcome.js';

/**
 * Events told apart by body fields. First by constants: one field (any depth) with a distinct
 * string constant in every message, else two fields whose constants together are distinct
 * (`webhook_type` + `webhook_code`). Then by names: a field that is a plain string or an enum,
 * whose value is each message's name as the spec states it elsewhere (names.ts).
 */

/** Field names tried first, then shallower paths, then alphabetical order. */
const PREFERRED = ['type', 'event_type', 'eventType', 'event', 'kind', 'topic'];
/** A plain-string field can carry a name taken from elsewhere only if it is called like one. */
const NAME_FIELD = /type|event|topic|kind/i;

export function rank(path: string[]): string {
  const last = path[path.length - 1]!;
  const preferred = PREFERRED.indexOf(last);
  return `${preferred < 0 ? 9 : preferred}${path.length}${showPath(path)}`;
}

const byRank = (a: string[], b: string[]) => (rank(a) < rank(b) ? -1 : rank(a) > rank(b) ? 1 : 0);

export function fieldTables(candidates: Candidate[], withArrays = false): Array<Map<string, Field>> {
  return candidates.map((c) => new Map(fieldsOf(c.payload, c.resolve, withArrays).map((f) => [pathKey(f.path), f])));
}

/** Paths every candidate has, in preference order. */
function commonPaths(tables: Array<Map<string, Field>>, keep: (fields: Field[]) => boolean): string[][] {
  const first = tables[0];
  if (!first) return [];
  const out: string[][] = [];
  for (const [key, field] of first) {
    const fields = tables.map((t) => t.get(key));
    if (fields.every((f): f is Field => f !== undefined) && keep(fields)) out.push(field.path);
  }
  return out.sort(byRank);
}

/** Paths where every candidate has a string constant, in preference order. */
export const constantPaths = (tables: Array<Map<string, Field>>): string[][] => commonPaths(tables, (fields) => fields.every(stringConst));

export const stringConst = (f: Field) => f.info.kind === 'const' && typeof f.info.value === 'string';
export const constOf = (f: Field) => (f.info as { value: string }).value;

export function byConstants(candidates: Candidate[], only?: string[][], tables = fieldTables(candidates)): Outcome {
  const paths = only ?? commonPaths(tables, (fields) => fields.every(stringConst));
  const tried: string[] = [];
  const attempt = (set: string[][]): Outcome | undefined => {
    const fields = tables.map((t) => set.map((p) => t.get(pathKey(p))));
    const lacking = candidates.filter((_, i) => !fields[i]!.every((f) => f !== undefined && stringConst(f)));
    if (lacking.length > 0) {
      tried.push(`${set.map(showPath).join(' + ')}: ${summarize(lacking.map((c) => `message ${c.messageName} has no string constant there`))}`);
      return undefined;
    }
    const values = fields.map((fs) => fs.map((f) => constOf(f!)));
    const problems = clashes(candidates, values);
    if (problems.length > 0) {
      tried.push(`${set.map(showPath).join(' + ')}: ${summarize(problems)}`);
      return undefined;
    }
    return {
      ok: true,
      source: { kind: 'body', paths: set },
      values,
      literal: candidates.map(() => false),
      how: 'a constant in each message',
      // A field with a constant in each message is the common case, said as it always was: `"type"`.
      reason:
        set.length === 1 && set[0]!.length === 1
          ? JSON.stringify(set[0]![0])
          : `${set.length === 1 ? 'body field' : 'body fields'} ${set.map((p) => JSON.stringify(showPath(p))).join(' + ')} (a constant in each message)`,
    };
  };
  if (only) return attempt(only) ?? { ok: false, why: tried.join('; ') };
  for (const path of paths) {
    const found = attempt([path]);
    if (found) return found;
  }
  // Two fields are read in the order the first message's schema has them (`webhook_type`, `webhook_code`).
  const order = [...(tables[0]?.keys() ?? [])];
  const position = (p: string[]) => order.indexOf(pathKey(p));
  for (let i = 0; i < paths.length; i++) {
    for (let j = i + 1; j < paths.length; j++) {
      const found = attempt([paths[i]!, paths[j]!].sort((a, b) => position(a) - position(b)));
      if (found) return found;
    }
  }
  return { ok: false, why: paths.length === 0 ? 'no field has a string constant in every message' : summarize(tried) };
}

/** The value a field has for a candidate when named from `source`, or why not. */
function namedValue(field: Field, c: Candidate, source: NameSource, anyField: boolean): string | { problem: string } {
  const name = nameFrom(source, c);
  if (field.info.kind === 'const') {
    const value = field.info.value;
    if (typeof value !== 'string') return { problem: `message ${c.messageName} has a non-string constant there` };
    // A constant is the spec's own word: a name that disagrees with it means this source is wrong.
    if (name !== undefined && !names(name, value))
      return { problem: `message ${c.messageName}: ${describeSource(source)} ${JSON.stringify(name)} differs from its constant ${JSON.stringify(value)}` };
    return value;
  }
  if (name === undefined) return { problem: `message ${c.messageName} has no ${describeSource(source)}` };
  if (field.info.kind === 'enum')
    return enumValueFor(name, field.info.values) ?? { problem: `${JSON.stringify(name)} is not in the enum of message ${c.messageName}` };
  if (!anyField && field.path.length > 1) return { problem: 'a nested plain string is not read as a name' };
  return nameLike(name) ? name : { problem: `${describeSource(source)} ${JSON.stringify(name)} of message ${c.messageName} is not a name` };
}

/** An example payload whose value at the path differs from the derived one disproves the source. */
function contradicted(c: Candidate, path: string[], value: string): boolean {
  return c.examples.some((e) => {
    let node: unknown = e.payload;
    for (const key of path) node = typeof node === 'object' && node !== null ? (node as Record<string, unknown>)[key] : undefined;
    return typeof node === 'string' && node !== value;
  });
}

export function byNames(candidates: Candidate[], only?: string[]): Outcome {
  // A path the user gives may go through an array.
  const tables = fieldTables(candidates, only !== undefined);
  const paths = only
    ? [only]
    : commonPaths(tables, (fields) => {
        const path = fields[0]!.path;
        return fields.some((f) => f.info.kind !== 'const') && (fields.some((f) => f.info.kind === 'enum') || NAME_FIELD.test(path[path.length - 1]!));
      });
  const tried: string[] = [];
  for (const path of paths) {
    const found = namesAt(candidates, tables, path, { anyField: only !== undefined, leaveOut: false });
    if (found.ok) return found;
    tried.push(found.why);
  }
  return {
    ok: false,
    why: paths.length === 0 ? 'no plain-string or enum field called like an event name (type, event, topic, kind) in every message' : summarize(tried, 2),
  };
}

/** A field may name events if it could hold a name: a constant, an enum, or a top-level plain string called like one. */
export const nameable = (f: Field): boolean =>
  f.info.kind === 'const' || f.info.kind === 'enum' || (f.path.length === 1 && NAME_FIELD.test(f.path[0]!) && f.info.kind === 'string');

/**
 * The candidates named at one path, from the first name source that names them all. With
 * `leaveOut`, a candidate no name fits is left out where its message is named on another channel
 * (the message stays received; a channel whose name its enum does not hold adds nothing a
 * receiver could tell), as long as fewer are left out than kept.
 */
export function namesAt(
  candidates: Candidate[],
  tables: Array<Map<string, Field>>,
  path: string[],
  options: { anyField: boolean; leaveOut: boolean; sources?: readonly NameSource[] },
): Outcome {
  const tried: string[] = [];
  for (const source of options.sources ?? NAME_SOURCES) {
    const values: string[][] = [];
    const failed = new Map<number, string>();
    candidates.forEach((c, i) => {
      const field = tables[i]!.get(pathKey(path));
      const value = field === undefined ? { problem: `message ${c.messageName} has no field there` } : namedValue(field, c, source, options.anyField);
      if (typeof value !== 'string') failed.set(i, value.problem);
      else if (contradicted(c, path, value)) failed.set(i, `an example of message ${c.messageName} has another value`);
      values.push([typeof value === 'string' ? value : '']);
    });
    const message = (c: Candidate) => `${c.messageName}\u0000${JSON.stringify(c.payload)}`;
    const namedMessages = new Set(candidates.filter((_, i) => !failed.has(i)).map(message));
    const leaving =
      options.leaveOut &&
      failed.size > 0 &&
      failed.size < candidates.length - failed.size &&
      [...failed.keys()].every((i) => namedMessages.has(message(candidates[i]!)));
    const problems = leaving ? [] : [...failed.values()];
    const kept = candidates.map((_, i) => i).filter((i) => !leaving || !failed.has(i));
    if (problems.length === 0)
      problems.push(
        ...clashes(
          kept.map((i) => candidates[i]!),
          kept.map((i) => values[i]!),
        ),
      );
    if (problems.length > 0) {
      tried.push(`${showPath(path)} from ${describeSource(source)}: ${summarize(problems, 1)}`);
      continue;
    }
    const shared = new Set(candidates.map((c) => JSON.stringify(c.payload))).size < candidates.length;
    return {
      ok: true,
      source: { kind: 'body', paths: [path] },
      values,
      literal: candidates.map((_, i) => shared || tables[i]!.get(pathKey(path))?.info.kind !== 'const'),
      reason: `body field ${JSON.stringify(showPath(path))} (named by ${describeSource(source)})`,
      how: `named by ${describeSource(source)}`,
      ...(leaving ? { leftOut: [...failed].map(([index, why]) => ({ index, why })) } : {}),
    };
  }
  return { ok: false, why: summarize(tried, 2) };
}

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
