import type { Candidate } from './candidate.js';
import { isPath } from './candidate.js';

/**
 * Where an event's name can be read in the spec when the payload does not pin it with a constant.
 * Tried in this order; the first that names every event distinctly, and agrees with every constant
 * and example the spec gives, wins.
 */
export type NameSource = 'extension' | 'channel' | 'title' | 'name' | 'summary';
export const NAME_SOURCES: readonly NameSource[] = ['extension', 'channel', 'title', 'name'];
/**
 * Where a rule read from prose (prose.ts) may find each message's value: the sources above, with
 * an event name in the message summary (`Payload for issue.create webhook events`) before the
 * message name, which is an identifier more often than the name on the wire.
 */
export const PROSE_SOURCES: readonly NameSource[] = ['extension', 'channel', 'title', 'summary', 'name'];

const SOURCE_TEXT: Record<NameSource, string> = {
  extension: 'the x-topic extension',
  channel: 'the channel name',
  title: 'the message title',
  name: 'the message name',
  summary: 'the message summary',
};
export const describeSource = (s: NameSource): string => SOURCE_TEXT[s];

export function nameFrom(source: NameSource, c: Candidate): string | undefined {
  switch (source) {
    case 'extension':
      return c.extension;
    case 'channel':
      // Only a channel that is an event name (`orders/create`), never an address, and only one message's.
      return c.ownChannel && !isPath(c.channel) ? c.channel : undefined;
    case 'title':
      return c.title;
    case 'name':
      return c.messageName;
    case 'summary':
      return eventIn(c.summary);
  }
}

/** The one word of a sentence that looks like an event name: segments joined by `.`, `:` or `/` (`issue.create`). */
function eventIn(text: string | undefined): string | undefined {
  const words = [...new Set((text ?? '').match(/[A-Za-z][\w-]*(?:[.:/][A-Za-z][\w-]*)+/g) ?? [])];
  return words.length === 1 ? words[0] : undefined;
}

/** Names compared loosely: case and punctuation ignored (`Envelope Sent` = `envelope-sent`). */
export const looseKey = (text: string): string => text.toLowerCase().replace(/[^a-z0-9]/g, '');

const segments = (text: string): string[] => text.split(/[/.:]/).map(looseKey);

/**
 * A name ends with a value, segment by segment (`/`, `.` and `:` separate them): channel
 * `standard/REFUND` names `REFUND`, `management/merchant/created` names `merchant.created`. A
 * channel key often puts a group before the event's own name.
 */
function endsWith(name: string, value: string): boolean {
  const outer = segments(name);
  const inner = segments(value);
  if (inner.length >= outer.length || inner.some((s) => s === '')) return false;
  return inner.every((s, i) => outer[outer.length - inner.length + i] === s);
}

/** Whether a name stands for a value: the same loosely, or the name ends with it. */
export const standsFor = (name: string, value: string): boolean => (looseKey(name) === looseKey(value) && looseKey(name) !== '') || endsWith(name, value);

/**
 * The enum value a name stands for: the exact value, else the one value that matches loosely,
 * else the one value the name ends with.
 */
export function enumValueFor(name: string, values: readonly unknown[]): string | undefined {
  const strings = values.filter((v): v is string => typeof v === 'string');
  if (strings.includes(name)) return name;
  const matches = strings.filter((v) => looseKey(v) === looseKey(name) && looseKey(name) !== '');
  if (matches.length > 0) return matches.length === 1 ? matches[0] : undefined;
  const ending = strings.filter((v) => endsWith(name, v));
  return ending.length === 1 ? ending[0] : undefined;
}

/** A plain-string value taken from a name must look like one: no spaces, not empty. */
export const nameLike = (text: string): boolean => /^\S+$/.test(text);
