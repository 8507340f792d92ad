import type { ChannelInterface, MessageInterface, OperationInterface } from '@asyncapi/parser';
import { pointerPath } from '../received.js';
import type { Schema } from '../types.js';
import type { Prose } from './candidate.js';

/**
 * What a spec says about identity outside the places AsyncAPI gives it: the prose of a channel
 * and its receiving operations (prose.ts reads a rule from it), and headers declared under an
 * operation's or channel's `bindings.http.headers`, where AsyncAPI has no such field but the
 * author's intent is plain. Each is kept with where it was written, for the warning that says so.
 */

type Doc = Record<string, unknown>;
const isDoc = (v: unknown): v is Doc => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The channel's and its operations' descriptions and summaries, each with its place. */
export function proseOf(channel: ChannelInterface, operations: OperationInterface[]): Prose[] {
  const out: Prose[] = [];
  const channelAt = ['channels', channel.id()];
  const description = channel.description();
  if (description !== undefined) out.push({ text: description, at: [...channelAt, 'description'] });
  for (const op of operations) {
    const at = pointerPath(op.meta()?.pointer);
    const base = at.length > 0 ? at : [...channelAt, op.action()];
    const opDescription = op.description();
    if (opDescription !== undefined) out.push({ text: opDescription, at: [...base, 'description'] });
    const summary = op.summary();
    if (summary !== undefined) out.push({ text: summary, at: [...base, 'summary'] });
  }
  return out;
}

function boundHeaders(value: unknown): Record<string, Schema> {
  const headers = isDoc(value) ? value.headers : undefined;
  const properties = isDoc(headers) ? headers.properties : undefined;
  return isDoc(properties) ? (properties as Record<string, Schema>) : {};
}

/**
 * The message's headers schema, with any header declared only under the operation's or channel's
 * http bindings added, and where each such header was found (lower-case name -> place).
 */
export function headersOf(
  message: MessageInterface,
  channel: ChannelInterface,
  operations: OperationInterface[],
): { schema: Schema | undefined; misplaced: Map<string, string[]> } {
  const own = message.headers()?.json() as Schema | undefined;
  const declared = new Set(Object.keys(isDoc(own?.properties) ? own.properties : {}).map((k) => k.toLowerCase()));
  const places: Array<{ value: unknown; at: string[] }> = [
    ...operations.map((op) => {
      const at = pointerPath(op.meta()?.pointer);
      return {
        value: op.bindings().get('http')?.value(),
        at: [...(at.length > 0 ? at : ['channels', channel.id(), op.action()]), 'bindings', 'http', 'headers'],
      };
    }),
    { value: channel.bindings().get('http')?.value(), at: ['channels', channel.id(), 'bindings', 'http', 'headers'] },
  ];
  const added: Record<string, Schema> = {};
  const misplaced = new Map<string, string[]>();
  for (const { value, at } of places) {
    for (const [name, schema] of Object.entries(boundHeaders(value))) {
      const lower = name.toLowerCase();
      if (declared.has(lower) || misplaced.has(lower) || !isDoc(schema)) continue;
      added[name] = schema;
      misplaced.set(lower, at);
    }
  }
  if (misplaced.size === 0) return { schema: own, misplaced };
  const extra: Schema = { type: 'object', properties: added };
  return { schema: own === undefined ? extra : { allOf: [own, extra] }, misplaced };
}
