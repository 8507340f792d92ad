// The AsyncAPI parser checks every document against the AsyncAPI JSON Schema of its version, twice
// (resolved and as written), through Spectral's `schema` function and ajv. ajv turns that schema
// (hundreds of definitions) into JavaScript on every run, before it validates anything: about a
// fifth of a whole generation. ajv can write that JavaScript out instead ("standalone code"), so
// the build does it here, once per AsyncAPI version, with the very schema object the parser builds
// (its own getSchema) and the ajv, ajv-formats and ajv-errors Spectral validates with, configured
// as Spectral configures its all-errors instance; likewise the JSON Schema meta-schemas every ajv
// instance compiles. precompiledEdits (scripts/precompiled-edits.mjs), which the bundle's dependency edits apply
// (scripts/bundle-dependencies.mjs), has Spectral and ajv take these validators for those schemas;
// any other schema is compiled at run time as before.
import { build } from 'esbuild';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { metaEnvKey } from './precompiled-edits.mjs';

/** @typedef {import('./precompiled-edits.mjs').PrecompiledIndex} PrecompiledIndex */
/** @typedef {ReturnType<typeof spectralModules>} SpectralModules */
/** @typedef {ReturnType<typeof validatorBundler>} BundleValidator */

/** Spectral's options for its all-errors ajv instance (spectral-functions/dist/schema/ajv.js). */
const SPECTRAL_AJV_OPTIONS = { allErrors: true, meta: true, messages: true, strict: false, allowUnionTypes: true, unicodeRegExp: false };

/**
 * Writes `<dir>/asyncapi-<version>.cjs` for each AsyncAPI 2.x and 3.x version the parser knows,
 * each exporting `resolved` and `unresolved`, and `<dir>/ajv-errors-metaschema.cjs`; returns
 * `{ schemas: { $id: [file, export] }, metaschemas: { JSON of the metaschema: file }, metaEnvs:
 * { metaEnvKey: [file, export] } }`. Compiling
 * them all takes seconds, so the result is kept in node_modules/.cache, under a key made of this
 * script and the exact versions of every package that shapes the code.
 * @param {string} root the project
 * @param {string} dir where the bundle takes them from
 * @returns {Promise<PrecompiledIndex>}
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

/** @param {string} root */
function cacheKey(root) {
  const fromParser = createRequire(path.join(root, 'node_modules/@asyncapi/parser/cjs/ruleset/ruleset.js'));
  const fromSpectral = createRequire(fromParser.resolve('@stoplight/spectral-functions/dist/schema/ajv.js'));
  /** @type {(req: NodeRequire, name: string) => string} */
  const version = (req, name) => `${name}@${JSON.parse(readFileSync(req.resolve(`${name}/package.json`), 'utf8')).version}`;
  const hash = createHash('sha256').update(readFileSync(fileURLToPath(import.meta.url)));
  // metaEnvKey, which names the compiled meta-schemas, lives there.
  hash.update(readFileSync(fileURLToPath(new URL('precompiled-edits.mjs', import.meta.url))));
  for (const name of ['@asyncapi/parser', '@asyncapi/specs', '@stoplight/spectral-functions']) hash.update(version(fromParser, name));
  for (const name of ['ajv', 'ajv-formats', 'ajv-errors', 'esbuild']) hash.update(version(fromSpectral, name));
  return hash.digest('hex').slice(0, 16);
}

/**
 * @param {string} root
 * @param {string} dir
 */
async function compileAll(root, dir) {
  const modules = spectralModules(root);
  mkdirSync(dir, { recursive: true });
  /** @type {PrecompiledIndex} */
  const index = { schemas: {}, metaschemas: {}, metaEnvs: {} };
  const bundleValidator = validatorBundler(dir, modules.spectralSchemaFn);
  await compileAsyncApiSchemas(modules, bundleValidator, index);
  await compileErrorsMetaschema(modules, bundleValidator, index);
  await compileMetaschemas(modules, bundleValidator, index);
  writeFileSync(path.join(dir, 'index.json'), `${JSON.stringify(index, null, 2)}\n`);
  return index;
}

/** The parser's schemas and the very ajv, ajv-formats and ajv-errors Spectral validates with. */
/** @param {string} root */
function spectralModules(root) {
  const fromParser = createRequire(path.join(root, 'node_modules/@asyncapi/parser/cjs/ruleset/ruleset.js'));
  const spectralSchemaFn = path.dirname(fromParser.resolve('@stoplight/spectral-functions/dist/schema/ajv.js'));
  const fromSpectral = createRequire(path.join(spectralSchemaFn, 'ajv.js'));
  return {
    fromParser,
    spectralSchemaFn,
    fromSpectral,
    getSchema: fromParser('./functions/documentStructure.js').getSchema,
    AsyncAPIFormats: fromParser('./formats.js').AsyncAPIFormats,
    Ajv: fromSpectral('ajv').default,
    _: fromSpectral('ajv')._,
    standaloneCode: fromSpectral('ajv/dist/standalone').default,
    addFormats: fromSpectral('ajv-formats').default,
    addErrors: fromSpectral('ajv-errors'),
    draft4: fromSpectral('./draft4.json'),
    draft6: fromSpectral('ajv/dist/refs/json-schema-draft-06.json'),
  };
}

