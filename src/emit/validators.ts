import { spec, type TemplateSet } from '../codegen/templates.js';
import { refName } from '../model/normalize-schema.js';
import { declarationOrder } from '../model/schema-graph.js';
import type { GenModel } from '../model/types.js';
import { checkFunction, FORMATS, printChecks } from './checks/print-checks.js';
import type { OutputFile } from './output-file.js';
import { runtimeSource } from './runtime-source.js';
import { zodExpression } from './zod/json-schema-to-zod.js';

/**
 * The runtime validators: compiled checks behind `parseWebhookEvent` (no dependency, fast),
 * zod schemas with the same meaning for users who compose zod (with the proof that their types
 * are the Modelina models), and the formats both share.
 */

export const schemaConstant = (typeName: string): string => `${typeName.charAt(0).toLowerCase()}${typeName.slice(1)}Schema`;
/** The local constant whose type zod infers (the exported one has its model's type spelled out). */
export const innerSchemaConstant = (typeName: string): string => `z${typeName}`;

function zodSchemas(model: GenModel, templates: TemplateSet): string {
  const { order, cyclic } = declarationOrder(model.schemas);
  const byName = new Map(model.schemas.map((s) => [s.name, s]));
  const declared = new Set<string>();
  const schemas = order.map((name) => {
    const expression = zodExpression(byName.get(name)!.schema, {
      schemaConstant: innerSchemaConstant,
      isForward: (target) => !declared.has(target),
      formatCheck: (format) => (FORMATS.has(format) ? `(value) => typeof value !== 'string' || matchesFormat(${JSON.stringify(format)}, value)` : undefined),
    });
    declared.add(name);
    return { name, constant: schemaConstant(name), inner: innerSchemaConstant(name), expression, annotated: cyclic.has(name) };
  });
  const events = model.events.map((e) => ({ wireName: spec(e.wireName), constant: schemaConstant(e.payloadType), inner: innerSchemaConstant(e.payloadType) }));
  const fields = new Set(model.endpoints.map((e) => e.discriminator));
  const field = [...fields][0];
  // discriminatedUnion needs one field shared by all events, each an object with a literal there.
  const allObjects = model.events.every((e) => {
    const schema = byName.get(e.payloadType)?.schema;
    return schema !== undefined && refName(schema) === undefined && typeof schema.properties === 'object';
  });
  const union =
    fields.size === 1 && typeof field === 'string' && allObjects ? { field: spec(field), inners: [...new Set(events.map((e) => e.inner))] } : undefined;
  const usesFormats = schemas.some((s) => s.expression.includes('matchesFormat('));
  return templates.render('schemas.ts.hbs', { schemas, events, union, cyclic: cyclic.size > 0, usesFormats });
}

function checksFile(model: GenModel, templates: TemplateSet): string {
  const checks = printChecks(model.schemas);
  // Most formats are checked inside Ctx.prim; import the helper only where a check calls it, so
  // the output compiles under noUnusedLocals.
  return templates.render('checks.ts.hbs', { checks, usesFormats: checks.includes('matchesFormat(') });
}

export function emitValidators(model: GenModel, templates: TemplateSet): OutputFile[] {
  const events = model.events.map((e) => ({ wireName: spec(e.wireName), checkFunction: checkFunction(e.payloadType), channel: spec(e.channel) }));
  const endpoints = model.endpoints.map((e) => ({
    channel: spec(e.channel),
    discriminator: e.discriminator === null ? null : spec(e.discriminator),
  }));
  return [
    { path: 'formats.ts', contents: runtimeSource('formats.ts') },
    { path: 'validation-context.ts', contents: runtimeSource('validation-context.ts') },
    { path: 'checks.ts', contents: checksFile(model, templates) },
    { path: 'validators.ts', contents: templates.render('validators.ts.hbs', { events, endpoints }) },
    { path: 'schemas.ts', contents: zodSchemas(model, templates) },
  ];
}
