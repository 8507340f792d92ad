import { EVERY } from '../../runtime/event-identity.js';
import { byConstants, fieldTables, namesAt, nameable, rank } from './body.js';
import type { Candidate } from './candidate.js';
import { declares, pathKey, showPath } from './fields.js';
import { clashes, summarize, type Outcome } from './outcome.js';

/**
 * Events told apart by body fields that differ between groups of messages, and that may sit in
 * an array's elements. One provider may send two families of notifications to the one URL: one
 * naming its event in a top-level `type`, the other in `items[].item.code` (the value every
 * element of the array holds). Each group has its own path; the first path present in a body
 * decides, so a message of a later group must not declare an earlier group's path.
 *
 * Paths are tried in rank order (preferred names, then shallower, with paths through arrays
 * after all others); each takes the messages not yet placed that declare it, if a constant in
 * each or a name (names.ts) gives every one of them a value. A message that no name fits is left
 * out where its message is named on another channel (body.ts namesAt). Every value must be unique
 * across all groups. Tried after the address given on purpose, before addresses that are only
 * channel keys.
 */

const throughArray = (path: readonly string[]) => path.includes(EVERY);
const byRank = (a: string[], b: string[]) => {
  const ka = `${throughArray(a) ? 1 : 0}${rank(a)}`;
  const kb = `${throughArray(b) ? 1 : 0}${rank(b)}`;
  return ka < kb ? -1 : ka > kb ? 1 : 0;
};

interface Group {
  path: string[];
  members: number[];
  outcome: Extract<Outcome, { ok: true }>;
}

type Tables = ReturnType<typeof fieldTables>;

/** Every nameable field path of any message, in rank order. */
function rankedPaths(tables: Tables): string[][] {
  const keys = new Map<string, string[]>();
  for (const table of tables) for (const field of table.values()) if (nameable(field)) keys.set(pathKey(field.path), field.path);
  return [...keys.values()].sort(byRank);
}

/** Each path in turn takes the messages not yet placed that declare it, where it names them all. */
function placeGroups(candidates: Candidate[], tables: Tables): { groups: Group[]; rest: number[]; tried: string[] } {
  const groups: Group[] = [];
  let rest = candidates.map((_, i) => i);
  const tried: string[] = [];
  for (const path of rankedPaths(tables)) {
    if (rest.length === 0) break;
    const members = rest.filter((i) => declares(candidates[i]!.payload, path, candidates[i]!.resolve));
    if (members.length === 0) continue;
    const sub = members.map((i) => candidates[i]!);
    const subTables = members.map((i) => tables[i]!);
    const constants = byConstants(sub, [path], subTables);
    const outcome = constants.ok ? constants : namesAt(sub, subTables, path, { anyField: false, leaveOut: true });
    if (!outcome.ok) {
      tried.push(`${showPath(path)}: ${outcome.why}`);
      continue;
    }
    groups.push({ path, members, outcome });
    rest = rest.filter((i) => !members.includes(i));
  }
  return { groups, rest, tried };
}

interface GroupValues {
  /** Per candidate, its value on its own group's path ('' on the others). */
  values: string[][];
  literal: boolean[];
  leftOut: Array<{ index: number; why: string }>;
}

/** The groups' outcomes, which index their own members, as values per candidate. */
function valuesByCandidate(candidates: Candidate[], groups: Group[]): GroupValues {
  const values: string[][] = candidates.map(() => groups.map(() => ''));
  const literal: boolean[] = candidates.map(() => false);
  const leftOut: Array<{ index: number; why: string }> = [];
  groups.forEach((g, k) => {
    const out = new Set((g.outcome.leftOut ?? []).map((l) => l.index));
    for (const l of g.outcome.leftOut ?? []) leftOut.push({ index: g.members[l.index]!, why: l.why });
    g.members.forEach((i, j) => {
      if (out.has(j)) return;
      values[i]![k] = g.outcome.values[j]![0]!;
      literal[i] = g.outcome.literal[j]!;
    });
  });
  return { values, literal, leftOut };
}

/** Values shared between the kept messages of different groups. */
function sharedValues(candidates: Candidate[], { values, leftOut }: GroupValues): string[] {
  const dropped = new Set(leftOut.map((l) => l.index));
  const kept = candidates.map((_, i) => i).filter((i) => !dropped.has(i));
  return clashes(
    kept.map((i) => candidates[i]!),
    kept.map((i) => [values[i]!.join('')]),
  );
}

function groupsOutcome(groups: Group[], { values, literal, leftOut }: GroupValues): Outcome {
  const parts = groups.map((g) => `${JSON.stringify(showPath(g.path))} (${g.outcome.how ?? 'a constant in each message'})`);
  return {
    ok: true,
    source: { kind: 'body', paths: groups.map((g) => g.path), ...(groups.length > 1 ? { groups: true } : {}) },
    values: groups.length > 1 ? values : values.map((v) => v.slice(0, 1)),
    literal,
    reason:
      groups.length > 1
        ? `body fields by group, the first present deciding: ${parts.join(', else ')}`
        : `body field ${parts[0]!}${throughArray(groups[0]!.path) ? ', every element of the array alike' : ''}`,
    ...(leftOut.length > 0 ? { leftOut: leftOut.sort((a, b) => a.index - b.index) } : {}),
  };
}

export function byGroups(candidates: Candidate[]): Outcome {
  const { groups, rest, tried } = placeGroups(candidates, fieldTables(candidates, true));
  if (rest.length > 0) {
    const unplaced = summarize(rest.map((i) => `message ${candidates[i]!.messageName} (channel ${candidates[i]!.channel})`));
    return { ok: false, why: `no body field names ${unplaced}${tried.length > 0 ? ` (${summarize(tried, 2)})` : ''}` };
  }
  // One group on a plain field is what body constants and names already tried.
  if (groups.length === 1 && !throughArray(groups[0]!.path) && groups[0]!.outcome.leftOut === undefined) {
    return { ok: false, why: 'one field for every message, which the body strategies above did not settle' };
  }
  const byCandidate = valuesByCandidate(candidates, groups);
  const problems = sharedValues(candidates, byCandidate);
  if (problems.length > 0) return { ok: false, why: `values shared between groups: ${summarize(problems)}` };
  return groupsOutcome(groups, byCandidate);
}
