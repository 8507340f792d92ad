/**
 * What a meta-schema's compiled code depends on: the schema itself, and the options in effect and
 * the formats of the ajv instance compiling it. The bundle computes the same key (its source is
 * this function's), and takes a precompiled validator only for a key made here. (Types in this
 * comment, never in the function: its source text is copied into the bundle.)
 * @param {Record<string, any>} o ajv's options (`opts`, or `_metaOpts` for a meta-schema)
 * @param {Record<string, unknown>} formatTable ajv's `formats`
 * @param {unknown} schema
 */
export function metaEnvKey(o, formatTable, schema) {
  const options = [o.allErrors, o.messages, o.verbose, o.$data, o.ownProperties, o.loopRequired, o.loopEnum, o.unicodeRegExp, o.allowUnionTypes];
  options.push(o.strictTypes, o.strictTuples, o.strictRequired, o.validateFormats, o.discriminator, o.unevaluated, o.dynamicRef, o.int32range);
  const formats = Object.keys(formatTable).sort();
  // The formats the meta-schemas use: a regular expression by its text, a function by its kind
  // (the bundle minifies function source, so its text would never match).
  const used = ['uri-reference', 'uri', 'regex'].map((f) => {
    const format = formatTable[f];
    return format instanceof RegExp ? String(format) : typeof format;
  });
  return JSON.stringify([options, o.code.es5, o.code.optimize, formats, used, schema]);
}

/**
 * Spectral's `schema` function, which the parser validates each document with, compiles the
 * AsyncAPI JSON Schema of the document's version with ajv on every run. The bundle gives it the
 * validators scripts/precompile-asyncapi.mjs wrote for those schemas instead (same ajv, same
 * options, same schema objects: the same errors), loaded only for the version a document declares.
 * Other schemas (a rule's options, a message's payload for its examples) compile as before.
 */
export const PRECOMPILED_DIR = 'validators';

/**
 * What precompileValidators wrote (scripts/precompile-asyncapi.mjs), by what asks for it.
 * @typedef {{ schemas: Record<string, [file: string, name: string]>, metaschemas: Record<string, string>, metaEnvs: Record<string, [file: string, name: string]> }} PrecompiledIndex
 */

/** @typedef {(index: PrecompiledIndex) => Array<[from: string, to: string]>} EditsOf */

/** @type {(index: PrecompiledIndex) => import('./bundle-dependencies.mjs').DependencyEdits} */
export const precompiledEdits = (index) => ({
  'node_modules/@stoplight/spectral-functions/dist/schema/ajv.js': spectralSchemaEdits(index),
  'node_modules/ajv/dist/core.js': ajvKeywordEdits(index),
  'node_modules/ajv/dist/compile/index.js': ajvCompileEdits(index),
});

/** @type {EditsOf} */
const spectralSchemaEdits = (index) => [
  [
    'function createAjvInstances() {',
    // The folder is a variable so that esbuild leaves the require to run time: relative to the
    // bundle's chunk, beside which the build wrote the validators.
    `const precompiledSchemas = ${JSON.stringify(index.schemas)};
const precompiledDir = ${JSON.stringify(`./${PRECOMPILED_DIR}/`)};
function precompiledValidator($id) {
    const at = precompiledSchemas[$id];
    return at === undefined ? undefined : require(precompiledDir + at[0])[at[1]];
}
function createAjvInstances() {`,
  ],
  [
    "if (typeof $id === 'string') {",
    `if (typeof $id === 'string') {
            const precompiled = allErrors && instances === ajvInstances.auto ? precompiledValidator($id) : undefined;
            if (precompiled !== undefined)
                return precompiled;`,
  ],
];

// ajv compiles a keyword's metaschema in every instance the keyword is added to; ajv-errors' is
// taken precompiled where its code is the same (all-errors instances, the metaschema unchanged).
/** @type {EditsOf} */
const ajvKeywordEdits = (index) => [
  [
    'function keywordMetaschema(def) {',
    `const precompiledMetaschemas = ${JSON.stringify(index.metaschemas)};
const precompiledMetaschemaDir = ${JSON.stringify(`./${PRECOMPILED_DIR}/`)};
function precompiledMetaschema(metaSchema, opts) {
    const file = opts.allErrors === true ? precompiledMetaschemas[JSON.stringify(metaSchema)] : undefined;
    return file === undefined ? undefined : require(precompiledMetaschemaDir + file);
}
function keywordMetaschema(def) {`,
  ],
  [
    'def.validateSchema = this.compile(metaSchema, true);',
    'def.validateSchema = precompiledMetaschema(metaSchema, this.opts) ?? this.compile(metaSchema, true);',
  ],
];

// Each ajv instance compiles the JSON Schema meta-schemas it checks schemas against; those
// compiled for this very schema, options and formats are taken precompiled (scripts/precompile-asyncapi.mjs).
/** @type {EditsOf} */
const ajvCompileEdits = (index) => [
  [
    'function compileSchema(sch) {',
    `const precompiledMetaEnvs = ${JSON.stringify(index.metaEnvs)};
const precompiledMetaEnvDir = ${JSON.stringify(`./${PRECOMPILED_DIR}/`)};
const META_IDS = new Set(['http://json-schema.org/draft-07/schema', 'http://json-schema.org/draft-07/schema#', 'http://json-schema.org/draft-06/schema#']);
const metaEnvKey = ${metaEnvKey.toString()};
function precompiledMetaEnv(ajv, sch) {
    const at = typeof sch.schema === 'object' && sch.schema !== null && META_IDS.has(sch.schema.$id) ? precompiledMetaEnvs[metaEnvKey(ajv.opts, ajv.formats, sch.schema)] : undefined;
    return at === undefined ? undefined : require(precompiledMetaEnvDir + at[0])[at[1]];
}
function compileSchema(sch) {`,
  ],
  [
    `    if (_sch)
        return _sch;`,
    `    if (_sch)
        return _sch;
    const precompiled = precompiledMetaEnv(this, sch);
    if (precompiled !== undefined) {
        sch.validate = precompiled;
        return sch;
    }`,
  ],
];
