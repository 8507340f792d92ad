import type { IdentitySource } from '../types.js';
import { describe, type Candidate } from './candidate.js';

/** What one strategy made of the candidates: values for each, or why it does not apply. */
export type Outcome =
  | {
      ok: true;
      source: IdentitySource;
      /** Per candidate, in input order: its values where the source reads. */
      values: string[][];
      /** Per candidate: the values are not constants of its own payload schema. */
      literal: boolean[];
      reason: string;
      /** How each value is found, for a summary that names several paths: `a constant in each message`. */
      how?: string;
      /** Candidates no name fits, left out (body.ts namesAt); their values are empty. */
      leftOut?: Array<{ index: number; why: string }>;
      /** What was read where the spec does not state a rule (prose, a misplaced header), for a warning each. */
      read?: ReadNote[];
    }
  | { ok: false; why: string };

/** A rule read from prose or from a field in the wrong place: what was read, and where (a dotted place in the spec). */
export interface ReadNote {
  what: string;
  /** The place in the spec, as path segments (`channels`, `comment.created`, `description`). */
  at: string[];
}

const show = (v: unknown) => JSON.stringify(v);

/**
 * Problems with giving these candidates these values: two different messages with the same values.
 * One message received on several channels with the same values is one event, not a clash.
 */
export function clashes(candidates: Candidate[], values: string[][]): string[] {
  const seen = new Map<string, Candidate>();
  const problems: string[] = [];
  candidates.forEach((c, i) => {
    const key = values[i]!.join('\u0000');
    const other = seen.get(key);
    if (other === undefined) seen.set(key, c);
    else if (other.messageName !== c.messageName || show(other.payload) !== show(c.payload)) {
      problems.push(`${describe(other)} and ${describe(c)} both have ${values[i]!.map(show).join(' + ')}`);
    }
  });
  return problems;
}

/** At most a few examples of what went wrong, so a 200-message spec gives a readable error. */
export function summarize(problems: string[], limit = 3): string {
  const shown = problems.slice(0, limit).join('; ');
  return problems.length > limit ? `${shown}; and ${problems.length - limit} more` : shown;
}
