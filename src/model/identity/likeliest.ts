import { fieldTables, rank } from './body.js';
import type { Candidate } from './candidate.js';
import { pathKey, showPath } from './fields.js';
import { headerNames } from './header.js';

/**
 * The short error for events nothing tells apart: the one or two rules most likely meant, each
 * with the exact flag (and `x-webhook-discriminator` value) that states it, in a few lines. The
 * full analysis, what each rule lacked, is printed under --verbose.
 */

/** A field or header called like one that names events, or a constant: where a name is likely. */
const LIKELY = /type|event|topic|kind|action/i;
/** Headers that never name events, however they are called. */
const NOT_NAMES = /^(content-|accept|authorization|user-agent)/i;

interface Option {
  text: string;
  score: string;
}

function bodyOptions(candidates: Candidate[]): Option[] {
  const tables = fieldTables(candidates, true);
  const paths = new Map<string, { path: string[]; members: number[]; constant: boolean }>();
  tables.forEach((table, i) => {
    for (const field of table.values()) {
      const last = field.path[field.path.length - 1]!;
      if (field.info.kind === 'string' && !LIKELY.test(last)) continue;
      if (field.info.kind === 'const' && typeof field.info.value !== 'string') continue;
      const key = pathKey(field.path);
      const entry = paths.get(key) ?? { path: field.path, members: [], constant: false };
      entry.members.push(i);
      entry.constant ||= field.info.kind !== 'string';
      paths.set(key, entry);
    }
  });
  const total = candidates.length;
  return [...paths.values()]
    .filter((e) => e.members.length >= 2)
    .map((e) => {
      const text = showPath(e.path);
      const flag = `--discriminator ${text} (or x-webhook-discriminator: ${text})`;
      if (e.members.length === total) return { text: `body field "${text}", in every message: ${flag}`, score: `0${LIKELY.test(text) ? 0 : 1}${rank(e.path)}` };
      // Only some channels carry it: generate those.
      const channels = [...new Set(e.members.map((i) => candidates[i]!.channel))];
      const whole = channels.every((ch) => candidates.every((c, i) => c.channel !== ch || e.members.includes(i)));
      if (!whole) return undefined;
      const count = String(total - e.members.length).padStart(6, '0');
      return {
        text: `body field "${text}", in the ${e.members.length} messages of ${channels.length === 1 ? 'channel' : 'channels'} ${channels.join(', ')}: ${channels.map((c) => `--channel ${c}`).join(' ')}, with ${flag} if they still need it`,
        score: `1${count}${rank(e.path)}`,
      };
    })
    .filter((o): o is Option => o !== undefined);
}

function headerOptions(candidates: Candidate[]): Option[] {
  return headerNames(candidates)
    .filter((h) => LIKELY.test(h) && !NOT_NAMES.test(h))
    .map((h) => ({ text: `header ${h}, in every message's headers: --discriminator header:${h} (or x-webhook-discriminator: header:${h})`, score: `05${h}` }));
}

export function likeliest(candidates: Candidate[]): string[] {
  const options = [...bodyOptions(candidates), ...headerOptions(candidates)].sort((a, b) => (a.score < b.score ? -1 : a.score > b.score ? 1 : 0)).slice(0, 2);
  return [
    ...(options.length > 0
      ? [options.length === 1 ? 'the likeliest rule:' : 'the likeliest rules:', ...options.map((o) => `  ${o.text}`)]
      : [
          'no field or header that could name events is in every message: give each message a constant (type: { const: ... }), say where with --discriminator <path> or header:<Name>, or generate only some channels with --channel <name>',
        ]),
    '(run with --verbose for what each rule lacked)',
  ];
}
