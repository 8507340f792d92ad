import {
  ConstrainedDictionaryModel,
  TypeScriptGenerator,
  type ConstrainedArrayModel,
  type ConstrainedEnumModel,
  type ConstrainedMetaModel,
  type ConstrainedUnionModel,
  type ConstrainedObjectPropertyModel,
  type TypeScriptOptions,
} from '@asyncapi/modelina';
import { docComment, literal } from '../codegen/escape.js';
import { propertyKey } from '../codegen/identifiers.js';
import { GenError } from '../errors.js';
import type { GenModel, NamedSchema, NormalizedSchema } from '../model/types.js';
import { modelinaInput, ROOT_NAME } from './modelina-input.js';
import { decodeKey } from './printer-input.js';
import type { OutputFile } from './output-file.js';

/**
 * `models.ts`: one exported type per named schema, from Modelina. Modelina decides the shape of
 * each type (references, unions, arrays, nullability); every token that carries spec text (keys,
 * literals, descriptions) is printed by our presets through our escapers, because Modelina's own
 * printing drops falsy consts, quotes keys without escaping and turns `null` enum values into
 * strings (all seen on real specs).
 */

type Wrap = (type: string) => string;
const parenthesize: Wrap = (type) => (/[|&]/.test(type) ? `(${type})` : type);

function propertySchema(owner: NamedSchema | undefined, key: string): NormalizedSchema | undefined {
  const properties = owner?.schema.properties;
  return properties && Object.prototype.hasOwnProperty.call(properties, key) ? properties[key] : undefined;
}

function renderProperty(owner: NamedSchema | undefined, property: ConstrainedObjectPropertyModel): string {
  if (property.property instanceof ConstrainedDictionaryModel && property.property.serializationType === 'unwrap') {
    // additionalProperties: fields the spec did not name are allowed on the wire; say so honestly.
    return '[key: string]: unknown;';
  }
  const key = decodeKey(property.unconstrainedPropertyName);
  const schema = propertySchema(owner, key);
  const type = schema && 'const' in schema ? literal(schema.const) : property.property.type;
  return `${docComment(schema?.description)}${propertyKey(key)}${property.required ? '' : '?'}: ${type};`;
}

function generatorOptions(byName: Map<string, NamedSchema>): Partial<TypeScriptOptions> {
  return {
    modelType: 'interface',
    enumType: 'union',
    mapType: 'record',
    rawPropertyNames: true,
    processorOptions: { interpreter: { ignoreAdditionalProperties: true } },
    // Our names are already valid, unique identifiers (identifiers.ts); Modelina must keep them.
    constraints: { modelName: ({ modelName }: { modelName: string }) => modelName } as never,
    typeMapping: {
      Any: () => 'unknown',
      Array: ({ constrainedModel }: { constrainedModel: ConstrainedArrayModel }) => {
        const inner = parenthesize(constrainedModel.valueModel.type);
        return `${inner}[]${constrainedModel.options.isNullable ? ' | null' : ''}`;
      },
      Union: ({ constrainedModel }: { constrainedModel: ConstrainedUnionModel }) => {
        const parts = constrainedModel.union.map((m: ConstrainedMetaModel) =>
          m.options.const !== undefined ? literal(m.options.const.originalInput) : m.type,
        );
        if (constrainedModel.options.isNullable && !parts.includes('null')) parts.push('null');
        return [...new Set(parts)].join(' | ');
      },
      Dictionary: ({ constrainedModel }: { constrainedModel: ConstrainedDictionaryModel }) =>
        `Record<string, ${constrainedModel.value.type}>${constrainedModel.options.isNullable ? ' | null' : ''}`,
    } as never,
    presets: [
      {
        interface: {
          self: async ({ model, renderer }: { model: { name: string }; renderer: { renderProperties(): Promise<string>; indent(s: string): string } }) => {
            const owner = byName.get(model.name);
            const body = await renderer.renderProperties();
            return `${docComment(owner?.schema.description)}export interface ${model.name} {\n${renderer.indent(body)}\n}`;
          },
          property: ({ property, model }: { property: ConstrainedObjectPropertyModel; model: { name: string } }) =>
            renderProperty(byName.get(model.name), property),
        },
        enum: {
          self: ({ model }: { model: ConstrainedEnumModel }) => {
            const owner = byName.get(model.name);
            const listed = owner?.schema.enum;
            const values = Array.isArray(listed) ? listed : model.values.map((v) => v.originalInput);
            return `${docComment(owner?.schema.description)}export type ${model.name} = ${values.map(literal).join(' | ')};`;
          },
        },
        type: {
          self: ({ model }: { model: { name: string; type: string } }) => {
            const owner = byName.get(model.name);
            return `${docComment(owner?.schema.description)}export type ${model.name} = ${model.type};`;
          },
        },
      },
    ] as never,
  };
}

export async function emitModels(model: GenModel): Promise<OutputFile[]> {
  const byName = new Map(model.schemas.map((s) => [s.name, s]));
  const generator = new TypeScriptGenerator(generatorOptions(byName));
  const outputs = await generator.generate(modelinaInput(model));
  const rendered = outputs.filter((o) => o.modelName !== ROOT_NAME);
  const strays = rendered.filter((o) => !byName.has(o.modelName)).map((o) => o.modelName);
  if (strays.length > 0) {
    // A name we did not choose would not be stable across regenerations: refuse rather than guess.
    throw new GenError(`internal: Modelina produced types the model does not name: ${strays.sort().join(', ')}`, [], 3);
  }
  const missing = model.schemas.filter((s) => !rendered.some((o) => o.modelName === s.name)).map((s) => s.name);
  const aliases = missing.map((name) => `export type ${name} = ${inlineFallback(byName.get(name)!)};`);
  const blocks = [...rendered.map((o) => ({ name: o.modelName, text: o.result })), ...missing.map((name, i) => ({ name, text: aliases[i]! }))];
  blocks.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return [{ path: 'models.ts', contents: `${blocks.map((b) => b.text).join('\n\n')}\n` }];
}

/**
 * Modelina folds a definition that is a primitive, a map, a reference or a union of references
 * into its users and prints nothing for it; a payload can be any of those, so it gets an alias
 * printed here from the normalized schema.
 */
function inlineFallback(named: NamedSchema): string {
  return printType(named.schema);
}

function printType(schema: NormalizedSchema): string {
  if (typeof schema.$ref === 'string') return schema.$ref.slice(schema.$ref.lastIndexOf('/') + 1);
  if ('const' in schema) return literal(schema.const);
  if (Array.isArray(schema.enum)) return schema.enum.map(literal).join(' | ');
  const branches = schema.anyOf ?? schema.oneOf;
  if (Array.isArray(branches)) return union(branches.map(printType));
  const types = typeof schema.type === 'string' ? [schema.type] : Array.isArray(schema.type) ? schema.type : [];
  if (types.length === 0) return 'unknown';
  return union(
    types.map((t) => {
      if (t === 'array') return `${parenthesize(schema.items && !Array.isArray(schema.items) ? printType(schema.items) : 'unknown')}[]`;
      if (t === 'object') {
        const extra = schema.additionalProperties;
        return `Record<string, ${typeof extra === 'object' && extra !== null ? printType(extra) : 'unknown'}>`;
      }
      return PRIMITIVES[t] ?? 'unknown';
    }),
  );
}

const union = (parts: string[]): string => (parts.includes('unknown') ? 'unknown' : [...new Set(parts)].join(' | '));

const PRIMITIVES: Record<string, string> = {
  string: 'string',
  number: 'number',
  integer: 'number',
  boolean: 'boolean',
  null: 'null',
};
