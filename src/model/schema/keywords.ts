/**
 * The JSON Schema keywords the generator knows, in three kinds: those a normalized schema keeps
 * (what the emitters read, enforced or printed as documentation), those that constrain values but
 * are not enforced (reported when dropped), and those read elsewhere or only annotating. Anything
 * else in a payload schema is an unknown keyword, reported with the known one it most likely
 * misspells (`tpye` -> `type`).
 */

import type { Diagnostic } from '../../load/diagnostics.js';

export const KEPT: ReadonlySet<string> = new Set([
  'type',
  'properties',
  'required',
  'additionalProperties',
  'items',
  'enum',
  'const',
  'format',
  'description',
  'title',
  'default',
  'examples',
  'example',
  'minimum',
  'maximum',
  'exclusiveMinimum',
  'exclusiveMaximum',
  'multipleOf',
  'minLength',
  'maxLength',
  'pattern',
  'minItems',
  'maxItems',
  'uniqueItems',
  'minProperties',
  'maxProperties',
  'anyOf',
  'oneOf',
  'deprecated',
  'readOnly',
  'writeOnly',
]);
/** Keywords that constrain values but that the generated validators do not enforce. */
export const UNENFORCED: ReadonlySet<string> = new Set([
  'not',
  'if',
  'then',
  'else',
  'patternProperties',
  'dependencies',
  'dependentRequired',
  'dependentSchemas',
  'propertyNames',
  'contains',
  'unevaluatedProperties',
  'unevaluatedItems',
  'additionalItems',
  'prefixItems',
  'minContains',
  'maxContains',
]);
/**
 * Keywords of JSON Schema, AsyncAPI and OpenAPI that are read elsewhere (`allOf`, `nullable`) or
 * only annotate. Anything else in a schema is most likely a typo (`tpye: string` would otherwise
 * silently make the property `unknown`), so it is reported with its location.
 */
export const ANNOTATIONS: ReadonlySet<string> = new Set([
  '$ref',
  '$id',
  '$schema',
  '$comment',
  '$anchor',
  '$defs',
  '$dynamicRef',
  '$dynamicAnchor',
  '$vocabulary',
  'definitions',
  'allOf',
  'nullable',
  'discriminator',
  'externalDocs',
  'xml',
  'contentEncoding',
  'contentMediaType',
  'contentSchema',
  'id',
]);
const KNOWN = [...KEPT, ...UNENFORCED, ...ANNOTATIONS];

/** An unknown keyword in a schema: `at` is its JSON path in the document, for a file:line:column. */
export interface UnknownKeyword {
  keyword: string;
  /** The schema's path as notes show it. */
  where: string;
  at: string[];
  /** A known keyword one or two edits away, when there is one. */
  suggestion?: string;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      const swap = i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1] ? previous[j - 2]! : Infinity;
      row[j] = Math.min(previous[j]! + 1, row[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1), swap);
    }
    previous = row;
  }
  return previous[b.length]!;
}

/** The known keyword closest to `word`, if it is at most two edits away (`tpye` → `type`). */
export function suggestKeyword(word: string): string | undefined {
  let best: { keyword: string; distance: number } | undefined;
  for (const keyword of KNOWN) {
    const distance = editDistance(word.toLowerCase(), keyword.toLowerCase());
    if (distance <= 2 && distance < word.length && (best === undefined || distance < best.distance)) best = { keyword, distance };
  }
  return best?.keyword;
}

/** What normalizing the payload schemas found, as warnings: unknown keywords, and allOf contradictions loosened. */
export function schemaWarnings(
  found: {
    unknownKeywords: ReadonlyArray<{ keyword: string; at: string[]; suggestion?: string }>;
    loosened: ReadonlyArray<{ text: string; at: string[] }>;
  },
  locate: (at: readonly string[]) => string,
): { unknown: Diagnostic[]; loosened: Diagnostic[] } {
  return {
    unknown: found.unknownKeywords.map((u) => ({
      class: 'keyword',
      code: 'unknown-keyword',
      message: `"${u.keyword}"${u.suggestion !== undefined ? ` (did you mean "${u.suggestion}"?)` : ''}`,
      location: locate(u.at),
      where: u.at.join('.'),
    })),
    loosened: found.loosened.map((l) => ({ class: 'loosened', code: 'allof-contradiction', message: l.text, location: locate(l.at), where: l.at.join('.') })),
  };
}
