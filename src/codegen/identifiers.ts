import { GenError } from '../errors.js';
import { literal } from './escape.js';

/**
 * The one place where names from the spec become names in generated code. Type names are
 * PascalCase, value names camelCase; both avoid keywords and the globals our generated files use,
 * and a set of names that would map to the same identifier is an error naming every source.
 */

/** Words that cannot name a binding, plus TypeScript's type keywords. */
const KEYWORDS = new Set(
  (
    'break case catch class const continue debugger default delete do else enum export extends false ' +
    'finally for function if import in instanceof new null return super switch this throw true try ' +
    'typeof var void while with as implements interface let package private protected public static ' +
    'yield await any unknown never object string number boolean symbol bigint undefined type keyof ' +
    'readonly infer is asserts declare module namespace require arguments eval of'
  ).split(' '),
);

/**
 * Global and library names the generated code refers to. A spec schema called `Record` or
 * `Request` would shadow them and break the file, so such names get a suffix.
 */
const GLOBALS = new Set(
  (
    'Array Boolean Date Error Function JSON Map Math Number Object Promise Record RegExp Set String ' +
    'Symbol BigInt Partial Required Readonly Pick Omit Exclude Extract NonNullable ReturnType ' +
    'Parameters Awaited Uppercase Lowercase Request Response Headers URL Buffer Uint8Array ' +
    'ReadableStream TextDecoder TextEncoder AbortController AbortSignal Infinity NaN globalThis z'
  ).split(' '),
);

/** Names the generator itself exports from every output; spec names must not take them. */
export const GENERATOR_NAMES = new Set(['WebhookEvent', 'WebhookEventMap', 'WebhookEventName', 'WebhookGenRoot']);

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

export function isIdentifier(name: string): boolean {
  return IDENTIFIER.test(name) && !KEYWORDS.has(name);
}

/** Words of a wire name: split on anything not a letter or digit, and on lower→Upper steps. */
export function words(raw: string): string[] {
  return raw
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .split(/[^A-Za-z0-9]+/)
    .filter((w) => w !== '');
}

function capitalize(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1).toLowerCase();
}

/** Keeps an identifier that is already PascalCase as it is (`ApiKey` stays `ApiKey`). */
function pascalWord(word: string): string {
  return /^[A-Z][a-z0-9]*$/.test(word) ? word : capitalize(word);
}

function guard(name: string, fallback: string): string {
  let result = name === '' ? fallback : name;
  if (/^[0-9]/.test(result)) result = `_${result}`;
  if (KEYWORDS.has(result) || GLOBALS.has(result) || GENERATOR_NAMES.has(result)) result = `${result}_`;
  return result;
}

/** `image_generation.complete` → `ImageGenerationComplete`; `ApiKey` → `ApiKey`. */
export function typeName(raw: string): string {
  return guard(typeNamePart(raw), 'Unnamed');
}

/**
 * The PascalCase words of a name that goes after another part of a type name (`object` in
 * `…DataObject`): not guarded, since only a whole name can clash with a keyword or a global
 * (`Object` needs its `_`; `DataObject` does not). Empty when the name has no letter or digit.
 */
export function typeNamePart(raw: string): string {
  return words(raw).map(pascalWord).join('');
}

/** An object key as written in generated code: bare when it is a plain identifier, else quoted. */
export function propertyKey(name: string): string {
  return IDENTIFIER.test(name) ? name : literal(name);
}

/**
 * A key in an object literal (a value, not a type): `{ "__proto__": x }` would set the
 * prototype instead of a property, so that one key is written as computed.
 */
export function objectLiteralKey(name: string): string {
  return name === '__proto__' ? `[${literal(name)}]` : propertyKey(name);
}

/** The same rule for a key always written quoted (tables whose keys are spec values). */
export function quotedObjectKey(name: string): string {
  return name === '__proto__' ? `[${literal(name)}]` : literal(name);
}

/** A property access for `name`: `.name` or `["na-me"]`. */
export function propertyAccess(name: string): string {
  return IDENTIFIER.test(name) ? `.${name}` : `[${literal(name)}]`;
}

/**
 * Maps every source name to an identifier with `convert` and fails when two sources land on the
 * same identifier, naming them, because silently suffixing would make names depend on spec order.
 */
export function assignIdentifiers(sources: readonly string[], convert: (raw: string) => string, what: string): Map<string, string> {
  const byIdentifier = new Map<string, string[]>();
  const result = new Map<string, string>();
  for (const source of sources) {
    const id = convert(source);
    result.set(source, id);
    byIdentifier.set(id, [...(byIdentifier.get(id) ?? []), source]);
  }
  const collisions = [...byIdentifier].filter(([, names]) => new Set(names).size > 1);
  if (collisions.length > 0) {
    throw new GenError(
      `${what} names collide: different names map to the same TypeScript identifier`,
      collisions.map(([id, names]) => `${[...new Set(names)].map((n) => literal(n)).join(' and ')} all become ${id}`),
    );
  }
  return result;
}
