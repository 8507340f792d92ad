import { lineCommentText } from '../codegen/escape.js';
import { propertyAccess } from '../codegen/identifiers.js';
import { dataLiteral, literalUnion, stringArray } from '../codegen/literals.js';
import { regionsBetween } from '../codegen/layout.js';
import { spec, type TemplateSet } from '../codegen/templates.js';
import { refName } from '../model/schema/normalize.js';
import { declarationOrder } from '../model/schema/graph.js';
import type { GenModel } from '../model/types.js';
import { FORMATS } from './checks/check-kinds.js';
import { checkFunction } from './checks/check-kinds.js';
import { printCheckModule } from './checks/print-checks.js';
import type { OutputFile } from './output-file.js';
import { runtimeFile } from './runtime-source.js';
import { eventSchemas } from './events.js';
import { identityHeaders, identityRule } from '../model/identity/rule.js';
import { zodExpression } from './zod/json-schema-to-zod.js';
import { layoutExportedAlias, layoutZodConstant } from './zod/zod-layout.js';

/**
 * The runtime validators: compiled checks behind `parseWebhookEvent` (no dependency, fast),
 * zod schemas with the same meaning for users who compose zod (with the proof that their types
 * are the Modelina models), and the formats both share.
 */

/** The constant holding a string schema per checked format the spec uses (schemas.ts.hbs declares it). */
const FORMAT_STRINGS = 'formatStrings';

export const schemaConstant = (typeName: string): string => `${typeName.charAt(0).toLowerCase()}${typeName.slice(1)}Schema`;
/** The local constant whose type zod infers (the exported one has its model's type spelled out). */
export const innerSchemaConstant = (typeName: string): string => `z${typeName}`;

function zodSchemas(model: GenModel, templates: TemplateSet): OutputFile {
  const { order, cyclic } = declarationOrder(model.schemas);
  const byName = new Map(model.schemas.map((s) => [s.name, s]));
  const declared = new Set<string>();
  const formats = new Set<string>();
  const schemas = order.map((name) => {
    const expression = zodExpression(byName.get(name)!.schema, {
      // The exported constant, typed as its model: the type zod infers for this schema then stops
      // at the model's name instead of spelling out the whole tree below it again.
      schemaConstant,
      isForward: (target) => !declared.has(target),
      formatCheck: (format) => (FORMATS.has(format) ? `(value) => typeof value !== 'string' || matchesFormat(${JSON.stringify(format)}, value)` : undefined),
      formattedString: (format) => (FORMATS.has(format) ? (formats.add(format), `${FORMAT_STRINGS}${propertyAccess(format)}`) : undefined),
    });
    declared.add(name);
    const inner = innerSchemaConstant(name);
    const constant = schemaConstant(name);
    // Laid out here where these rules are sure (and the exported line fits), else left to prettier.
    const laid = cyclic.has(name) ? undefined : layoutZodConstant(inner, expression);
    const exported = layoutExportedAlias(constant, `z.ZodType<models.${name}>`, inner);
    const settled = laid !== undefined && exported !== undefined ? `${laid}\n${exported}` : undefined;
    const printed = settled === undefined ? expression : laid!.slice(`const ${inner} = `.length, -1);
    // prettier breaks a long export after its `=`, or opens `typed(` on its line; the template prints the form laid out.
    const breakExport = settled !== undefined && exported!.includes('=\n');
    const hugExport = settled !== undefined && exported!.includes('typed(\n');
    return { name, constant, inner, expression: printed, settled, breakExport, hugExport };
  });
  const { factories, schemas: eventSchemaOf } = eventSchemas(model, schemaConstant);
  const events = model.events.map((e, i) => ({
    wireName: spec(e.wireName),
    constant: schemaConstant(e.payloadType),
    schema: eventSchemaOf[i]!,
    inner: innerSchemaConstant(e.payloadType),
  }));
  // A discriminated union needs one top-level body field with a constant in every event's schema.
  const source = model.identity.source;
  const field =
    source.kind === 'body' && source.paths.length === 1 && source.paths[0]!.length === 1 && model.events.every((e) => !e.literalIdentity)
      ? source.paths[0]![0]
      : undefined;
  // discriminatedUnion needs one field shared by all events, each an object with a literal there.
  const allObjects = model.events.every((e) => {
    const schema = byName.get(e.payloadType)?.schema;
    return schema !== undefined && refName(schema) === undefined && typeof schema.properties === 'object';
  });
  const union = typeof field === 'string' && allObjects ? { field: spec(field), inners: [...new Set(events.map((e) => e.inner))] } : undefined;
  const formatStrings = [...formats].sort().map((format) => ({ format: spec(format), message: spec(`expected format ${format}`) }));
  const usesFormats = formatStrings.length > 0 || schemas.some((s) => s.expression.includes('matchesFormat('));
  const contents = templates.render('schemas.ts.hbs', { schemas, events, factories, union, usesNamed: factories.length > 0, usesFormats, formatStrings });
  if (!templates.isBuiltin('schemas.ts.hbs')) return { path: 'schemas.ts', contents };
  // The rest of the file (imports, formatStrings, the event table, the type proof) goes to prettier.
  const settled = schemas.flatMap((s) => (s.settled === undefined ? [] : [s.settled]));
  return { path: 'schemas.ts', contents, formatted: true, unsettled: regionsBetween(contents, settled) };
}

