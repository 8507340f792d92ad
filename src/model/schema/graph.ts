import { REF_PREFIX } from './normalize.js';
import type { NamedSchema } from '../types.js';
import type { NormalizedSchema } from './normalized-schema.js';

/**
 * The order in which named schemas can be declared as constants (dependencies first), and which
 * references point back into a cycle. Emitters that print `const x = ...` need both: a forward
 * reference must be deferred (`z.lazy`, a function call) and its constant needs a type annotation.
 * And which schemas the events reach at all: only those become types.
 */

export function refsOf(schema: NormalizedSchema): string[] {
  const out: string[] = [];
  JSON.stringify(schema, (key, value: unknown) => {
    if (key === '$ref' && typeof value === 'string' && value.startsWith(REF_PREFIX)) out.push(value.slice(REF_PREFIX.length));
    return value;
  });
  return [...new Set(out)];
}

/** Only schemas an event payload uses: an allOf base merged into its users needs no type of its own. */
export function reachable(schemas: NamedSchema[], roots: string[]): NamedSchema[] {
  const byName = new Map(schemas.map((s) => [s.name, s]));
  const seen = new Set<string>();
  const visit = (name: string) => {
    if (seen.has(name) || !byName.has(name)) return;
    seen.add(name);
    refsOf(byName.get(name)!.schema).forEach(visit);
  };
  roots.forEach(visit);
  return schemas.filter((s) => seen.has(s.name));
}

export interface SchemaOrder {
  /** Names in declaration order: every non-cyclic dependency comes first. */
  order: string[];
  /** Names that take part in a reference cycle (including self-references). */
  cyclic: Set<string>;
}

export function declarationOrder(schemas: NamedSchema[]): SchemaOrder {
  const deps = new Map(schemas.map((s) => [s.name, refsOf(s.schema).filter((d) => d !== undefined)]));
  const order: string[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const cyclic = new Set<string>();
  const stack: string[] = [];
  const visit = (name: string) => {
    const seen = state.get(name);
    if (seen === 'done') return;
    if (seen === 'visiting') {
      // Everything on the stack from `name` up is in one cycle.
      for (const n of stack.slice(stack.indexOf(name))) cyclic.add(n);
      return;
    }
    state.set(name, 'visiting');
    stack.push(name);
    for (const dep of deps.get(name) ?? []) if (deps.has(dep)) visit(dep);
    stack.pop();
    state.set(name, 'done');
    order.push(name);
  };
  for (const s of schemas) visit(s.name);
  return { order, cyclic };
}
