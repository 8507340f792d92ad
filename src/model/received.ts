import type { ChannelInterface, MessageInterface, OperationInterface } from '@asyncapi/parser';
import { GenError } from '../errors.js';
import type { LoadedSpec } from '../load/load-spec.js';

/**
 * What the receiver receives: the channels with a receiving operation (narrowed by `--channel`),
 * and how their messages are named. The first step of building the model; everything after it
 * works on these channels only.
 */

/** `/channels/~1leonardo~1webhook/publish` → ['channels', '/leonardo/webhook', 'publish']. */
export const pointerPath = (pointer: string | undefined): string[] =>
  (pointer ?? '')
    .split('/')
    .slice(1)
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));

export interface Received {
  channel: ChannelInterface;
  operations: OperationInterface[];
}

/**
 * The receiving side of each channel. AsyncAPI 3 says it plainly (`action: receive`). In 2.x,
 * webhook specs use `publish` (the sender publishes to us) and `subscribe` (we subscribe) about
 * equally, so a channel's publish operation wins and its subscribe operation is the fallback.
 */
function receivingOperations(spec: LoadedSpec): Received[] {
  const doc = spec.document;
  const v3 = doc.version().startsWith('3');
  const byChannel = new Map<string, Received>();
  for (const channel of doc.channels().all()) byChannel.set(channel.id(), { channel, operations: [] });
  for (const operation of doc.operations().all()) {
    for (const channel of operation.channels().all()) {
      byChannel.get(channel.id())?.operations.push(operation);
    }
  }
  const out: Received[] = [];
  for (const entry of byChannel.values()) {
    const receive = entry.operations.filter((op) => op.isReceive());
    const chosen = receive.length > 0 || v3 ? receive : entry.operations.filter((op) => op.isSend());
    if (chosen.length > 0) out.push({ channel: entry.channel, operations: chosen });
  }
  return out.sort((a, b) => (a.channel.id() < b.channel.id() ? -1 : 1));
}

/** The error for a spec with nothing to receive, saying what its operations do instead. */
export function nothingReceived(spec: LoadedSpec): GenError {
  const doc = spec.document;
  const sends = doc
    .operations()
    .all()
    .filter((op) => op.isSend()).length;
  return new GenError(`${spec.displayPath} describes no messages this side receives`, [
    doc.version().startsWith('3')
      ? `its ${sends} operation${sends === 1 ? '' : 's'} with \`action: send\` describe what it sends; a receiver needs \`action: receive\` with a message`
      : 'AsyncAPI 2: add a `publish` (or `subscribe`) operation with a message to a channel',
  ]);
}

/** The receiving channels, only those `--channel` names (by key or address) when it is given. */
export function receivedChannels(spec: LoadedSpec, channels: readonly string[] = []): Received[] {
  const received = receivingOperations(spec);
  if (received.length === 0) throw nothingReceived(spec);
  if (channels.length === 0) return received;
  const wanted = new Set(channels);
  const unknown = channels.filter((c) => !received.some((r) => r.channel.id() === c || r.channel.address() === c));
  if (unknown.length > 0) {
    throw new GenError(`--channel names no receiving channel: ${unknown.join(', ')}`, [
      `receiving channels: ${received.map((r) => r.channel.id()).join(', ')}`,
    ]);
  }
  return received.filter((r) => wanted.has(r.channel.id()) || wanted.has(r.channel.address() ?? ''));
}

export function messageName(message: MessageInterface, channel: ChannelInterface, index: number): string {
  const id = message.id();
  const usable = id !== undefined && !/^<anonymous-message-\d+>$/.test(id) ? id : undefined;
  return message.name() ?? usable ?? message.title() ?? `${channel.id()} message ${index + 1}`;
}
