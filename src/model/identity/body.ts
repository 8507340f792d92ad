import type { Candidate } from './candidate.js';
import { fieldsOf, pathKey, showPath, type Field } from './fields.js';
import { describeSource, enumValueFor, NAME_SOURCES, nameFrom, nameLike, standsFor, type NameSource } from './names.js';
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

export const byRank = (a: string[], b: string[]) => (rank(a) < rank(b) ? -1 : rank(a) > rank(b) ? 1 : 0);

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
    if (name !== undefined && !standsFor(name, value))
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
