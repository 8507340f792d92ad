/**
 * How a delivery's event is identified: the one function the generated `identifyEvent`, the
 * generator's `verify`, and the fixtures all run, fed a rule printed from the spec. The rule says
 * where the event's name is read (body fields, a header, the address it was posted to) and maps
 * what is read there to the event.
 */

/** Request headers: a lookup by lower-case name, or a plain object (any case, as Node gives them). */
export type HeaderSource = ((name: string) => string | null | undefined) | { readonly [name: string]: string | readonly string[] | undefined };

export type IdentityRule =
  /**
   * One or more body fields; `events` is keyed by their values joined with U+0000. A path step
   * `[]` reads every element of an array, which must all hold the same value
   * (`notificationItems[].NotificationRequestItem.eventCode`). With `groups`, each path is one
   * group of events' own: the first path present in the body decides, and `events` is keyed by
   * its value alone (values are unique across the groups).
   */
  | {
      readonly kind: 'body';
      readonly paths: readonly (readonly string[])[];
      readonly events: { readonly [key: string]: string };
      readonly groups?: boolean;
    }
  /**
   * The shape: constants of any scalar type (`readyToStream: true`), keyed by their JSON text
   * joined with U+0000; an empty text is a field left out (the event that does not declare it).
   */
  | {
      readonly kind: 'shape';
      readonly paths: readonly (readonly string[])[];
      readonly events: { readonly [key: string]: string };
      /** The paths are keys read by presence (`1`, whatever they hold), not by their constant. */
      readonly present?: boolean;
    }
  /** A request header (lower-case name). */
  | { readonly kind: 'header'; readonly header: string; readonly events: { readonly [value: string]: string } }
  /** The endpoint: each channel receives one event; `addresses` are the channels' request paths. */
  | { readonly kind: 'address'; readonly events: { readonly [channel: string]: string }; readonly addresses: { readonly [channel: string]: string } }
  /** The spec has one event. */
  | { readonly kind: 'single'; readonly event: string };

export interface IdentityInput {
  body: unknown;
  headers?: HeaderSource | undefined;
  /** The channel the delivery arrived on, where the caller knows it. */
  channel?: string | undefined;
  /** The request path, so an address rule can find the channel itself. */
  path?: string | undefined;
}

export interface IdentityIssue {
  path: string;
  code: 'required';
  message: string;
}

export type Identified =
  | { readonly kind: 'known'; readonly name: string }
  | { readonly kind: 'unknown-event'; readonly unknownEvent: string }
  | { readonly kind: 'unrecognized'; readonly issues: readonly IdentityIssue[] };

const own = (object: object, key: string) => Object.prototype.hasOwnProperty.call(object, key);

/** Shown for the parts of an identity: `meta.action`, `items[].kind`, `header x-gitlab-event`. */
export const pathText = (path: readonly string[]): string => path.join('.').replace(/\.\[\]/g, '[]');

/** The step that reads every element of an array. */
export const EVERY = '[]';

/** Elements of one array that hold different values where the path reads. */
const MIXED: unique symbol = Symbol('mixed');

/**
 * The value at a path of own properties; undefined where any step is missing (or an array is
 * empty); MIXED where the elements of an array disagree.
 */
function at(body: unknown, path: readonly string[], from = 0): unknown {
  let node = body;
  for (let i = from; i < path.length; i++) {
    const key = path[i]!;
    if (key === EVERY) {
      if (!Array.isArray(node) || node.length === 0) return undefined;
      const first = at(node[0], path, i + 1);
      for (let j = 1; j < node.length; j++) {
        const other = at(node[j], path, i + 1);
        if (other !== first) return MIXED;
      }
      return first;
    }
    if (typeof node !== 'object' || node === null || Array.isArray(node) || !own(node, key)) return undefined;
    node = (node as Record<string, unknown>)[key];
  }
  return node;
}

const mixed = (path: readonly string[]): IdentityIssue => ({
  path: pathText(path),
  code: 'required',
  message: `the elements of the array in "${pathText(path)}" name different events`,
});

export function readHeader(headers: HeaderSource | undefined, name: string): string | undefined {
  if (headers === undefined) return undefined;
  if (typeof headers === 'function') return headers(name) ?? undefined;
  let value = own(headers, name) ? headers[name] : undefined;
  if (value === undefined) {
    const key = Object.keys(headers).find((k) => k.toLowerCase() === name);
    value = key === undefined ? undefined : headers[key];
  }
  return typeof value === 'string' ? value : value?.[0];
}

// Results that name a known event are made once per rule and reused: identification allocates
// nothing on the receiver's hot path.
const knownCache = new WeakMap<object, Map<string, Identified>>();
function known(rule: object, name: string): Identified {
  let byName = knownCache.get(rule);
  if (byName === undefined) knownCache.set(rule, (byName = new Map()));
  let result = byName.get(name);
  if (result === undefined) byName.set(name, (result = Object.freeze({ kind: 'known', name })));
  return result;
}

