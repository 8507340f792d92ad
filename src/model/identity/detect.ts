import { GenError } from '../../errors.js';
import type { EventIdentity } from '../types.js';
import { byChannel, byGivenAddress } from './address.js';
import { byConstants, byNames, fieldTables } from './body.js';
import { byPresence, byShape } from './shape.js';
import type { Candidate } from './candidate.js';
import { parseDiscriminator } from './forced.js';
import { fold, indistinctGroups, sameValueGroups, type MergedGroup } from './indistinct.js';
import { byGroups } from './groups.js';
import { byDeclaredHeader, byHeader } from './header.js';
import { summarize, type Outcome, type ReadNote } from './outcome.js';
import { byProse } from './prose.js';
import { likeliest } from './likeliest.js';

/**
 * Finds how a spec's events are told apart, trying in this order (README: "How events are told
 * apart"):
 * 1. what the user said: `--discriminator`, else the spec's `x-webhook-discriminator`;
 * 2. body constants: one field, at any depth, with a distinct constant in each message, else two;
 * 3. body names: a plain-string or enum field holding each message's name (extension, channel
 *    name, title or message name);
 * 4. a header, by constants or by names the spec shows;
 * 5. the address given on purpose: each channel has its own request path (or URL) and one message;
 * 5b. the prose: a description that says which field or header names the event (prose.ts);
 * 6. body groups: fields that may sit in an array's elements (`items[].code`), one per group of
 *    messages, the first present deciding (groups.ts); a channel no name fits may be left out;
 * 7. the channel: each carries one message, its key not an address (MQTT topics), nor an event
 *    name posted to one URL (address.ts eventNameKeys);
 * 8. the shape: fields with a constant of any scalar type in every message (`readyToStream`),
 *    or left out of the one message that does not declare them;
 * 8b. a header of any name with a constant in each message's headers;
 * 8c. which required top-level key is present, each message's own (`component`, `incident`);
 * a single event needs none of these.
 * The first that names every message distinctly wins. If none does, messages whose deliveries
 * are identical (same address, payload and headers schemas) are folded into one event each, and
 * the strategies that do not read one message's own name are tried again (indistinct.ts); if that
 * does not settle it, messages whose constant in the field naming the others is one value are
 * one event whose payload is any of theirs (indistinct.ts sameValueGroups); if that does not
 * settle it either, the error names the likeliest rules and the flag for each, and, with
 * --verbose, what each strategy lacked.
 */

export interface Detected {
  identity: EventIdentity;
  /** Per candidate, in input order. */
  values: string[][];
  literal: boolean[];
  /** Messages received as one event because nothing tells them apart (indistinct.ts); empty as a rule. */
  merged: MergedGroup[];
  /** Candidates left out because no name fits them (groups.ts), with why; empty as a rule. */
  leftOut: Array<{ index: number; why: string }>;
  /** Rules read from prose or from a header in the wrong place: a warning each. */
  read: ReadNote[];
}

export interface Discriminator {
  text: string;
  /** `--discriminator` or `x-webhook-discriminator`, for messages. */
  where: string;
}

function done(outcome: Extract<Outcome, { ok: true }>, candidates: Candidate[], prefix = ''): Detected {
  return {
    identity: { source: outcome.source, reason: `${prefix}${outcome.reason}` },
    values: outcome.values,
    literal: outcome.literal,
    merged: [],
    leftOut: outcome.leftOut ?? [],
    read: [...(outcome.read ?? []), ...misplaced(outcome, candidates)],
  };
}

/** A header the rule reads that the spec declares under an operation's or channel's bindings. */
function misplaced(outcome: Extract<Outcome, { ok: true }>, candidates: Candidate[]): ReadNote[] {
  if (outcome.source.kind !== 'header') return [];
  const name = outcome.source.name;
  const where = candidates.map((c) => c.misplacedHeaders.get(name.toLowerCase())).find((w) => w !== undefined);
  if (where === undefined) return [];
  return [
    {
      what: `header ${name} is read from ${where.join('.')}, where AsyncAPI declares no headers: declare it in each message's \`headers\``,
      at: where,
    },
  ];
}

function forcedOutcome(candidates: Candidate[], discriminator: Discriminator): Detected {
  const forced = parseDiscriminator(discriminator.text, discriminator.where);
  let outcome: Outcome;
  if (forced.kind === 'header') outcome = byHeader(candidates, forced.name);
  else {
    outcome = byConstants(candidates, forced.paths, fieldTables(candidates, true));
    if (!outcome.ok && forced.paths.length === 1) {
      const named = byNames(candidates, forced.paths[0]);
      outcome = named.ok ? named : { ok: false, why: `${outcome.why}; ${named.why}` };
    }
  }
  if (!outcome.ok) throw new GenError(`${discriminator.where} ${discriminator.text} does not tell the ${candidates.length} messages apart`, [outcome.why]);
  return done(outcome, candidates, `${discriminator.where} ${discriminator.text}: `);
}

