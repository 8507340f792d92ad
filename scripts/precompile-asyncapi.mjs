// The AsyncAPI parser checks every document against the AsyncAPI JSON Schema of its version, twice
// (resolved and as written), through Spectral's `schema` function and ajv. ajv turns that schema
// (hundreds of definitions) into JavaScript on every run, before it validates anything: about a
// fifth of a whole generation. ajv can write that JavaScript out instead ("standalone code"), so
// the build does it here, once per AsyncAPI version, with the very schema object the parser builds
// (its own getSchema) and the ajv, ajv-formats and ajv-errors Spectral validates with, configured
// as Spectral configures its all-errors instance; likewise the JSON Schema meta-schemas every ajv
// instance compiles. precompiledEdits (below), which the bundle's dependency edits apply
// (scripts/bundle-dependencies.mjs), has Spectral and ajv take these validators for those schemas;
// any other schema is compiled at run time as before.
import { build } from 'esbuild';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** Spectral's options for its all-errors ajv instance (spectral-functions/dist/schema/ajv.js). */
const SPECTRAL_AJV_OPTIONS = { allErrors: true, meta: true, messages: true, strict: false, allowUnionTypes: true, unicodeRegExp: false };

/**
 * Writes `<dir>/asyncapi-<version>.cjs` for each AsyncAPI 2.x and 3.x version the parser knows,
 * each exporting `resolved` and `unresolved`, and `<dir>/ajv-errors-metaschema.cjs`; returns
 * `{ schemas: { $id: [file, export] }, metaschemas: { JSON of the metaschema: file }, metaEnvs:
 * { metaEnvKey: [file, export] } }`. Compiling
 * them all takes seconds, so the result is kept in node_modules/.cache, under a key made of this
 * script and the exact versions of every package that shapes the code.
 */
export async function precompileValidators(root, dir) {
  const cache = path.join(root, 'node_modules/.cache/leonardo-webhook-gen', `validators-${cacheKey(root)}`);
  if (!existsSync(path.join(cache, 'index.json'))) {
    const fresh = `${cache}.${process.pid}`;
    await compileAll(root, fresh);
    rmSync(cache, { recursive: true, force: true });
    renameSync(fresh, cache);
  }
  cpSync(cache, dir, { recursive: true });
  return JSON.parse(readFileSync(path.join(dir, 'index.json'), 'utf8'));
}

function cacheKey(root) {
  const fromParser = createRequire(path.join(root, 'node_modules/@asyncapi/parser/cjs/ruleset/ruleset.js'));
  const fromSpectral = createRequire(fromParser.resolve('@stoplight/spectral-functions/dist/schema/ajv.js'));
  const version = (req, name) => `${name}@${JSON.parse(readFileSync(req.resolve(`${name}/package.json`), 'utf8')).version}`;
  const hash = createHash('sha256').update(readFileSync(fileURLToPath(import.meta.url)));
  for (const name of ['@asyncapi/parser', '@asyncapi/specs', '@stoplight/spectral-functions']) hash.update(version(fromParser, name));
  for (const name of ['ajv', 'ajv-formats', 'ajv-errors', 'esbuild']) hash.update(version(fromSpectral, name));
  return hash.digest('hex').slice(0, 16);
}

