// Bundles the compiled CLI (dist/src/cli.js, from `tsc`) and its dependencies into dist/bin/, the
// `bin` the package ships: start-up then reads a few files instead of resolving and compiling
// thousands of CommonJS modules one by one. What the CLI imports only when it needs it (the
// parser, Modelina, prettier) stays in chunks of its own, so `--check` on an up-to-date folder and
// `--help` never read them.
import { build } from 'esbuild';
import { copyFileSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { PRECOMPILED_DIR, precompiledEdits, precompileValidators } from './precompile-asyncapi.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const outdir = path.join(root, 'dist/bin');
const ownCode = path.join(root, 'dist/src') + path.sep;

/**
 * Our modules find the files they read at run time (templates/, src/runtime/, spec/, package.json)
 * relative to where tsc put them (`new URL('../../templates/', import.meta.url)`). In the bundle,
 * every module shares the bundle's import.meta.url, so each of ours gets back its own compiled
 * location, written relative to the bundle: the same paths then hold in the repository and in an
 * installed package, wherever that is.
 */
const keepModuleLocations = {
  name: 'keep-module-locations',
  setup(b) {
    b.onLoad({ filter: /\.js$/ }, (args) => {
      if (!args.path.startsWith(ownCode)) return undefined;
      const source = readFileSync(args.path, 'utf8');
      if (!source.includes('import.meta.url')) return undefined;
      const relative = path.relative(outdir, args.path).split(path.sep).join('/');
      const location = `new URL(${JSON.stringify(`./${relative}`)}, import.meta.url).href`;
      return { contents: source.replaceAll('import.meta.url', location), loader: 'js' };
    });
  },
};

/**
 * Modelina builds an input processor for every format it reads as soon as it is imported: AsyncAPI
 * (through three parser versions), OpenAPI and Swagger, TypeScript (through its own copy of the
 * TypeScript compiler), Avro and XSD. We hand it JSON Schema only (src/emit/modelina-input.ts), so
 * the libraries behind the other processors would be 11 MiB of code loaded for nothing. In the
 * bundle they are replaced by modules whose every export throws, naming what was left out; the
 * bundled CLI's tests, and a run over the corpus, show the JSON Schema path never reaches them.
 */
const MODELINA_UNUSED_INPUTS = {
  '@asyncapi/multi-parser': ['ConvertDocumentParserAPIVersion', 'NewParser'],
  '@apidevtools/swagger-parser': ['default'],
  'typescript-json-schema': ['buildGenerator', 'generateSchema', 'getProgramFromFiles'],
  'fast-xml-parser': ['XMLParser'],
};
const modelinaDir = path.join(root, 'node_modules/@asyncapi/modelina') + path.sep;
const leaveOutModelinaInputs = {
  name: 'leave-out-modelina-inputs',
  setup(b) {
    const filter = new RegExp(
      `^(${Object.keys(MODELINA_UNUSED_INPUTS)
        .map((n) => n.replace(/[/.-]/g, '\\$&'))
        .join('|')})$`,
    );
    b.onResolve({ filter }, (args) => (args.importer.startsWith(modelinaDir) ? { path: args.path, namespace: 'left-out' } : undefined));
    b.onLoad({ filter: /.*/, namespace: 'left-out' }, (args) => {
      const fail = `() => { throw new Error(${JSON.stringify(`${args.path} is not part of this build: leonardo-webhook-gen gives Modelina JSON Schema only`)}); }`;
      const exports = MODELINA_UNUSED_INPUTS[args.path].map((name) =>
        name === 'default' ? `export default new Proxy({}, { get: ${fail} });` : `export const ${name} = ${fail};`,
      );
      return { contents: exports.join('\n'), loader: 'js' };
    });
  },
};

/**
 * The AsyncAPI parser runs on Spectral with a ruleset it builds itself (never one of ours or a
 * user's). On every start Spectral checks that ruleset against its ruleset JSON Schema and compiles
 * an options validator for each of its ~40 rule functions, with ajv: about a quarter of a second of
 * code generation before the first rule runs. The bundle trusts the parser's own ruleset (the tests,
 * which run the unbundled sources, still validate it): the options it gives each function are
 * taken as they are (they are the parser's constants; the validator compiled for them cost ~50 ms
 * and always said yes), and each function's input validator, which decides whether the function
 * runs, is compiled on first use, so only the functions that run pay. Each edit must match its source exactly,
 * or the build stops: a new Spectral version is then looked at, not silently left unpatched.
 */
const SPECTRAL_EDITS = {
  'node_modules/@stoplight/spectral-core/dist/ruleset/validation/assertions.js': [
    ['exports.assertValidRuleset = assertValidRuleset;', 'exports.assertValidRuleset = function assertValidRuleset() {};'],
  ],
  'node_modules/@stoplight/spectral-core/dist/ruleset/function.js': [
    [
      'const validateOptions = options === null ? DEFAULT_OPTIONS_VALIDATOR : ajv.compile(options);',
      'const validateOptions = options === null ? DEFAULT_OPTIONS_VALIDATOR : TRUSTED_OPTIONS;',
    ],
    ['const validateInput = input !== null ? ajv.compile(input) : input;', 'const validateInput = input !== null ? compileOnFirstUse(input) : input;'],
    [
      'function createRulesetFunction(',
      `const TRUSTED_OPTIONS = () => true;
function compileOnFirstUse(schema) {
    let compiled;
    const validate = (data) => {
        compiled !== null && compiled !== void 0 ? compiled : (compiled = ajv.compile(schema));
        const valid = compiled(data);
        validate.errors = compiled.errors;
        return valid;
    };
    validate.errors = null;
    return validate;
}
function createRulesetFunction(`,
    ],
  ],
};
/**
 * @asyncapi/specs is the AsyncAPI JSON Schema of every version, 1.1 MiB of the bundle that V8 read
 * and built on every start, for the one version a document declares. The bundle gets a module in
 * its place whose `schemas` and `schemasWithoutId` have the same versions, in the same order, each
 * read from its JSON file (copied beside the bundle) when first used, and kept, as require() keeps
 * it. The parser lists the versions with Object.entries, which would read them all: it is edited to
 * list the keys, the only part it uses.
 */
const SPECS_DIR = 'asyncapi-specs';
const parserDir = path.join(root, 'node_modules/@asyncapi/parser') + path.sep;
function lazyAsyncApiSpecs() {
  const specsDir = path.join(root, 'node_modules/@asyncapi/specs');
  const specs = createRequire(path.join(specsDir, 'index.js'))('./index.js');
  const versions = Object.keys(specs.schemas);
  if (JSON.stringify(Object.keys(specs.schemasWithoutId)) !== JSON.stringify(versions) || Object.keys(specs).join() !== 'schemas,schemasWithoutId') {
    throw new Error('@asyncapi/specs no longer exports schemas and schemasWithoutId of the same versions: review lazyAsyncApiSpecs in scripts/bundle.mjs');
  }
  mkdirSync(path.join(outdir, SPECS_DIR), { recursive: true });
  for (const v of versions) {
    for (const file of [`${v}.json`, `${v}-without-$id.json`]) copyFileSync(path.join(specsDir, 'schemas', file), path.join(outdir, SPECS_DIR, file));
  }
  const contents = `const dir = ${JSON.stringify(`./${SPECS_DIR}/`)};
function lazy(suffix) {
  const out = {};
  for (const version of ${JSON.stringify(versions)}) {
    Object.defineProperty(out, version, {
      enumerable: true,
      configurable: true,
      get() {
        const schema = require(dir + version + suffix + '.json');
        Object.defineProperty(out, version, { value: schema, enumerable: true, writable: true, configurable: true });
        return schema;
      },
    });
  }
  return out;
}
module.exports = { schemas: lazy(''), schemasWithoutId: lazy('-without-$id') };
`;
  return {
    name: 'lazy-asyncapi-specs',
    setup(b) {
      b.onResolve({ filter: /^@asyncapi\/specs$/ }, (args) =>
        args.importer.startsWith(parserDir) ? { path: '@asyncapi/specs', namespace: 'lazy-specs' } : undefined,
      );
      b.onLoad({ filter: /.*/, namespace: 'lazy-specs' }, () => ({ contents, loader: 'js' }));
    },
  };
}
const SPECS_EDITS = {
  'node_modules/@asyncapi/parser/esm/ruleset/formats.js': [
    ['new Formats(Object.entries(schemas).reverse().map(([version]) =>', 'new Formats(Object.keys(schemas).reverse().map((version) =>'],
  ],
};

/** Applies edits to dependency files as esbuild reads them; each must match its source exactly once. */
const editDependencies = (edits) => ({
  name: 'edit-dependencies',
  setup(b) {
    const files = Object.keys(edits).map((f) =>
      path
        .join(root, f)
        .replace(/[\\^$.*+?()[\]{}|]/g, '\\$&')
        .replaceAll('/', '[\\\\/]'),
    );
    b.onLoad({ filter: new RegExp(`^(${files.join('|')})$`) }, (args) => {
      const file = path.relative(root, args.path).split(path.sep).join('/');
      const list = edits[file];
      if (list === undefined) return undefined;
      let source = readFileSync(args.path, 'utf8');
      for (const [from, to] of list) {
        if (source.split(from).length !== 2) throw new Error(`${file} no longer reads "${from}": review the dependency edits in scripts/bundle.mjs`);
        // A function, so `$&` or `$'` in the new text (a precompiled table's keys hold regular
        // expressions) is not read as a replacement pattern.
        source = source.replace(from, () => to);
      }
      return { contents: source, loader: 'js' };
    });
  },
});

const BANNER = [
  "import { createRequire as __lwgCreateRequire } from 'node:module';",
  "import { fileURLToPath as __lwgFileURLToPath } from 'node:url';",
  "import { dirname as __lwgDirname } from 'node:path';",
  'const require = __lwgCreateRequire(import.meta.url);',
  'const __filename = __lwgFileURLToPath(import.meta.url);',
  'const __dirname = __lwgDirname(__filename);',
].join('\n');

// The last build's table of formatted runtime files, kept when no runtime source has changed since
// and neither has the formatter (prettier's start is most of a rebuild in the edit loop).
const previousTable = (() => {
  try {
    const table = path.join(outdir, 'runtime-formatted.json');
    const built = statSync(table).mtimeMs;
    const formatter = [path.join(root, 'dist/src/output/format.js'), path.join(root, 'node_modules/prettier/package.json')];
    return formatter.every((f) => statSync(f).mtimeMs < built) ? JSON.parse(readFileSync(table, 'utf8')) : undefined;
  } catch {
    return undefined;
  }
})();
rmSync(outdir, { recursive: true, force: true });
const precompiled = await precompileValidators(root, path.join(outdir, PRECOMPILED_DIR));
const result = await build({
  // main.mjs: the same program as a function, for running it in a process of one's own (the tests do).
  entryPoints: { cli: path.join(root, 'dist/src/cli.js'), main: path.join(root, 'dist/src/cli/main.js') },
  outdir,
  outExtension: { '.js': '.mjs' },
  chunkNames: '[name]-[hash]',
  bundle: true,
  splitting: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  // jsonc-parser's `main` is a UMD build whose requires esbuild cannot follow; its ESM build works.
  mainFields: ['module', 'main'],
  // CommonJS dependencies call require() for Node's own modules and read __filename; an ES module
  // has neither of its own.
  banner: { js: BANNER },
  plugins: [
    keepModuleLocations,
    leaveOutModelinaInputs,
    editDependencies({ ...SPECTRAL_EDITS, ...precompiledEdits(precompiled), ...SPECS_EDITS }),
    lazyAsyncApiSpecs(),
  ],
  legalComments: 'eof',
  // Whitespace and syntax only: 6.7 -> 4.2 MiB for V8 to read and keep; names stay as written, so
  // stack traces (LEONARDO_WEBHOOK_GEN_DEBUG=1) still name our functions. Shortening names too
  // needs keepNames for that, which measured slower than no minifying at all.
  minifyWhitespace: true,
  minifySyntax: true,
  metafile: true,
  logLevel: 'warning',
});

/**
 * The runtime files (src/runtime/) are copied into every output, the same whatever the spec, and
 * are half of the TypeScript prettier would read per run. They are formatted here, once, by the
 * very function and options the CLI formats with; the CLI takes a file from this table only while
 * the SHA-256 of its source still matches (src/emit/runtime-source.ts).
 */
async function preformatRuntime() {
  const runtimeDir = path.join(root, 'src/runtime');
  const files = readdirSync(runtimeDir, { recursive: true })
    .map((f) => String(f).split(path.sep).join('/'))
    .filter((f) => f.endsWith('.ts'))
    .sort();
  const { formatFiles } = await import(pathToFileURL(path.join(root, 'dist/src/output/format.js')).href);
  const { sha256 } = await import(pathToFileURL(path.join(root, 'dist/src/emit/runtime-source.js')).href);
  const sources = files.map((f) => ({ path: f, contents: readFileSync(path.join(runtimeDir, f), 'utf8') }));
  const unchanged =
    previousTable !== undefined &&
    Object.keys(previousTable).length === sources.length &&
    sources.every((s) => previousTable[s.path]?.source === sha256(s.contents));
  if (unchanged) {
    writeFileSync(path.join(outdir, 'runtime-formatted.json'), `${JSON.stringify(previousTable)}\n`);
    return files.length;
  }
  const formatted = await formatFiles(sources);
  const table = Object.fromEntries(sources.map((s, i) => [s.path, { source: sha256(s.contents), formatted: formatted[i].contents }]));
  writeFileSync(path.join(outdir, 'runtime-formatted.json'), `${JSON.stringify(table)}\n`);
  return files.length;
}
const preformatted = await preformatRuntime();

// The built-in Handlebars templates, precompiled by the function the CLI checks them against
// (src/codegen/templates.ts): it takes one only while its text's SHA-256 matches.
const { precompileBuiltinTemplates } = await import(pathToFileURL(path.join(root, 'dist/src/codegen/templates.js')).href);
writeFileSync(path.join(outdir, 'templates-precompiled.cjs'), precompileBuiltinTemplates());

const outputs = Object.entries(result.metafile.outputs);
const bytes = outputs.reduce((sum, [, o]) => sum + o.bytes, 0);
console.log(
  `bundled ${Object.keys(result.metafile.inputs).length} modules into ${path.relative(root, outdir)}/ (${outputs.length} files, ${(bytes / 1024 / 1024).toFixed(1)} MiB); ${preformatted} runtime files formatted ahead`,
);
