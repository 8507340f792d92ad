/** Small AsyncAPI documents written in tests: a payload schema or a spec in one expression. */

export type Doc = Record<string, unknown>;
export const obj = (properties: Doc, extra: Doc = {}) => ({ type: 'object', properties, ...extra });
export const str = { type: 'string' };
export const message = (name: string, payload: Doc, extra: Doc = {}) => ({ name, payload, ...extra });
/** AsyncAPI 2.6 with the given channels (each `key: [messages]`, or with an address via 3.0). */
export const v2 = (channels: Record<string, Doc[]>, extra: Doc = {}): Doc => ({
  asyncapi: '2.6.0',
  info: { title: 't', version: '1' },
  channels: Object.fromEntries(
    Object.entries(channels).map(([key, messages]) => [key, { publish: { message: messages.length === 1 ? messages[0] : { oneOf: messages } } }]),
  ),
  ...extra,
});
export const v3 = (channels: Record<string, { address: string; messages: Doc[] }>): Doc => ({
  asyncapi: '3.0.0',
  info: { title: 't', version: '1' },
  channels: Object.fromEntries(
    Object.entries(channels).map(([key, c]) => [key, { address: c.address, messages: Object.fromEntries(c.messages.map((m) => [m.name as string, m])) }]),
  ),
  operations: Object.fromEntries(Object.keys(channels).map((key) => [`on-${key}`, { action: 'receive', channel: { $ref: `#/channels/${key}` } }])),
});
export const arr = (items: Doc) => ({ type: 'array', items });
