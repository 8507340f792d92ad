import { GenError } from '../errors.js';
import { typeName } from '../codegen/identifiers.js';
import type { GenModel, Schema } from '../model/types.js';
import { redactSecrets } from '../runtime/receiver-support.js';
import { inferSchema, widenType } from './infer.js';
import type { Payload } from './payloads.js';
import { valueAt, type VerifyReport } from './verify.js';

/**
 * A proposed next version of the spec that accepts every captured payload in strict mode: unknown
 * fields added with inferred schemas, mismatched types widened, new nulls allowed, fields that
 * were missing made optional, failing formats dropped, and a message for each unknown event
 * (schema inferred from its payloads, one of them as the example, secrets redacted). The result is
 * the written document with edits, never the original file changed.
 */

type Doc = Record<string, unknown>;

function pointer(doc: Doc, ref: string): Schema | undefined {
  if (!ref.startsWith('#/')) return undefined;
  let node: unknown = doc;
  for (const part of ref
    .slice(2)
    .split('/')
    .map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'))) {
    node = (node as Record<string, unknown> | undefined)?.[part];
  }
  return node as Schema | undefined;
}

export function suggestSpec(raw: Doc, model: GenModel, report: VerifyReport, payloads: Payload[]): Doc {
  const doc = JSON.parse(JSON.stringify(raw)) as Doc;
  const resolve = (s: Schema | undefined): Schema => {
    let node = s ?? {};
    for (let i = 0; typeof node.$ref === 'string' && i < 50; i++) {
      const target = pointer(doc, node.$ref);
      if (!target) throw new GenError(`--suggest cannot follow $ref ${node.$ref}: only refs inside the document are edited`);
      node = target;
    }
    return node;
  };
  /** The schema object that holds `properties` for a (resolved) object schema, allOf included. */
  const holder = (s: Schema, key?: string): Schema => {
    const parts = Array.isArray(s.allOf) ? (s.allOf as Schema[]).map(resolve) : [];
    return (
      parts.find((p) => key !== undefined && typeof p.properties === 'object' && p.properties !== null && key in (p.properties as object)) ??
      parts.filter((p) => p.properties).at(-1) ??
      s
    );
  };
  const rawPayload = (messageName: string): Schema => {
    const messages = ((doc.components as Doc | undefined)?.messages ?? {}) as Record<string, Schema>;
    const entry = Object.entries(messages).find(([key, m]) => key === messageName || resolve(m).name === messageName);
    if (!entry) throw new GenError(`--suggest: message ${messageName} is not under components.messages; move it there to have it edited`);
    return resolve(entry[1]).payload as Schema;
  };
  /** Walks a folded path (`data.object.images[].url`); returns the parent object schema and the last key. */
  const walk = (root: Schema, path: string): { parent: Schema; key: string; node: Schema | undefined } => {
    const parts = path.match(/[^.[\]]+|\[\]/g) ?? [];
    let node = resolve(root);
    for (const part of parts.slice(0, -1)) {
      node = part === '[]' ? resolve(node.items as Schema) : resolve(((holder(node, part).properties ?? {}) as Record<string, Schema>)[part]);
    }
    const key = parts.at(-1)!;
    const parent = holder(node, key);
    const node_ = key === '[]' ? (node.items as Schema) : ((parent.properties ?? {}) as Record<string, Schema>)[key];
    return { parent, key, node: node_ === undefined ? undefined : resolve(node_) };
  };

  for (const d of report.drift) {
    if (d.kind === 'unknown-event') continue;
    const event = model.events.find((e) => e.wireName === d.event)!;
    const { parent, key, node } = walk(rawPayload(event.messageName), d.path);
    const bodies = payloads.filter((p) => report.payloads.find((r) => r.source === p.source)?.event === d.event).map((p) => p.body);
    if (d.kind === 'unknown-field') {
      const seen = bodies.flatMap((b) => matching(b, d.path));
      parent.properties = { ...((parent.properties ?? {}) as Schema), [key]: inferSchema(seen) };
    } else if (d.kind === 'type-mismatch' || d.kind === 'unexpected-null') {
      if (node) widenType(node, d.seen);
    } else if (d.kind === 'missing-required') {
      if (Array.isArray(parent.required)) parent.required = (parent.required as string[]).filter((r) => r !== key);
    } else if (d.kind === 'format-mismatch') {
      if (node) delete node.format;
    }
  }
  for (const d of report.drift.filter((x) => x.kind === 'unknown-event'))
    addEvent(
      doc,
      model,
      d.event,
      payloads.filter((p) => report.payloads.find((r) => r.source === p.source)?.event === d.event).map((p) => p.body),
    );
  return doc;
}

/** Every value at a folded path, across array elements. */
function matching(body: unknown, folded: string): unknown[] {
  const parts = folded.split('[]');
  let values: unknown[] = [body];
  parts.forEach((part, i) => {
    const key = part.replace(/^\./, '');
    values = values.map((v) => (key === '' ? v : valueAt(v, key))).filter((v) => v !== undefined);
    if (i < parts.length - 1) values = values.flatMap((v) => (Array.isArray(v) ? v : []));
  });
  return values;
}

function addEvent(doc: Doc, model: GenModel, name: string, bodies: unknown[]): void {
  if (!doc.asyncapi || String(doc.asyncapi).startsWith('3')) throw new GenError('--suggest adds events to AsyncAPI 2 documents only, for now');
  const source = model.identity.source;
  // A new event is added where the model's identity reads its name: one top-level body field.
  if (source.kind !== 'body' || source.paths.length !== 1 || source.paths[0]!.length !== 1) {
    throw new GenError(`--suggest cannot add event ${JSON.stringify(name)}: it adds events only where one top-level body field names them`, [
      `this spec's events are told apart by ${model.identity.reason}`,
    ]);
  }
  const field = source.paths[0]![0]!;
  const endpoint = model.endpoints[0]!;
  const messageName = typeName(name);
  const payload = inferSchema(bodies);
  (payload.properties as Schema)[field] = { type: 'string', enum: [name] };
  const components = (doc.components ??= {}) as Doc;
  const messages = (components.messages ??= {}) as Doc;
  messages[messageName] = {
    name: messageName,
    summary: 'Proposed by leonardo-webhook-gen verify --suggest from captured payloads; review before use.',
    contentType: 'application/json',
    payload,
    examples: [{ name: `${messageName}Captured`, payload: redactSecrets(bodies[0]) }],
  };
  const channelKey = model.events.find((e) => endpoint.events.includes(e.wireName))?.channel ?? endpoint.channel;
  const channel = ((doc.channels as Doc)[channelKey] ?? {}) as Doc;
  const operation = (channel.publish ?? channel.subscribe) as Doc;
  const ref = { $ref: `#/components/messages/${messageName}` };
  const current = operation.message as Doc;
  operation.message = Array.isArray(current.oneOf) ? { ...current, oneOf: [...(current.oneOf as unknown[]), ref] } : { oneOf: [current, ref] };
}
