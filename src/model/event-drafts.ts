import { typeName } from '../codegen/identifiers.js';
import { GenError } from '../errors.js';
import type { MessageDetail } from './candidates.js';
import type { Candidate } from './identity/candidate.js';
import type { MergedGroup } from './identity/indistinct.js';
import type { ReadNote } from './identity/outcome.js';
import { ownValues } from './identity/rule.js';
import { pointerPath } from './received.js';
import type { SchemaNormalizer } from './schema/normalize.js';
import type { EventIdentity, EventModel, Example, Schema } from './types.js';

/**
 * The fourth stage of building the model: the candidates identity detection kept become events,
 * named by the identity, one per name (a message received on several channels is one event).
 */

/** An event before its identifier, which is assigned once all names are known. */
export type EventDraft = Omit<EventModel, 'identifier'>;

/** What identity detection settled, and the candidates it kept (index for index). */
export interface IdentifiedMessages {
  identity: EventIdentity;
  /** Messages received as one event because nothing tells them apart; indices into `candidates`. */
  merged: MergedGroup[];
  leftOut: Array<{ candidate: Candidate; why: string }>;
  read: ReadNote[];
  candidates: Candidate[];
  details: MessageDetail[];
  values: string[][];
  literal: boolean[];
}

/** The merged group each candidate belongs to, by index. */
export const groupsByMember = (merged: MergedGroup[]): Map<number, MergedGroup> => new Map(merged.flatMap((g) => g.members.map((i) => [i, g] as const)));

/**
 * An event told apart by its channel is named after its message; when one message is received on
 * several such channels (the AsyncAPI streetlights examples), each copy is named `<channel> <message>`
 * instead, which depends only on the spec, never on the order of its channels.
 */
function channelEventNames(candidates: Candidate[]): string[] {
  const channels = new Map<string, Set<string>>();
  for (const c of candidates) channels.set(c.messageName, (channels.get(c.messageName) ?? new Set()).add(c.channel));
  return candidates.map((c) => (channels.get(c.messageName)!.size > 1 ? `${c.channel} ${c.messageName}` : c.messageName));
}

/** Each candidate's wire name: its identity values, else its (group's) message name. */
export function wireNames(identified: IdentifiedMessages): string[] {
  const source = identified.identity.source;
  if (source.kind === 'body') return identified.values.map((v) => ownValues(source, v, '.'));
  if (source.kind === 'header') return identified.values.map((v) => v.join('.'));
  const groupOf = groupsByMember(identified.merged);
  return channelEventNames(identified.candidates).map((name, i) => groupOf.get(i)?.name ?? name);
}

/** An example whose payload is not even of the schema's type: a placeholder left in the spec. */
function placeholder(payload: unknown, schema: Schema): boolean {
  const types = typeof schema.type === 'string' ? [schema.type] : Array.isArray(schema.type) ? (schema.type as string[]) : [];
  const object = typeof payload === 'object' && payload !== null && !Array.isArray(payload);
  return types.length > 0 && types.every((t) => t === 'object') && !object;
}

/** The examples of an event's messages; a placeholder (`payload: example-value` for an object) documents nothing. */
function examplesOf(details: MessageDetail[], payload: Schema): Example[] {
  return details
    .flatMap((d) => d.message.examples().all())
    .filter((x) => x.hasPayload() && !placeholder(x.payload(), payload))
    .map((x) => ({
      ...(x.name() !== undefined ? { name: x.name()! } : {}),
      ...(x.summary() !== undefined ? { summary: x.summary()! } : {}),
      payload: x.payload(),
    }));
}

/** A merged event is none of its messages in particular: it is described as the set of them. */
function describedAs(detail: MessageDetail, group: MergedGroup | undefined, candidates: Candidate[]): Pick<EventDraft, 'title' | 'summary' | 'description'> {
  if (group) return { summary: `One of the messages ${group.members.map((m) => candidates[m]!.messageName).join(', ')}, which the spec does not tell apart` };
  const { message } = detail;
  return {
    ...(message.title() !== undefined ? { title: message.title()! } : {}),
    ...(message.summary() !== undefined ? { summary: message.summary()! } : {}),
    ...(message.description() !== undefined ? { description: message.description()! } : {}),
  };
}

/** The event of candidate `i`, named `wireName`. */
function draftOf(identified: IdentifiedMessages, i: number, wireName: string, group: MergedGroup | undefined, normalizer: SchemaNormalizer): EventDraft {
  const { candidates, details } = identified;
  const c = candidates[i]!;
  const detail = details[i]!;
  // Messages sharing one identity value: the event's payload is any of theirs.
  const payloadType = group?.union
    ? normalizer.union(
        [...new Set(group.members.map((m) => details[m]!.source))],
        `${typeName(wireName)}Payload`,
        `messages ${group.members.map((m) => candidates[m]!.messageName).join(', ')}`,
      )
    : detail.source;
  return {
    wireName,
    identity: identified.values[i]!,
    literalIdentity: identified.literal[i]!,
    messageName: group ? group.name : c.messageName,
    ...describedAs(detail, group, candidates),
    payloadType,
    payloadAt: pointerPath(detail.message.payload()?.meta()?.pointer),
    channel: c.channel,
    headers: detail.headers,
    examples: examplesOf(group ? group.members.map((m) => details[m]!) : [detail], c.resolve(c.payload)),
  };
}

/** Candidates with the same name are one message received on several channels: one event. */
export function draftEvents(identified: IdentifiedMessages, names: string[], normalizer: SchemaNormalizer): Map<string, EventDraft> {
  const groupOf = groupsByMember(identified.merged);
  const drafts = new Map<string, EventDraft>();
  identified.candidates.forEach((_, i) => {
    const wireName = names[i]!;
    if (!drafts.has(wireName)) drafts.set(wireName, draftOf(identified, i, wireName, groupOf.get(i), normalizer));
  });
  assertUniqueNames(identified, names, drafts);
  return drafts;
}

/** Two different messages (not one received twice) that came out with one name. */
function assertUniqueNames(identified: IdentifiedMessages, names: string[], drafts: Map<string, EventDraft>): void {
  const { candidates } = identified;
  const groupOf = groupsByMember(identified.merged);
  const duplicates = candidates.filter(
    (c, i) => names.indexOf(names[i]!) !== i && drafts.get(names[i]!)!.messageName !== (groupOf.get(i)?.name ?? c.messageName),
  );
  if (duplicates.length === 0) return;
  throw new GenError(
    `event names are not unique`,
    duplicates.map((c) => {
      const first = drafts.get(names[candidates.indexOf(c)]!)!;
      return `"${first.wireName}": message ${first.messageName} (channel ${first.channel}) and message ${c.messageName} (channel ${c.channel})`;
    }),
  );
}
