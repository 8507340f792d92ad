import { parseDiscriminator } from './forced.js';
import { byConstants, fieldTables, namesAt } from './body.js';
import type { Candidate, Prose } from './candidate.js';
import { pathKey, showPath } from './fields.js';
import { byHeader } from './header.js';
import { PROSE_SOURCES } from './names.js';
import { summarize, type Outcome } from './outcome.js';

/**
 * A rule the spec writes in words: a channel's, an operation's or the spec's description says
 * which field or header names the event ("the envelope's `event.event_type` field identifies the
 * event class"; "the `X-Foo-Event` header carries the event name"), and each message's value is
 * its constant, or a name the spec gives it (its channel, title, name, or an event name in its
 * summary). Only a sentence that speaks of the event and of naming it is read, and only the
 * field or header it quotes; the rule is reported as a warning that says what was read and where.
 */

/** A sentence that says something names, identifies or carries the event (or its type, topic, kind). */
const SAYS = /\b(identif\w*|names?|named|carr(?:y|ies)|indicat\w*|specif\w*|tells?|distinguish\w*|determin\w*|contains?|holds?|gives?|says?)\b/i;
const ABOUT = /\bevent|\btopic\b|\bkind\b/i;
const HEADER = /^[A-Za-z][A-Za-z0-9-]*$/;
const PATH = /^[A-Za-z_$][\w$-]*(?:\[\])?(?:\.[A-Za-z_$][\w$-]*(?:\[\])?)*$/;

export interface ProseRule {
  kind: 'body' | 'header';
  /** As quoted: `event.event_type`, `X-Foo-Event`. */
  text: string;
  /** Where it is written: `channels.webhook.description`. */
  where: string;
  at: string[];
}

/** The fields and headers the prose says name the event, in the order written (channel, operations, then the spec). */
export function proseRules(prose: readonly Prose[]): ProseRule[] {
  const out: ProseRule[] = [];
  const add = (token: string, header: boolean, at: string[]) => {
    const kind = /^X-/i.test(token) || (header && HEADER.test(token) && token.includes('-')) ? 'header' : PATH.test(token) ? 'body' : undefined;
    if (kind !== undefined && !out.some((r) => r.kind === kind && r.text === token)) out.push({ kind, text: token, where: at.join('.'), at });
  };
  for (const { text, at } of prose) {
    for (const sentence of text.split(/(?<=[.!?;:])\s+|\n\s*\n/)) {
      if (!says(sentence)) continue;
      // The clause that says it, so that "X-Event-Key identifying the event, X-Hook-UUID identifying
      // the hook" reads the first only; a sentence whose saying spans clauses, if it quotes one token.
      const clauses = sentence.split(/,|\band\b|\bwhile\b/).filter((c) => says(c) && tokens(c).length > 0);
      const header = /\bheaders?\b/i.test(sentence);
      if (clauses.length > 0) for (const clause of clauses) for (const token of tokens(clause)) add(token, header, at);
      else if (tokens(sentence).length === 1) add(tokens(sentence)[0]!, header, at);
    }
  }
  return out;
}

const says = (text: string) => SAYS.test(text) && ABOUT.test(text);

/** The quoted words, and bare `X-` header names, of a text. */
function tokens(text: string): string[] {
  const quoted = [...text.matchAll(/`([^`\s]+)`|"([^"\s]+)"/g)].map((m) => m[1] ?? m[2]!);
  const bare = [...text.matchAll(/\b(X-[A-Za-z0-9-]+)\b/g)].map((m) => m[1]!);
  return [...new Set([...quoted, ...bare])];
}

/** A quoted path as the payloads have it: exactly, else the one common field whose path ends with it. */
function bodyPath(candidates: Candidate[], text: string): string[] | undefined {
  const forced = parseDiscriminator(text, 'prose');
  if (forced.kind !== 'body' || forced.paths.length !== 1) return undefined;
  const wanted = forced.paths[0]!;
  const tables = fieldTables(candidates, true);
  const common = [...(tables[0]?.values() ?? [])].map((f) => f.path).filter((p) => tables.every((t) => t.has(pathKey(p))));
  if (common.some((p) => pathKey(p) === pathKey(wanted))) return wanted;
  const ending = common.filter((p) => p.length > wanted.length && pathKey(p.slice(p.length - wanted.length)) === pathKey(wanted));
  return ending.length === 1 ? ending[0] : undefined;
}

function tryRule(candidates: Candidate[], rule: ProseRule): Outcome {
  if (rule.kind === 'header') return byHeader(candidates, rule.text, PROSE_SOURCES);
  let path: string[] | undefined;
  try {
    path = bodyPath(candidates, rule.text);
  } catch {
    path = undefined;
  }
  if (path === undefined) return { ok: false, why: `"${rule.text}" is not a field of every message` };
  const tables = fieldTables(candidates, true);
  const constants = byConstants(candidates, [path], tables);
  return constants.ok ? constants : namesAt(candidates, tables, path, { anyField: true, leaveOut: false, sources: PROSE_SOURCES });
}

export function byProse(candidates: Candidate[]): Outcome {
  const seen = new Set<string>();
  const rules = candidates.flatMap((c) => proseRules(c.prose)).filter((r) => !seen.has(`${r.kind}\u0000${r.text}`) && seen.add(`${r.kind}\u0000${r.text}`));
  const tried: string[] = [];
  for (const rule of rules) {
    const outcome = tryRule(candidates, rule);
    if (!outcome.ok) {
      tried.push(`${rule.kind === 'header' ? 'header ' : ''}${rule.text} (${rule.where}): ${outcome.why}`);
      continue;
    }
    const read = rule.kind === 'header' ? `header:${rule.text}` : outcome.source.kind === 'body' ? outcome.source.paths.map(showPath).join('+') : rule.text;
    return {
      ...outcome,
      reason: `${outcome.reason}, read from ${rule.where}`,
      read: [
        ...(outcome.read ?? []),
        {
          what: `the rule is read from prose: ${rule.where} says ${JSON.stringify(rule.text)} names the event, read as ${outcome.reason}; to state it, add x-webhook-discriminator: ${read}`,
          at: rule.at,
        },
      ],
    };
  }
  return { ok: false, why: rules.length === 0 ? 'no description says which field or header names the event' : summarize(tried, 2) };
}