/**
 * The generated code requires ajv's run-time helpers and ajv-formats' formats: bundled into each
 * file, resolved from Spectral's folder so they are the versions Spectral runs with.
 * @param {string} dir
 * @param {string} spectralSchemaFn
 */
function validatorBundler(dir, spectralSchemaFn) {
  /** @type {(contents: string, file: string, resolveDir?: string) => Promise<unknown>} */
  const bundle = (contents, file, resolveDir = spectralSchemaFn) =>
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
  return bundle;
}

/**
 * @param {SpectralModules} m
 * @param {BundleValidator} bundleValidator
 * @param {PrecompiledIndex} index
 */
async function compileAsyncApiSchemas(m, bundleValidator, index) {
  for (const [version, format] of m.AsyncAPIFormats) {
    // 1.x and the 2.0.0 release candidates are refused by the parser anyway: left to run-time compiling.
    if (!/^[23]\.\d+\.\d+$/.test(version)) continue;
    const ajv = new m.Ajv({ ...SPECTRAL_AJV_OPTIONS, code: { source: true, formats: m._`require("ajv-formats/dist/formats").fullFormats` } });
    m.addFormats(ajv);
    m.addErrors(ajv);
    ajv.addSchema(m.draft4);
    ajv.addSchema(m.draft6);
    /** @type {Record<string, string>} */
    const exports = {};
    for (const [name, resolved] of /** @type {const} */ ([
      ['resolved', true],
      ['unresolved', false],
    ])) {
      const schema = m.getSchema(new Set([format]), resolved);
      ajv.compile(schema);
      exports[name] = schema.$id;
    }
    const file = `asyncapi-${version}.cjs`;
    await bundleValidator(m.standaloneCode(ajv, exports), file);
    for (const [name, id] of Object.entries(exports)) index.schemas[id] = [file, name];
  }
}

/**
 * ajv-errors' keyword comes with a metaschema for its values, which ajv compiles in every instance
 * it is added to: Spectral's function-options instance, its all-errors instance and the parser's
 * own, about 50 ms each. ajv-errors requires allErrors, the one option its code depends on.
 * @param {SpectralModules} m
 * @param {BundleValidator} bundleValidator
 * @param {PrecompiledIndex} index
 */
async function compileErrorsMetaschema(m, bundleValidator, index) {
  const metaAjv = new m.Ajv({ ...SPECTRAL_AJV_OPTIONS, code: { source: true } });
  m.addErrors(metaAjv);
  const errorMessage = metaAjv.getKeyword('errorMessage');
  const metaFile = 'ajv-errors-metaschema.cjs';
  await bundleValidator(m.standaloneCode(metaAjv, errorMessage.validateSchema), metaFile);
  index.metaschemas[JSON.stringify(errorMessage.metaSchema)] = metaFile;
}

/**
 * The JSON Schema meta-schemas: each ajv instance compiles draft-07's (Spectral's, draft-06 as
 * well) to check the schemas added to it, about 80 ms of a seed run over five instances. They are
 * precompiled for the instances runs make (every corpus document's run checked): Spectral's
 * all-errors one (the draft-06 object wrapped by tslib's __importStar as Spectral imports it,
 * so the schemas match) and spectral-core's for rule options. Any other compiles as before.
 * @param {SpectralModules} m
 * @param {BundleValidator} bundleValidator
 * @param {PrecompiledIndex} index
 */
async function compileMetaschemas(m, bundleValidator, index) {
  const { __importStar } = m.fromSpectral('tslib');
  const coreDir = path.join(path.dirname(m.fromParser.resolve('@stoplight/spectral-core')), 'ruleset');
  const fromCore = createRequire(path.join(coreDir, 'function.js'));
  const DRAFTS = { draft07: 'http://json-schema.org/draft-07/schema', draft06: 'http://json-schema.org/draft-06/schema#' };
  /** @type {Array<{ file: string, from: NodeRequire, dir: string, options: Record<string, unknown>, drafts: { draft07: string, draft06?: string } }>} */
  const configs = [
    { file: 'metaschemas-all-errors.cjs', from: m.fromSpectral, dir: m.spectralSchemaFn, options: SPECTRAL_AJV_OPTIONS, drafts: DRAFTS },
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
    const ajv = new (from('ajv').default)({ ...options, code: { source: true, formats: m._`require("ajv-formats/dist/formats").fullFormats` } });
    if (options.allErrors) from('ajv-errors')(ajv);
    from('ajv-formats').default(ajv);
    if (drafts.draft06 !== undefined) {
      ajv.addSchema(__importStar(m.draft4));
      ajv.addSchema(__importStar(m.draft6));
    }
    await bundleValidator(m.standaloneCode(ajv, drafts), file, resolveDir);
    for (const [name, id] of Object.entries(drafts)) {
      const env = ajv.getSchema(id).schemaEnv;
      // A meta-schema compiles with ajv's meta options (formats not validated), the rest with its options.
      index.metaEnvs[metaEnvKey(env.meta ? ajv._metaOpts : ajv.opts, ajv.formats, env.schema)] = [file, name];
    }
  }
}
