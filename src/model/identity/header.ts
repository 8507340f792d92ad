import type { Schema } from '../types.js';
import type { Candidate } from './candidate.js';
import { describeSource, enumValueFor, NAME_SOURCES, nameFrom, nameLike, type NameSource } from './names.js';
import { clashes, summarize, type Outcome } from './outcome.js';

/**
 * Events told apart by a request header (`X-Gitlab-Event`, `X-Shopify-Topic`). A message's value
 * is the header's constant (or one-value enum) in its headers schema; else a name from names.ts,
 * but for a plain-string header only where the spec shows it: an extension (`x-topic`), or an
 * example value that has the name in it, which gives the pattern of every value
 * (`ContentManagement.Entry.publish` for channel `Entry.publish`).
 */

const HEADER_NAME = /event|topic/i;

interface HeaderField {
  schema: Schema;
  examples: string[];
}

/** A headers schema's properties, through `allOf` (headers are not normalized like payloads). */
function propertiesOf(schema: Schema | undefined, depth = 0): Record<string, Schema> {
  if (schema === undefined || depth > 10) return {};
  const parts = Array.isArray(schema.allOf) ? (schema.allOf as Schema[]).map((s) => propertiesOf(s, depth + 1)) : [];
  return Object.assign({}, ...parts, (schema.properties ?? {}) as Record<string, Schema>) as Record<string, Schema>;
}

function headerFields(c: Candidate): Map<string, HeaderField & { name: string }> {
  const out = new Map<string, HeaderField & { name: string }>();
  const properties = propertiesOf(c.headers);
  for (const [name, schema] of Object.entries(properties)) {
    if (typeof schema !== 'object' || schema === null) continue;
    const examples = [schema.example, ...(Array.isArray(schema.examples) ? schema.examples : [])];
    for (const e of c.examples) {
      const value = Object.entries(e.headers ?? {}).find(([k]) => k.toLowerCase() === name.toLowerCase())?.[1];
      examples.push(value);
    }
    out.set(name.toLowerCase(), { name, schema, examples: examples.filter((x): x is string => typeof x === 'string') });
  }
  return out;
}

function constantOf(schema: Schema): string | undefined {
  if (typeof schema.const === 'string') return schema.const;
  return Array.isArray(schema.enum) && schema.enum.length === 1 && typeof schema.enum[0] === 'string' ? schema.enum[0] : undefined;
}

/** From an example that contains one candidate's name: the text around it, to wrap every name in. */
function pattern(candidates: Candidate[], fields: Array<HeaderField | undefined>, source: NameSource): { before: string; after: string } | undefined {
  for (let i = 0; i < candidates.length; i++) {
    for (const example of fields[i]?.examples ?? []) {
      // Longest names first, so `orders/create` is not read as `create` wrapped in `orders/`.
      const names = candidates
        .map((c) => nameFrom(source, c))
        .filter((n): n is string => n !== undefined)
        .sort((a, b) => b.length - a.length);
      const name = names.find((n) => example.includes(n));
      if (name !== undefined) {
        const at = example.indexOf(name);
        return { before: example.slice(0, at), after: example.slice(at + name.length) };
      }
    }
  }
  return undefined;
}

export function byHeader(candidates: Candidate[], forced?: string, nameSources: readonly NameSource[] = NAME_SOURCES): Outcome {
  const tables = candidates.map(headerFields);
  const names = forced !== undefined ? [forced.toLowerCase()] : [...(tables[0]?.keys() ?? [])].filter((n) => HEADER_NAME.test(n)).sort();
  const tried: string[] = [];
  for (const header of names) {
    const fields = tables.map((t) => t.get(header));
    const shown = fields.find((f) => f !== undefined)?.name ?? forced ?? header;
    if (forced === undefined && fields.some((f) => f === undefined)) {
      tried.push(`${shown}: not in the headers of every message`);
      continue;
    }
    const constants = fields.map((f) => (f ? constantOf(f.schema) : undefined));
    const sources: Array<NameSource | 'constant'> = constants.every((v) => v !== undefined) ? ['constant'] : [...nameSources];
    for (const source of sources) {
      const around = source === 'constant' ? undefined : pattern(candidates, fields, source);
      // Without an example, only a stated extension (or the user's own --discriminator) gives values.
      if (source !== 'constant' && around === undefined && source !== 'extension' && forced === undefined) {
        tried.push(`${shown} from ${describeSource(source)}: no example value shows it`);
        continue;
      }
      const problems: string[] = [];
      const values = candidates.map((c, i) => {
        const constant = constants[i];
        if (constant !== undefined) return [constant];
        const name = source === 'constant' ? undefined : nameFrom(source, c);
        const enumValues = fields[i]?.schema.enum;
        const value =
          name === undefined
            ? undefined
            : Array.isArray(enumValues)
              ? enumValueFor(name, enumValues)
              : nameLike(name)
                ? `${around?.before ?? ''}${name}${around?.after ?? ''}`
                : undefined;
        if (value === undefined) problems.push(`message ${c.messageName} has no value from ${source === 'constant' ? 'a constant' : describeSource(source)}`);
        return [value ?? ''];
      });
      if (problems.length === 0) problems.push(...clashes(candidates, values));
      if (problems.length > 0) {
        tried.push(`${shown} from ${source === 'constant' ? 'constants' : describeSource(source)}: ${summarize(problems, 1)}`);
        continue;
      }
      const how = source === 'constant' ? 'a constant in each message' : `named by ${describeSource(source)}`;
      return { ok: true, source: { kind: 'header', name: shown }, values, literal: candidates.map(() => false), reason: `header ${shown} (${how})` };
    }
  }
  return { ok: false, why: names.length === 0 ? 'no message header is called like an event name (event, topic)' : summarize(tried, 2) };
}

/**
 * A header whatever it is called, where each message's headers declare it with a constant (a
 * one-value `enum` or `const`) and the constants differ: the spec names each event there. Tried
 * after the rules above, as its name does not say it names events.
 */
export function byDeclaredHeader(candidates: Candidate[]): Outcome {
  const tables = candidates.map(headerFields);
  const declared = [...(tables[0]?.keys() ?? [])]
    .filter((h) => !HEADER_NAME.test(h) && tables.every((t) => t.get(h) !== undefined && constantOf(t.get(h)!.schema) !== undefined))
    .sort();
  const tried: string[] = [];
  for (const header of declared) {
    const outcome = byHeader(candidates, tables[0]!.get(header)!.name);
    if (outcome.ok) return outcome;
    tried.push(outcome.why);
  }
  return { ok: false, why: declared.length === 0 ? 'no header has a constant in every message' : summarize(tried, 2) };
}

/** The headers every message declares, as the first message writes them. */
export function headerNames(candidates: Candidate[]): string[] {
  const tables = candidates.map(headerFields);
  return [...(tables[0]?.values() ?? [])].filter((f) => tables.every((t) => t.has(f.name.toLowerCase()))).map((f) => f.name);
}
