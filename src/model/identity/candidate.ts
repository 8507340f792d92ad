import type { Schema } from '../types.js';
import type { Resolve } from './fields.js';

/**
 * One message as received on one channel: the unit identity detection tells apart. A message
 * received on several channels is several candidates; they become one event only where they have
 * the same identity.
 */
export interface Candidate {
  messageName: string;
  title?: string | undefined;
  /** The message's summary: prose that may name its event (`Payload for issue.create webhook events`). */
  summary?: string | undefined;
  /** The channel key. */
  channel: string;
  /** The channel's address (3.x `address`, else the key). */
  address: string;
  /** The protocols of the servers the channel is on (every server's, where it names none). */
  protocols: string[];
  /** The channel carries this message only, so where its key is not a path, the key can name the event. */
  ownChannel: boolean;
  /** An event name the spec states in an extension (`x-topic`, `x-event`...), next to the message or its reference. */
  extension?: string | undefined;
  /** The normalized payload schema (a `$ref` into the definitions). */
  payload: Schema;
  /** The message's headers schema, as written (refs resolved by the parser). */
  headers: Schema | undefined;
  /** Example payloads and example headers the spec gives for this message. */
  examples: Array<{ payload?: unknown; headers?: Record<string, unknown> }>;
  /** What the channel's and its receiving operations' descriptions say, with where (prose.ts reads the rule from it). */
  prose: Prose[];
  /** Headers declared where AsyncAPI has no such field (an operation's `bindings.http.headers`): lower-case name -> its place. */
  misplacedHeaders: ReadonlyMap<string, string[]>;
  resolve: Resolve;
}

export interface Prose {
  text: string;
  /** The JSON pointer path of the description (`channels.webhook.description`). */
  at: string[];
}

export const describe = (c: Candidate): string => `message ${c.messageName} (channel ${c.channel})`;

/** A channel key that is a request path is an address; any other key may be an event name. */
export const isPath = (address: string): boolean => address.startsWith('/');

/** An address given on purpose: a request path or a URL, not a key that names an event or a topic. */
export const isAddress = (address: string): boolean => isPath(address) || /^[a-z][a-z0-9+.-]*:\/\//i.test(address);
