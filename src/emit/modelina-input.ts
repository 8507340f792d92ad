import { REF_PREFIX } from '../model/schema/normalize.js';
import type { GenModel } from '../model/types.js';
import { printerInput, type PrinterSchema } from './printer-input.js';

/**
 * The JSON Schema document Modelina reads: every named schema as a definition with `$id` set to
 * its type name, and a root `oneOf` over the event payloads so every definition is reachable.
 * Keys are encoded and annotations dropped (printer-input.ts); the preset in models.ts decodes
 * the keys and prints them through our own key function.
 */

export const ROOT_NAME = 'WebhookGenRoot';

export function modelinaInput(model: GenModel): PrinterSchema {
  const definitions: PrinterSchema = {};
  for (const named of model.schemas) definitions[named.name] = { $id: named.name, ...printerInput(named.schema) };
  const payloads = [...new Set(model.events.map((e) => e.payloadType))];
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    $id: ROOT_NAME,
    definitions,
    oneOf: payloads.map((name) => ({ $ref: `${REF_PREFIX}${name}` })),
  };
}
