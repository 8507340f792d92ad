import type { ChannelInterface, MessageInterface, OperationInterface } from '@asyncapi/parser';
import { typeName, typeNamePart } from '../codegen/identifiers.js';
import type { LoadedSpec } from '../load/load-spec.js';
import { exampleHeaders } from './endpoints.js';
import type { Candidate, Prose } from './identity/candidate.js';
import { headersOf, proseOf } from './identity/declared.js';
import type { Resolve } from './identity/fields.js';
import { extensionName } from './identity/spec-names.js';
import { messageName, pointerPath, type Received } from './received.js';
import { REF_PREFIX, type SchemaNormalizer } from './schema/normalize.js';

/**
 * The second stage of building the model: every message a kept channel receives becomes a
 * candidate event (what identity detection reads), with its payload schema normalized.
 */

/** What later stages need of a candidate's message that identity detection does not. */
export interface MessageDetail {
  message: MessageInterface;
  /** The name of its normalized payload schema. */
  source: string;
  /** The request headers its examples show, for its endpoint. */
  headers: Record<string, string>;
}

/** Candidates and their details, index for index. */
export interface ReadMessages {
  candidates: Candidate[];
  details: MessageDetail[];
}

/** What every candidate of one channel shares. */
interface ChannelContext {
  spec: LoadedSpec;
  channel: ChannelInterface;
  operations: OperationInterface[];
  /** How many distinct messages the channel receives. */
  messageCount: number;
  prose: Prose[];
  normalizer: SchemaNormalizer;
  resolve: Resolve;
}

/** A channel's messages by name: its operations may list one message more than once. */
function channelMessages(channel: ChannelInterface, operations: OperationInterface[]): Map<string, MessageInterface> {
  const messages = new Map<string, MessageInterface>();
  for (const op of operations) {
    op.messages()
      .all()
      .forEach((m, i) => {
        const name = messageName(m, channel, i);
        if (!messages.has(name)) messages.set(name, m);
      });
  }
  return messages;
}

function candidateOf(at: ChannelContext, name: string, message: MessageInterface, index: number): { candidate: Candidate; detail: MessageDetail } {
  const { spec, channel, operations } = at;
  const source = at.normalizer.payload(
    message.payload()?.json(),
    typeName(`${typeNamePart(name)}Payload`),
    `message ${name} payload`,
    pointerPath(message.payload()?.meta()?.pointer),
  );
  const { schema: headers, misplaced } = headersOf(message, channel, operations);
  const servers = channel.servers().all().length > 0 ? channel.servers().all() : spec.document.servers().all();
  const candidate: Candidate = {
    messageName: name,
    title: message.title(),
    summary: message.summary(),
    channel: channel.id(),
    address: channel.address() ?? channel.id(),
    ownChannel: at.messageCount === 1,
    protocols: servers.map((server) => server.protocol()),
    extension: extensionName(spec.raw, channel.id(), message, index, at.messageCount),
    payload: { $ref: `${REF_PREFIX}${source}` },
    headers,
    examples: message
      .examples()
      .all()
      .map((x) => ({ payload: x.payload(), headers: x.headers() })),
    prose: [...at.prose],
    misplacedHeaders: misplaced,
    resolve: at.resolve,
  };
  return { candidate, detail: { message, source, headers: exampleHeaders(operations, [message]) } };
}

/** Each received message once per channel it arrives on, in channel order. */
export function readMessages(spec: LoadedSpec, received: Received[], normalizer: SchemaNormalizer, resolve: Resolve): ReadMessages {
  const described = spec.document.info().description();
  const info = described !== undefined ? [{ text: described, at: ['info', 'description'] }] : [];
  const read: ReadMessages = { candidates: [], details: [] };
  for (const { channel, operations } of received) {
    const messages = channelMessages(channel, operations);
    const prose = [...proseOf(channel, operations), ...info];
    const at: ChannelContext = { spec, channel, operations, messageCount: messages.size, prose, normalizer, resolve };
    [...messages].forEach(([name, message], i) => {
      const { candidate, detail } = candidateOf(at, name, message, i);
      read.candidates.push(candidate);
      read.details.push(detail);
    });
  }
  return read;
}
