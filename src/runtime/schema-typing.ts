import { z } from 'zod';

/**
 * How schemas.ts gives each zod schema its model's type at the cost of one type argument.
 *
 * Annotating a zod schema as `z.ZodType<Model>` makes tsc compare the schema's whole class (a
 * `ZodObject`, a `ZodIntersection`: dozens of generic methods) with `ZodType`'s, about a thousand
 * types per schema and most of the time `tsc` spends on a generated folder. `typed` reads only the
 * type zod infers (`_zod.output`) and returns it as a `z.ZodType` of that type: assigning it to
 * `z.ZodType<Model>` then compares the inferred type with the model, nothing else. schemas.ts
 * still proves each model and its inferred type the same, both ways (`typesAgree`).
 */

/** What every zod schema carries: the type it infers. */
export interface Inferring<T> {
  readonly _zod: { readonly output: T };
}

/** A zod schema as a `z.ZodType` of the type it infers (a zod schema is one, by zod's own types). */
export function typed<T>(schema: Inferring<T>): z.ZodType<T> {
  return schema as unknown as z.ZodType<T>;
}

/**
 * An event's schema: its payload's schema and, intersected with it, the literal that names the
 * event (`{ type: 'charge.succeeded' }`). One generic function, checked once, in place of one
 * `z.intersection` per event that tsc would compare with `ZodType` event by event.
 */
export function named<T, N>(payload: z.ZodType<T>, name: Inferring<N>): z.ZodType<T & N> {
  return typed(z.intersection(payload, typed(name)));
}