async function compileAll(root, dir) {
  const fromParser = createRequire(path.join(root, 'node_modules/@asyncapi/parser/cjs/ruleset/ruleset.js'));
  const spectralSchemaFn = path.dirname(fromParser.resolve('@stoplight/spectral-functions/dist/schema/ajv.js'));
  const fromSpectral = createRequire(path.join(spectralSchemaFn, 'ajv.js'));
  const { getSchema } = fromParser('./functions/documentStructure.js');
  const { AsyncAPIFormats } = fromParser('./formats.js');
  const Ajv = fromSpectral('ajv').default;
  const { _ } = fromSpectral('ajv');
  const standaloneCode = fromSpectral('ajv/dist/standalone').default;
  const addFormats = fromSpectral('ajv-formats').default;
  const addErrors = fromSpectral('ajv-errors');
  const draft4 = fromSpectral('./draft4.json');
  const draft6 = fromSpectral('ajv/dist/refs/json-schema-draft-06.json');

  mkdirSync(dir, { recursive: true });
  const index = { schemas: {}, metaschemas: {}, metaEnvs: {} };
  // The generated code requires ajv's run-time helpers and ajv-formats' formats: bundled into each
  // file, resolved from Spectral's folder so they are the versions Spectral runs with.
  const bundleValidator = (contents, file, resolveDir = spectralSchemaFn) =>
    build({
      stdin: { contents, resolveDir, sourcefile: file, loader: 'js' },
      outfile: path.join(dir, file),
      bundle: true,
      platform: 'node',
      format: 'cjs',
      target: 'node20',
      minify: true,
      legalComments: 'none',
      logLevel: 'warning',
    });
  for (const [version, format] of AsyncAPIFormats) {
    // 1.x and the 2.0.0 release candidates are refused by the parser anyway: left to run-time compiling.
    if (!/^[23]\.\d+\.\d+$/.test(version)) continue;
    const ajv = new Ajv({ ...SPECTRAL_AJV_OPTIONS, code: { source: true, formats: _`require("ajv-formats/dist/formats").fullFormats` } });
    addFormats(ajv);
    addErrors(ajv);
    ajv.addSchema(draft4);
    ajv.addSchema(draft6);
    const exports = {};
    for (const [name, resolved] of [
      ['resolved', true],
      ['unresolved', false],
    ]) {
      const schema = getSchema(new Set([format]), resolved);
      ajv.compile(schema);
      exports[name] = schema.$id;
    }
    const file = `asyncapi-${version}.cjs`;
    await bundleValidator(standaloneCode(ajv, exports), file);
    for (const [name, id] of Object.entries(exports)) index.schemas[id] = [file, name];
  }

  // ajv-errors' keyword comes with a metaschema for its values, which ajv compiles in every instance
  // it is added to: Spectral's function-options instance, its all-errors instance and the parser's
  // own, about 50 ms each. ajv-errors requires allErrors, the one option its code depends on.
  const metaAjv = new Ajv({ ...SPECTRAL_AJV_OPTIONS, code: { source: true } });
  addErrors(metaAjv);
  const errorMessage = metaAjv.getKeyword('errorMessage');
  const metaFile = 'ajv-errors-metaschema.cjs';
  await bundleValidator(standaloneCode(metaAjv, errorMessage.validateSchema), metaFile);
  index.metaschemas[JSON.stringify(errorMessage.metaSchema)] = metaFile;

  // The JSON Schema meta-schemas: each ajv instance compiles draft-07's (Spectral's, draft-06 as
  // well) to check the schemas added to it, about 80 ms of a seed run over five instances. They are
  // precompiled for the instances runs make (every corpus document's run checked): Spectral's
  // all-errors one (the draft-06 object wrapped by tslib's __importStar as Spectral imports it,
  // so the schemas match) and spectral-core's for rule options. Any other compiles as before.
  const { __importStar } = fromSpectral('tslib');
  const coreDir = path.join(path.dirname(fromParser.resolve('@stoplight/spectral-core')), 'ruleset');
  const fromCore = createRequire(path.join(coreDir, 'function.js'));
  const DRAFTS = { draft07: 'http://json-schema.org/draft-07/schema', draft06: 'http://json-schema.org/draft-06/schema#' };
  const configs = [
    { file: 'metaschemas-all-errors.cjs', from: fromSpectral, dir: spectralSchemaFn, options: SPECTRAL_AJV_OPTIONS, drafts: DRAFTS },
    // spectral-core/dist/ruleset/function.js
    {
      file: 'metaschemas-rule-options.cjs',
      from: fromCore,
      dir: coreDir,
      options: { allErrors: true, allowUnionTypes: true, strict: true, keywords: ['x-internal'] },
      drafts: { draft07: DRAFTS.draft07 },
    },
  ];
  for (const { file, from, dir: resolveDir, options, drafts } of configs) {
    const ajv = new (from('ajv').default)({ ...options, code: { source: true, formats: _`require("ajv-formats/dist/formats").fullFormats` } });
    if (options.allErrors) from('ajv-errors')(ajv);
    from('ajv-formats').default(ajv);
    if (drafts.draft06 !== undefined) {
      ajv.addSchema(__importStar(draft4));
      ajv.addSchema(__importStar(draft6));
    }
    await bundleValidator(standaloneCode(ajv, drafts), file, resolveDir);
    for (const [name, id] of Object.entries(drafts)) {
      const env = ajv.getSchema(id).schemaEnv;
      // A meta-schema compiles with ajv's meta options (formats not validated), the rest with its options.
      index.metaEnvs[metaEnvKey(env.meta ? ajv._metaOpts : ajv.opts, ajv.formats, env.schema)] = [file, name];
    }
  }

  writeFileSync(path.join(dir, 'index.json'), `${JSON.stringify(index, null, 2)}\n`);
  return index;
}

/**
 * What a meta-schema's compiled code depends on: the schema itself, and the options in effect and
 * the formats of the ajv instance compiling it. The bundle computes the same key (its source is
 * this function's), and takes a precompiled validator only for a key made here.
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
export const precompiledEdits = (index) => ({
  'node_modules/@stoplight/spectral-functions/dist/schema/ajv.js': [
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
  ],
  // ajv compiles a keyword's metaschema in every instance the keyword is added to; ajv-errors' is
  // taken precompiled where its code is the same (all-errors instances, the metaschema unchanged).
  'node_modules/ajv/dist/core.js': [
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
  ],
  // Each ajv instance compiles the JSON Schema meta-schemas it checks schemas against; those
  // compiled for this very schema, options and formats are taken precompiled (scripts/precompile-asyncapi.mjs).
  'node_modules/ajv/dist/compile/index.js': [
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
  ],
});