const missing = (path: string, message: string): Identified => ({ kind: 'unrecognized', issues: [{ path, code: 'required', message }] });

function byShape(rule: Extract<IdentityRule, { kind: 'shape' }>, body: unknown): Identified {
  const parts: string[] = [];
  // Kept as the path, printed only if the delivery is refused: a shape may leave a field out.
  let absent: readonly string[] | undefined;
  for (const path of rule.paths) {
    const value = at(body, path);
    if (value === MIXED) return { kind: 'unrecognized', issues: [mixed(path)] };
    if (rule.present === true) {
      parts.push(value === undefined ? '' : '1');
      continue;
    }
    if (typeof value === 'object' && value !== null)
      return missing(pathText(path), `the field that tells events apart ("${pathText(path)}") is not a single value`);
    if (value === undefined) absent ??= path;
    parts.push(value === undefined ? '' : JSON.stringify(value));
  }
  const key = parts.join('\u0000');
  if (own(rule.events, key)) return known(rule, rule.events[key]!);
  if (rule.present === true) {
    const keys = rule.paths.map((p) => `"${pathText(p)}"`).join(', ');
    return missing(rule.paths.map(pathText).join(' | '), `the key that tells events apart (one of ${keys}) is missing, or more than one is present`);
  }
  if (absent !== undefined) return missing(pathText(absent), `the field that tells events apart ("${pathText(absent)}") is missing`);
  return { kind: 'unknown-event', unknownEvent: parts.join('.') };
}

/** Each path is one group's: the first present in the body decides. */
function byGroups(rule: Extract<IdentityRule, { kind: 'body' }>, body: unknown): Identified {
  for (const path of rule.paths) {
    const value = at(body, path);
    if (value === undefined) continue;
    if (value === MIXED) return { kind: 'unrecognized', issues: [mixed(path)] };
    if (typeof value !== 'string') return missing(pathText(path), `the event name (a string in "${pathText(path)}") is missing`);
    return own(rule.events, value) ? known(rule, rule.events[value]!) : { kind: 'unknown-event', unknownEvent: value };
  }
  const where = rule.paths.map((p) => `"${pathText(p)}"`).join(' or ');
  return missing(rule.paths.map(pathText).join(' | '), `the event name (a string in ${where}) is missing`);
}

function byBody(rule: Extract<IdentityRule, { kind: 'body' }>, body: unknown): Identified {
  const { paths, events } = rule;
  if (rule.groups === true) return byGroups(rule, body);
  let key: string;
  if (paths.length === 1 && paths[0]!.length === 1) {
    // One top-level field (the common case): no loop, no join.
    const field = paths[0]![0]!;
    const value = typeof body === 'object' && body !== null && own(body, field) ? (body as Record<string, unknown>)[field] : undefined;
    if (typeof value !== 'string') return missing(field, `the event name (a string in "${field}") is missing`);
    key = value;
  } else {
    const values: string[] = [];
    const absent: IdentityIssue[] = [];
    for (const path of paths) {
      const value = at(body, path);
      if (value === MIXED) return { kind: 'unrecognized', issues: [mixed(path)] };
      if (typeof value === 'string') values.push(value);
      else absent.push({ path: pathText(path), code: 'required', message: `the event name (a string in "${pathText(path)}") is missing` });
    }
    if (absent.length > 0) return { kind: 'unrecognized', issues: absent };
    key = values.join('\u0000');
  }
  if (own(events, key)) return known(rule, events[key]!);
  return { kind: 'unknown-event', unknownEvent: key.split('\u0000').join('.') };
}

function byAddress(rule: Extract<IdentityRule, { kind: 'address' }>, input: IdentityInput): Identified {
  let channel = input.channel;
  if (channel === undefined && input.path !== undefined) {
    // The handler may be mounted under a prefix: the channel whose address ends the path, longest first.
    let best = -1;
    for (const [name, address] of Object.entries(rule.addresses)) {
      if ((input.path === address || input.path.endsWith(address)) && address.length > best) {
        channel = name;
        best = address.length;
      }
    }
  }
  if (channel === undefined) return missing('', 'this spec tells events apart by the address they are posted to: pass the request path or the channel');
  return own(rule.events, channel) ? known(rule, rule.events[channel]!) : { kind: 'unknown-event', unknownEvent: channel };
}

/** Which event a delivery is, by the rule; never throws. */
export function identify(rule: IdentityRule, input: IdentityInput): Identified {
  switch (rule.kind) {
    case 'body':
      return byBody(rule, input.body);
    case 'shape':
      return byShape(rule, input.body);
    case 'header': {
      const value = readHeader(input.headers, rule.header);
      if (value === undefined) return missing(`header ${rule.header}`, `the event name (header ${rule.header}) is missing`);
      return own(rule.events, value) ? known(rule, rule.events[value]!) : { kind: 'unknown-event', unknownEvent: value };
    }
    case 'address':
      return byAddress(rule, input);
    case 'single':
      return known(rule, rule.event);
  }
}
