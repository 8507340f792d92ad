import type { Candidate } from './candidate.js';
import { summarize, type Outcome } from './outcome.js';

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