function checksFile(model: GenModel, templates: TemplateSet): OutputFile {
  const { code, unsettled } = printCheckModule(model.schemas);
  // Most formats are checked inside Ctx.prim; import the helper only where a check calls it, so
  // the output compiles under noUnusedLocals.
  const contents = templates.render('checks.ts.hbs', { checks: code, usesFormats: code.includes('matchesFormat(') });
  // The built-in template is in prettier's form and so is the printed code, but for `unsettled`.
  return templates.isBuiltin('checks.ts.hbs') ? { path: 'checks.ts', contents, formatted: true, unsettled } : { path: 'checks.ts', contents };
}

export function emitValidators(model: GenModel, templates: TemplateSet): OutputFile[] {
  const events = model.events.map((e) => ({ wireName: spec(e.wireName), checkFunction: checkFunction(e.payloadType), channel: spec(e.channel) }));
  const endpoints = model.endpoints.map((e) => ({ channel: spec(e.channel) }));
  const channelType = literalUnion(model.endpoints.map((e) => e.channel));
  return [
    runtimeFile('event-identity.ts'),
    runtimeFile('formats.ts'),
    runtimeFile('request-path.ts'),
    runtimeFile('schema-typing.ts'),
    runtimeFile('validation-context.ts'),
    checksFile(model, templates),
    { path: 'validators.ts', contents: templates.render('validators.ts.hbs', { events, endpoints, channelType, ...identityData(model) }) },
    zodSchemas(model, templates),
  ];
}

/** The tables the printed rule refers to by name (validators.ts.hbs declares them). */
const RULE_TABLES = { events: 'EVENT_OF', addresses: 'ADDRESSES' };

/**
 * The identity rule as template data. The template prints the rule as identityRule() made it
 * (`identityRule`, the runtime's IdentityRule as data), with its tables beside it; it spells out
 * no kind of rule. Every spec string is printed here through the escaping helpers, or wrapped.
 */
function identityData(model: GenModel) {
  const rule = identityRule(model);
  const source = model.identity.source;
  const header = source.kind === 'header' ? source.name : undefined;
  return {
    reason: spec(model.identity.reason),
    identityRule: dataLiteral(rule, RULE_TABLES),
    identityHeaders: stringArray(identityHeaders(model)),
    headersNote: header !== undefined ? `needed: header ${lineCommentText(header)} names the event` : 'this spec names no event in a header',
    identityValues: Object.entries(rule.kind === 'single' ? {} : rule.events).map(([value, event]) => ({ value: spec(value), event: spec(event) })),
    address: rule.kind === 'address' ? Object.entries(rule.addresses).map(([channel, address]) => ({ channel: spec(channel), address: spec(address) })) : false,
    single: rule.kind === 'single' ? spec(rule.event) : false,
    ...formerIdentityData(model),
  };
}

/** What templates written for earlier versions read to spell the rule out: kept so they still render. */
function formerIdentityData(model: GenModel) {
  const source = model.identity.source;
  return {
    body: source.kind === 'body' ? source.paths.map((p) => p.map(spec)) : false,
    groups: source.kind === 'body' && source.groups === true,
    shape: source.kind === 'shape' ? source.paths.map((p) => p.map(spec)) : false,
    present: source.kind === 'shape' && source.present === true,
    identityHeader: source.kind === 'header' ? spec(source.name) : false,
    identityHeaderLower: source.kind === 'header' ? spec(source.name.toLowerCase()) : false,
  };
}