export function detectIdentity(candidates: Candidate[], discriminator?: Discriminator): Detected {
  if (discriminator !== undefined) return forcedOutcome(candidates, discriminator);
  const messages = new Set(candidates.map((c) => `${c.messageName}\u0000${JSON.stringify(c.payload)}`));
  const found = tryAll(candidates, STRATEGIES);
  if (!Array.isArray(found)) return found;
  const merged = mergedOutcome(candidates, indistinctGroups(candidates), 'identical deliveries');
  if (merged !== undefined && typeof merged !== 'string') return merged;
  const same = mergedOutcome(candidates, sameValueGroups(candidates), 'one value');
  if (same !== undefined && typeof same !== 'string') return same;
  // Short, leading with what would most likely settle it; the analysis is for --verbose.
  throw new GenError(`cannot tell the ${messages.size} messages apart: nothing in the spec names the event of each`, likeliest(candidates), undefined, [
    'what each rule lacked:',
    ...found.map(([label, outcome]) => `${label}: ${label === 'shape' ? shapeProblem(candidates, outcome.why) : outcome.why}`),
    ...[merged, same].filter((m): m is string => typeof m === 'string'),
  ]);
}

type Strategy = (candidates: Candidate[]) => Outcome;
type Failed = Extract<Outcome, { ok: false }>;

const STRATEGIES: Array<[string, Strategy]> = [
  ['body names', byNames],
  ['header', byHeader],
  ['address', byGivenAddress],
  ['prose', byProse],
  ['body groups', byGroups],
  ['channel', byChannel],
  ['shape', byShape],
  ['declared header', byDeclaredHeader],
  ['key present', byPresence],
];
/**
 * After folding messages nothing tells apart, only strategies that read what the spec states for
 * every member alike: a name taken from one member (its title, its channel) would mislabel the others.
 */
const FOLDED_STRATEGIES: Array<[string, Strategy]> = [
  ['channel', byChannel],
  ['shape', byShape],
];

/** The strategies in order: the first that names every candidate distinctly, else what each lacked. */
function tryAll(candidates: Candidate[], strategies: Array<[string, Strategy]>): Detected | Array<[string, Failed]> {
  const constants = byConstants(candidates);
  if (constants.ok) return done(constants, candidates);
  if (candidates.length === 1) {
    return {
      identity: { source: { kind: 'single' }, reason: 'one event' },
      values: candidates.map(() => []),
      literal: candidates.map(() => false),
      merged: [],
      leftOut: [],
      read: [],
    };
  }
  const attempts: Array<[string, Failed]> = [['body constants', constants]];
  for (const [label, strategy] of strategies) {
    const outcome = strategy(candidates);
    if (outcome.ok) return done(outcome, candidates);
    attempts.push([label, outcome]);
  }
  return attempts;
}

/**
 * The candidates with each group folded into one event, if that settles it (indistinct.ts); else
 * why not, for the error; undefined where there is nothing to fold.
 */
function mergedOutcome(candidates: Candidate[], groups: MergedGroup[], what: string): Detected | string | undefined {
  if (groups.length === 0) return undefined;
  const { folded, index } = fold(candidates, groups);
  const found = tryAll(folded, FOLDED_STRATEGIES);
  if (Array.isArray(found)) {
    const names = groups.map((g) => `${[...new Set(g.members.map((i) => candidates[i]!.messageName))].join(', ')} as ${g.name}`).join('; ');
    return `one event for each set of ${what} (${names}): ${found.map(([label, outcome]) => `${label}: ${outcome.why}`).join('; ')}`;
  }
  return {
    identity: found.identity,
    values: index.map((i) => found.values[i]!),
    literal: index.map((i) => found.literal[i]!),
    merged: groups,
    leftOut: [],
    read: found.read,
  };
}

/** Why the payloads' shapes do not tell the messages apart either. */
function shapeProblem(candidates: Candidate[], why: string): string {
  const byPayload = new Map<string, Set<string>>();
  for (const c of candidates) {
    const key = JSON.stringify(c.payload);
    byPayload.set(key, (byPayload.get(key) ?? new Set()).add(c.messageName));
  }
  const shared = [...byPayload.values()].filter((names) => names.size > 1).map((names) => [...names]);
  if (shared.length > 0) return summarize(shared.map((names) => `messages ${names.join(', ')} share one payload schema`));
  return why;
}
