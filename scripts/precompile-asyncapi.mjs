// The AsyncAPI parser checks every document against the AsyncAPI JSON Schema of its version, twice
// (resolved and as written), through Spectral's `schema` function and ajv. ajv turns that schema
// (hundreds of definitions) into JavaScript on every run, before it validates anything: about a
// fifth of a whole generation. ajv can write that JavaScript out instead ("standalone code"), so
// the build does it here, once per AsyncAPI version, with the very schema object the parser builds
// (its own getSchema) and the ajv, ajv-formats and ajv-errors Spectral validates with, configured
// as Spectral configures its all-errors instance. scripts/bundle.mjs then has Spectral take these
// validators for those schemas; any other schema is compiled at run time as before.
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
 * `{ schemas: { $id: [file, export] }, metaschemas: { JSON of the metaschema: file } }`. Compiling
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
  const index = { schemas: {}, metaschemas: {} };
  // The generated code requires ajv's run-time helpers and ajv-formats' formats: bundled into each
  // file, resolved from Spectral's folder so they are the versions Spectral runs with.
  const bundleValidator = (contents, file) =>
    build({
      stdin: { contents, resolveDir: spectralSchemaFn, sourcefile: file, loader: 'js' },
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

  writeFileSync(path.join(dir, 'index.json'), `${JSON.stringify(index, null, 2)}\n`);
  return index;
}
