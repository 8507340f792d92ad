import type { MessageInterface } from '@asyncapi/parser';

/**
 * Event names a spec states in extensions: `x-topic` (shopify puts it next to the message's
 * `$ref`, where the parser does not keep it, so the written document is read too), and the
 * spec-wide `x-webhook-discriminator`.
 */

export const NAME_EXTENSIONS = ['x-topic', 'x-event', 'x-event-type', 'x-event-name', 'x-webhook-event'];

type Doc = Record<string, unknown>;
const isDoc = (v: unknown): v is Doc => typeof v === 'object' && v !== null && !Array.isArray(v);

function stated(node: unknown): string | undefined {
  if (!isDoc(node)) return undefined;
  for (const key of NAME_EXTENSIONS) if (typeof node[key] === 'string') return node[key] as string;
  return undefined;
}

/** The references to a channel's messages as written: 2.x operation `message` (or its oneOf), 3.x `messages`. */
function writtenMessages(raw: Doc, channelId: string): unknown[] {
  const channel = isDoc(raw.channels) ? raw.channels[channelId] : undefined;
  if (!isDoc(channel)) return [];
  if (isDoc(channel.messages)) return Object.values(channel.messages);
  const out: unknown[] = [];
  for (const op of [channel.publish, channel.subscribe]) {
    const message = isDoc(op) ? op.message : undefined;
    if (isDoc(message) && Array.isArray(message.oneOf)) out.push(...message.oneOf);
    else if (message !== undefined) out.push(message);
  }
  return out;
}

/** The event name stated for a message on a channel: on the message, or next to its reference. */
export function extensionName(raw: Doc, channelId: string, message: MessageInterface, index: number, count: number): string | undefined {
  for (const key of NAME_EXTENSIONS) {
    const value = message.extensions().get(key)?.value();
    if (typeof value === 'string') return value;
  }
  const written = writtenMessages(raw, channelId);
  // Only when the written list lines up with the parsed one.
  return written.length === count ? stated(written[index]) : undefined;
}

/** `x-webhook-discriminator` at the top level or under `info`. */
export function specDiscriminator(raw: Doc): string | undefined {
  const value = raw['x-webhook-discriminator'] ?? (isDoc(raw.info) ? raw.info['x-webhook-discriminator'] : undefined);
  return typeof value === 'string' ? value : undefined;
}
