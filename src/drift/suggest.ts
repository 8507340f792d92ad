import { typeName } from '../codegen/identifiers.js';
import { GenError } from '../errors.js';
import { normalizedPath, type LoadedOverlay, type OverlayAction, type OverlayDocument } from '../load/overlay.js';
import type { GenModel } from '../model/types.js';
import { redactSecrets } from '../runtime/receiver/support.js';
import { correctionActions } from './corrections.js';
import { emptyShape, observeShape, toSchema } from './infer.js';
import { Observer, writtenLocation } from './observe.js';
import type { Payload } from './payloads.js';
import type { DriftReport } from './find-drift.js';

/**
 * `verify --suggest`: an Overlay that makes the spec accept every recorded delivery in strict
 * mode, learnt from all of them at once (observe.ts), written as actions on the spec as written
 * (corrections.ts), with a message for each event the spec does not know. Earlier overlays'
 * actions come first, so the file it writes replaces them and still applies to the provider's
 * next version.
 */

type Doc = Record<string, unknown>;
const isDoc = (v: unknown): v is Doc => typeof v === 'object' && v !== null && !Array.isArray(v);

export interface Suggestion {
  /** The earlier overlays' actions, then the new ones. */
  overlay: OverlayDocument;
  /** The new actions alone: what the spec as read (earlier overlays applied) still needs. */
  added: OverlayAction[];
  /** What could not be learnt, said once each (a `$ref` to another file, an event it cannot add). */
  notes: string[];
}

export function suggestOverlay(raw: Doc, model: GenModel, report: DriftReport, payloads: Payload[], previous: readonly LoadedOverlay[]): Suggestion {
  const observer = new Observer(raw);
  const notes: string[] = [];
  const byName = new Map(model.events.map((e) => [e.wireName, e]));
  const unknown = new Map<string, unknown[]>();
  report.payloads.forEach((result, i) => {
    const body = payloads[i]!.body;
    if (result.status === 'unknown-event' && result.event !== null) unknown.set(result.event, [...(unknown.get(result.event) ?? []), body]);
    if (result.status !== 'drift') return;
    const event = byName.get(result.event!)!;
    const at = writtenLocation(raw, event.payloadAt);
    if (at === undefined) notes.push(`event ${event.wireName}: its payload is in another file; edit that file`);
    else observer.walk(at, body);
  });
  for (const ref of [...observer.seen.unreachable].sort()) notes.push(`${ref} is in another file: what was delivered there is not learnt; edit that file`);
  const actions: OverlayAction[] = correctionActions(raw, observer.seen);
  const added: Array<{ name: string; message: OverlayAction }> = [];
  for (const name of [...unknown.keys()].sort()) {
    try {
      added.push({ name, message: newMessage(raw, model, name, unknown.get(name)!) });
    } catch (error) {
      if (!(error instanceof GenError)) throw error;
      notes.push(`event ${JSON.stringify(name)} is not added: ${error.message}`);
    }
  }
  if (added.length > 0)
    actions.push(
      ...added.map((a) => a.message),
      ...receivedHere(
        raw,
        model,
        added.map((a) => a.name),
      ),
    );
  const overlay: OverlayDocument = {
    overlay: '1.0.0',
    info: { title: `${model.title}: corrections from recorded deliveries`, version: model.version },
    actions: [...previous.flatMap((o) => o.document.actions), ...actions],
  };
  return { overlay, added: actions, notes: [...new Set(notes)] };
}

/**
 * A message for an event the spec does not know, named where the model's identity reads one
 * top-level body field; its schema is inferred from every delivery of it, and its example is the
 * shortest one (so the order of recordings does not matter), secrets redacted.
 */
function newMessage(raw: Doc, model: GenModel, name: string, bodies: unknown[]): OverlayAction {
  if (!String(raw.asyncapi ?? '').startsWith('2')) throw new GenError('events are added to AsyncAPI 2 documents only; add it by hand');
  const source = model.identity.source;
  if (source.kind !== 'body' || source.paths.length !== 1 || source.paths[0]!.length !== 1) {
    throw new GenError(`events are added only where one top-level body field names them; this spec's are told apart by ${model.identity.reason}`);
  }
  const field = source.paths[0]![0]!;
  const messageName = typeName(name);
  const existing = isDoc(raw.components) && isDoc(raw.components.messages) ? raw.components.messages : {};
  if (Object.prototype.hasOwnProperty.call(existing, messageName)) throw new GenError(`components.messages.${messageName} exists already; add it by hand`);
  const shape = emptyShape();
  for (const body of bodies) observeShape(shape, body);
  const payload = toSchema(shape);
  if (!isDoc(payload.properties)) throw new GenError('its deliveries are not JSON objects');
  payload.properties[field] = { type: 'string', enum: [name] };
  const example = bodies.map((b) => JSON.stringify(b)).sort((a, b) => a.length - b.length || (a < b ? -1 : a > b ? 1 : 0))[0]!;
  const message = {
    name: messageName,
    summary: 'Proposed by leonardo-webhook-gen verify --suggest from recorded deliveries; review before use.',
    contentType: 'application/json',
    payload,
    examples: [{ name: `${messageName}Recorded`, payload: redactSecrets(JSON.parse(example)) }],
  };
  return { target: '$', description: `event ${name} delivered, not in the spec`, update: { components: { messages: { [messageName]: message } } } };
}

/**
 * Where the new messages are received: where each event has a channel named after it, a new
 * channel of the same kind each; else the first event's channel, appended to its `oneOf` (or
 * made one with the message there).
 */
function receivedHere(raw: Doc, model: GenModel, names: string[]): OverlayAction[] {
  const channelKey = model.events[0]!.channel;
  const perEvent = model.events.length > 1 && model.events.every((e) => e.channel === e.wireName);
  if (perEvent) {
    const first = isDoc(raw.channels) ? raw.channels[channelKey] : undefined;
    const opKey = isDoc(first) && isDoc(first.publish) ? 'publish' : 'subscribe';
    const channels: Doc = {};
    for (const name of names) channels[name] = { [opKey]: { message: { $ref: `#/components/messages/${typeName(name)}` } } };
    return [{ target: '$', description: `channels for events ${names.join(', ')}, as each event has one`, update: { channels } }];
  }
  const channel = isDoc(raw.channels) ? raw.channels[channelKey] : undefined;
  const opKey = isDoc(channel) && isDoc(channel.publish) ? 'publish' : 'subscribe';
  const operation = isDoc(channel) ? channel[opKey] : undefined;
  if (!isDoc(operation) || operation.message === undefined) throw new GenError(`--suggest: channel ${channelKey} has no operation message to add events to`);
  const refs = names.map((name) => ({ $ref: `#/components/messages/${typeName(name)}` }));
  const opPath = ['channels', channelKey, opKey];
  const description = `events ${names.join(', ')} received here`;
  if (isDoc(operation.message) && Array.isArray(operation.message.oneOf)) {
    return refs.map((ref) => ({ target: normalizedPath([...opPath, 'message', 'oneOf']), description, update: ref }));
  }
  return [
    { target: normalizedPath([...opPath, 'message']), description, remove: true },
    { target: normalizedPath(opPath), description, update: { message: { oneOf: [operation.message, ...refs] } } },
  ];
}
