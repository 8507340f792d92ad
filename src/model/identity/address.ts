import { isAddress, type Candidate } from './candidate.js';
import { standsFor } from './names.js';
import { summarize, type Outcome } from './outcome.js';

/**
 * Only where every channel's address is a request path or a URL: addresses given on purpose,
 * tried before any body rule that needs arrays or groups. Keys that name events or topics
 * (`standard/REFUND`) are the address only when no body rule tells the events apart.
 */
export function byGivenAddress(candidates: Candidate[]): Outcome {
  const keys = candidates.filter((c) => !isAddress(c.address));
  if (keys.length > 0) return { ok: false, why: `channel ${keys[0]!.channel} has no request path or URL for an address` };
  return byAddress(candidates);
}

/**
 * Events told apart by where they are posted: every channel carries one message and has an
 * address of its own (zendesk's `/webhooks/zendesk/tickets/created`, the MQTT topics of the
 * streetlights examples). The receiver then finds the event from the request path.
 */
export function byAddress(candidates: Candidate[]): Outcome {
  const messages = new Map<string, Set<string>>();
  const addresses = new Map<string, string[]>();
  for (const c of candidates) {
    messages.set(c.channel, (messages.get(c.channel) ?? new Set()).add(c.messageName));
    if (!(addresses.get(c.address) ?? []).includes(c.channel)) addresses.set(c.address, [...(addresses.get(c.address) ?? []), c.channel]);
  }
  if (messages.size < 2) return { ok: false, why: 'all messages arrive on one channel' };
  const problems = [
    ...[...messages].filter(([, names]) => names.size > 1).map(([channel, names]) => `channel ${channel} carries ${names.size} messages`),
    ...[...addresses].filter(([, channels]) => channels.length > 1).map(([address, channels]) => `channels ${channels.join(', ')} share address ${address}`),
  ];
  if (problems.length > 0) return { ok: false, why: summarize(problems) };
  return {
    ok: true,
    source: { kind: 'address' },
    values: candidates.map(() => []),
    literal: candidates.map(() => false),
    reason: 'the address each is posted to (one message per channel)',
  };
}

/**
 * Channel keys that are event names, not addresses (`issue/created`, `comment.created`): no key
 * is a path or URL, each mirrors its message's name or title, and every server is HTTP (a
 * provider that posts to the one URL the user registers). They must not become request paths,
 * so they are never what tells the events apart; an MQTT or Kafka topic stays an address.
 */
export function eventNameKeys(candidates: Candidate[]): string | undefined {
  if (candidates.some((c) => isAddress(c.address) || c.protocols.some((p) => !/^https?$/i.test(p)))) return undefined;
  const mirror = (c: Candidate) =>
    standsFor(c.channel, c.messageName) || standsFor(c.messageName, c.channel) || (c.title !== undefined && standsFor(c.channel, c.title));
  if (!candidates.every(mirror)) return undefined;
  const keys = [...new Set(candidates.map((c) => c.channel))];
  return `channel keys ${keys.slice(0, 3).join(', ')}${keys.length > 3 ? ` and ${keys.length - 3} more` : ''} are event names, not addresses: the provider posts them to one URL`;
}

/** The channel, where its key is not an event name posted to one URL (eventNameKeys). */
export function byChannel(candidates: Candidate[]): Outcome {
  const names = eventNameKeys(candidates);
  return names !== undefined ? { ok: false, why: names } : byAddress(candidates);
}
