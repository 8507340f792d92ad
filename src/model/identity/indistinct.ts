import { constantPaths, constOf, fieldTables } from './body.js';
import { pathKey } from './fields.js';
import { refName } from '../schema/normalize.js';
import { isAddress, type Candidate } from './candidate.js';

/**
 * Messages whose deliveries the spec makes identical: posted to the same address, with the same
 * payload schema and the same headers schema, and nothing else (no constant, name or header)
 * that tells them apart. No receiver can know which of them a delivery is (cloudflare's live
 * stream started and ended share one payload whose `status` enum does not say which value is
 * which), so they are received as one event, named after their shared payload schema, and the
 * generator says so. Tried only after every strategy failed on the messages as they are.
 */

export interface MergedGroup {
  /** The event's name: the payload schema's name (`LiveStreamEventPayload`). */
  name: string;
  /** Indices into the candidates, in input order; the first stands for the group. */
  members: number[];
  /** The members' payloads differ but their constant at `path` is one value: the event's payload is any of theirs. */
  union?: { path: string[]; value: string };
}

/**
 * Messages that differ but whose constant in the field that names every other event is one value
 * (two messages whose `type` is both "Bounce"): no receiver can tell them apart either, so each
 * such set is one event whose payload is any of theirs. Only where that field has at least two
 * values, so that it names events at all.
 */
export function sameValueGroups(candidates: Candidate[]): MergedGroup[] {
  const tables = fieldTables(candidates);
  for (const path of constantPaths(tables)) {
    const byValue = new Map<string, number[]>();
    candidates.forEach((_, i) => {
      const value = constOf(tables[i]!.get(pathKey(path))!);
      byValue.set(value, [...(byValue.get(value) ?? []), i]);
    });
    if (byValue.size < 2) continue;
    const groups = [...byValue]
      .filter(([, members]) => new Set(members.map((i) => `${candidates[i]!.messageName}\u0000${JSON.stringify(candidates[i]!.payload)}`)).size > 1)
      .map(([value, members]) => ({ name: value, members, union: { path, value } }));
    if (groups.length > 0) return groups;
  }
  return [];
}

/** A channel key that is not an address is posted to the one URL, like every other such key (endpoints.ts). */
const deliveryKey = (c: Candidate): string => JSON.stringify([isAddress(c.address) ? c.address : '/', c.payload, c.headers ?? null]);

/** Groups of two or more differently named messages whose deliveries are identical. */
export function indistinctGroups(candidates: Candidate[]): MergedGroup[] {
  const byKey = new Map<string, number[]>();
  candidates.forEach((c, i) => byKey.set(deliveryKey(c), [...(byKey.get(deliveryKey(c)) ?? []), i]));
  const groups: MergedGroup[] = [];
  for (const members of byKey.values()) {
    const names = new Set(members.map((i) => candidates[i]!.messageName));
    if (names.size < 2) continue;
    const first = candidates[members[0]!]!;
    groups.push({ name: refName(first.payload) ?? [...names].join(' or '), members });
  }
  return groups;
}

/**
 * The candidates with each group folded into its first member, which no longer carries a
 * member's own name (title, extension, channel name) that would speak for the others.
 */
export function fold(candidates: Candidate[], groups: MergedGroup[]): { folded: Candidate[]; index: number[] } {
  const leader = new Map<number, MergedGroup>();
  const dropped = new Set<number>();
  for (const g of groups) {
    leader.set(g.members[0]!, g);
    g.members.slice(1).forEach((i) => dropped.add(i));
  }
  const folded: Candidate[] = [];
  const index: number[] = [];
  const position = new Map<number, number>();
  candidates.forEach((c, i) => {
    if (dropped.has(i)) return;
    const g = leader.get(i);
    position.set(i, folded.length);
    folded.push(g ? { ...c, messageName: g.name, title: undefined, extension: undefined, ownChannel: false } : c);
  });
  // Each candidate's place in the folded list: a member's is its group's first.
  candidates.forEach((_, i) => {
    const g = groups.find((x) => x.members.includes(i));
    index.push(position.get(g ? g.members[0]! : i)!);
  });
  return { folded, index };
}
