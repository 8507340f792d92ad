import { GenError } from '../errors.js';
import type { Schema } from './types.js';

/**
 * Finds the body field that tells an endpoint's events apart, rather than assuming `type`:
 * the top-level property that has exactly one constant value (`const`, or an enum of one) in every
 * message, with values distinct across messages. Leonardo and resend use `type`, figma and
 * typeform `event_type`, honeybadger `event`.
 */

export interface DiscriminatorInput {
  messageName: string;
  /** The payload's top-level schema, refs resolved. */
  schema: Schema;
}

export interface Discriminator {
  field: string;
  /** The constant of each message, in input order. */
  values: string[];
}

/** Fields tried first when several qualify, then the rest in alphabetical order. */
const PREFERRED = ['type', 'event_type', 'eventType', 'event', 'kind'];

function constants(schema: Schema): Map<string, unknown> {
  const out = new Map<string, unknown>();
  const properties = schema.properties;
  if (typeof properties !== 'object' || properties === null) return out;
  for (const [key, value] of Object.entries(properties as Record<string, Schema>)) {
    if (value && 'const' in value) out.set(key, value.const);
  }
  return out;
}

const show = (v: unknown) => JSON.stringify(v);

function checkField(field: string, inputs: DiscriminatorInput[]): { values: string[] } | { problems: string[] } {
  const problems: string[] = [];
  const seen = new Map<string, string>();
  const values: string[] = [];
  for (const input of inputs) {
    const consts = constants(input.schema);
    if (!consts.has(field)) {
      problems.push(`message ${input.messageName} has no constant value for "${field}"`);
      continue;
    }
    const value = consts.get(field);
    if (typeof value !== 'string') {
      problems.push(`message ${input.messageName} has a non-string "${field}": ${show(value)}`);
      continue;
    }
    const other = seen.get(value);
    if (other !== undefined) problems.push(`messages ${other} and ${input.messageName} both have "${field}" = ${show(value)}`);
    seen.set(value, input.messageName);
    values.push(value);
  }
  return problems.length > 0 ? { problems } : { values };
}

/**
 * Returns the discriminator of an endpoint's messages, null when there is one message and no
 * candidate (such an endpoint dispatches by channel), or throws naming what went wrong.
 */
export function findDiscriminator(channel: string, inputs: DiscriminatorInput[], forced?: string): Discriminator | null {
  if (forced !== undefined) {
    const result = checkField(forced, inputs);
    if ('problems' in result) {
      throw new GenError(`--discriminator ${forced} does not tell the messages of channel ${channel} apart`, result.problems);
    }
    return { field: forced, values: result.values };
  }
  const candidates = [...constants(inputs[0]?.schema ?? {}).keys()].filter((field) => inputs.every((input) => constants(input.schema).has(field)));
  candidates.sort((a, b) => {
    const pa = PREFERRED.indexOf(a);
    const pb = PREFERRED.indexOf(b);
    if (pa !== pb) return (pa < 0 ? PREFERRED.length : pa) - (pb < 0 ? PREFERRED.length : pb);
    return a < b ? -1 : 1;
  });
  const tried: string[] = [];
  for (const field of candidates) {
    const result = checkField(field, inputs);
    if ('values' in result) return { field, values: result.values };
    tried.push(...result.problems);
  }
  if (inputs.length === 1) return null;
  throw new GenError(`cannot tell the ${inputs.length} messages of channel ${channel} apart: no top-level field has a distinct constant value in each`, [
    ...(tried.length > 0
      ? tried
      : inputs.map((i) => `message ${i.messageName}: constant fields ${[...constants(i.schema).keys()].map(show).join(', ') || 'none'}`)),
    'give each message a top-level field with a `const` (or one-value `enum`), name it with --discriminator <field>,',
    'or generate only other channels with --channel <name>',
  ]);
}
