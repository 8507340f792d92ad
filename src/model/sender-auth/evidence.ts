import type { AsyncAPIDocumentInterface } from '@asyncapi/parser';

/**
 * What a spec says about how its sender authenticates, gathered in one pass so detection is a
 * pure function of plain data: the declared schemes, the request headers its messages and HTTP
 * bindings declare, the payload's top-level fields, and its prose.
 */
export interface SchemeEvidence {
  id: string;
  type: string;
  in?: string;
  name?: string;
  scheme?: string;
  description: string;
  /** A security requirement lists it next to an empty alternative, or its description says optional. */
  optional: boolean;
  /** Its `x-webhook-auth`, as written: what the spec's author says the scheme is. */
  stated?: unknown;
}

export interface HeaderEvidence {
  /** As the spec spells it. */
  name: string;
  description: string;
}

export interface AuthEvidence {
  schemes: SchemeEvidence[];
  /** Unique by lower-case name, in spec order. */
  headers: HeaderEvidence[];
  /** Top-level payload property names: a "header" that is one of these is a body field. */
  payloadFields: string[];
  /** Message content types, lower-case. */
  contentTypes: string[];
  /** Info, server, channel and operation descriptions, joined by blank lines. */
  prose: string;
  /** `x-webhook-auth` at the top level or under `info`, as written, and where it is. */
  stated?: { value: unknown; place: string };
}

const EXTENSION = 'x-webhook-auth';

type Json = Record<string, unknown>;

/** Top-level fields of a payload, through allOf/oneOf/anyOf (a form body is often composed). */
function payloadProperties(schema: unknown, depth = 0): string[] {
  if (schema === null || typeof schema !== 'object' || depth > 4) return [];
  const node = schema as Json;
  const own = headerProperties(node).map(([name]) => name);
  const composed = ['allOf', 'oneOf', 'anyOf'].flatMap((k) =>
    Array.isArray(node[k]) ? (node[k] as unknown[]).flatMap((s) => payloadProperties(s, depth + 1)) : [],
  );
  return [...own, ...composed];
}

function headerProperties(schema: unknown): Array<[string, Json]> {
  const properties = (schema as { properties?: Record<string, Json> } | undefined)?.properties;
  return properties && typeof properties === 'object' ? Object.entries(properties) : [];
}

/** Schemes a server's security lists beside an empty alternative: the sender may leave them out. */
function optionalSchemeIds(doc: AsyncAPIDocumentInterface): Set<string> {
  const optionalIds = new Set<string>();
  for (const server of doc.servers().all()) {
    const requirements = server.security();
    if (requirements.some((r) => r.all().length === 0)) {
      for (const r of requirements) for (const s of r.all()) optionalIds.add(s.scheme().id());
    }
  }
  return optionalIds;
}

/** The declared security schemes, by id. */
function schemesOf(doc: AsyncAPIDocumentInterface): SchemeEvidence[] {
  const optionalIds = optionalSchemeIds(doc);
  const schemes: SchemeEvidence[] = doc
    .securitySchemes()
    .all()
    .map((s) => {
      const description = s.description() ?? '';
      return {
        id: s.id(),
        type: s.type(),
        ...(s.in() !== undefined ? { in: s.in()! } : {}),
        ...(s.name() !== undefined ? { name: s.name()! } : {}),
        ...(s.scheme() !== undefined ? { scheme: s.scheme()! } : {}),
        description,
        optional: optionalIds.has(s.id()) || /^\s*optional\b/i.test(description),
        ...(s.extensions().has(EXTENSION) ? { stated: s.extensions().get(EXTENSION)!.value() as unknown } : {}),
      };
    });
  return schemes.sort((a, b) => (a.id < b.id ? -1 : 1));
}

const httpBindingHeaders = (bindings: { get(name: string): { value(): unknown } | undefined }): unknown =>
  (bindings.get('http')?.value() as { headers?: unknown } | undefined)?.headers;

/** The request headers messages, then operations' and channels' HTTP bindings declare; the first description found is kept. */
function declaredHeaders(doc: AsyncAPIDocumentInterface): HeaderEvidence[] {
  const headers = new Map<string, HeaderEvidence>();
  const addHeaders = (schema: unknown) => {
    for (const [name, property] of headerProperties(schema)) {
      const description = typeof property.description === 'string' ? property.description : '';
      const known = headers.get(name.toLowerCase());
      if (!known) headers.set(name.toLowerCase(), { name, description });
      else if (known.description === '' && description !== '') known.description = description;
    }
  };
  for (const message of doc.messages().all()) addHeaders(message.headers()?.json());
  for (const operation of doc.operations().all()) addHeaders(httpBindingHeaders(operation.bindings()));
  for (const channel of doc.channels().all()) addHeaders(httpBindingHeaders(channel.bindings()));
  return [...headers.values()];
}

/** The messages' top-level payload fields and content types, sorted. */
function messageFacts(doc: AsyncAPIDocumentInterface): Pick<AuthEvidence, 'payloadFields' | 'contentTypes'> {
  const payloadFields = new Set<string>();
  const contentTypes = new Set<string>();
  for (const message of doc.messages().all()) {
    for (const name of payloadProperties(message.payload()?.json())) payloadFields.add(name);
    const type = message.contentType() ?? doc.defaultContentType();
    if (type) contentTypes.add(type.toLowerCase());
  }
  return { payloadFields: [...payloadFields].sort(), contentTypes: [...contentTypes].sort() };
}

/** Info, server, channel and operation descriptions, each once. */
function proseOf(doc: AsyncAPIDocumentInterface): string {
  const descriptions = [
    doc.info().description(),
    ...doc
      .servers()
      .all()
      .map((s) => s.description()),
    ...doc
      .channels()
      .all()
      .map((c) => c.description()),
    ...doc
      .operations()
      .all()
      .map((o) => o.description()),
  ].filter((d): d is string => typeof d === 'string' && d !== '');
  return [...new Set(descriptions)].join('\n\n');
}

/** `x-webhook-auth` at the top level, else under info. */
function statedAuth(doc: AsyncAPIDocumentInterface): AuthEvidence['stated'] {
  const top = doc.extensions().get(EXTENSION);
  if (top !== undefined) return { value: top.value() as unknown, place: 'at the top level' };
  const underInfo = doc.info().extensions().get(EXTENSION);
  return underInfo !== undefined ? { value: underInfo.value() as unknown, place: 'under info' } : undefined;
}

export function gatherEvidence(doc: AsyncAPIDocumentInterface): AuthEvidence {
  const stated = statedAuth(doc);
  const { payloadFields, contentTypes } = messageFacts(doc);
  return {
    ...(stated !== undefined ? { stated } : {}),
    schemes: schemesOf(doc),
    headers: declaredHeaders(doc),
    payloadFields,
    contentTypes,
    prose: proseOf(doc),
  };
}
