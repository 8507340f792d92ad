import type { MessageInterface } from '@asyncapi/parser';
import type { Diagnostic } from '../../load/diagnostics.js';
import type { LoadedSpec } from '../../load/load-spec.js';
import { pointerPath } from '../received.js';
import type { LeftOutChannel } from '../webhook-channels.js';
import type { Candidate } from './candidate.js';
import { showPath } from './fields.js';
import type { MergedGroup } from './indistinct.js';
import type { ReadNote } from './outcome.js';

/**
 * The warnings identity detection gives, each with where in the spec: messages received as one
 * event, channels left out, and rules read where the spec does not state them. Ordinary
 * diagnostics, printed by the one warning path with every other.
 */

const names = (g: MergedGroup, candidates: Candidate[]) => [...new Set(g.members.map((i) => candidates[i]!.messageName))].join(', ');

export function identityWarnings(
  spec: LoadedSpec,
  candidates: Candidate[],
  messages: MessageInterface[],
  merged: MergedGroup[],
  leftOut: Array<{ candidate: Candidate; why: string }>,
): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const g of merged) {
    const at = pointerPath(messages[g.members[0]!]!.meta()?.pointer);
    const location = spec.locate(at.length > 0 ? at : ['channels', candidates[g.members[0]!]!.channel]);
    out.push(
      g.union !== undefined
        ? {
            class: 'identity',
            code: 'one-identity-value',
            message: `messages ${names(g, candidates)} all have ${JSON.stringify(g.union.value)} in "${showPath(g.union.path)}", which names the other events: received as one event ${JSON.stringify(g.union.value)} whose payload is any of theirs; to receive them apart, give each its own value there`,
            location,
            where: at.join('.'),
          }
        : {
            class: 'identity',
            code: 'indistinct-messages',
            message: `messages ${names(g, candidates)} are delivered alike (same address, payload and headers schemas) and nothing names each: received as one event ${g.name}; to receive them apart, give each a constant where their deliveries differ`,
            location,
            where: at.join('.'),
          },
    );
  }
  for (const { candidate, why } of leftOut) {
    out.push({
      class: 'identity',
      code: 'left-out-channel',
      message: `channel ${candidate.channel} is left out (${why}): its message ${candidate.messageName} is received on its other channels, and a delivery that names no event of the spec is reported as an unknown event`,
      location: spec.locate(['channels', candidate.channel]),
      where: `channels.${candidate.channel}`,
    });
  }
  return out;
}

/** Channels that are not this receiver's webhooks (webhook-channels.ts). */
export const notWebhookWarnings = (spec: LoadedSpec, channels: LeftOutChannel[]): Diagnostic[] =>
  channels.map(({ channel, why }) => ({
    class: 'unused',
    code: 'not-a-webhook-channel',
    message: `channel ${channel} is left out: ${why}; name it with --channel to receive it`,
    location: spec.locate(['channels', channel]),
    where: `channels.${channel}`,
  }));

/** A rule read from prose or a misplaced header: what was read, and where. */
export const readWarnings = (spec: LoadedSpec, notes: ReadNote[]): Diagnostic[] =>
  notes.map((note) => ({ class: 'identity-read', code: 'identity-read', message: note.what, location: spec.locate(note.at), where: note.at.join('.') }));
