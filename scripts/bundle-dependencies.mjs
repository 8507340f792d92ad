// The bundle's changes to its dependencies, each with its reason: what Modelina reads for inputs we
// never give it, what Spectral compiles on every start for a ruleset it built itself, and the
// AsyncAPI JSON Schemas of versions a document does not use. scripts/bundle.mjs applies them.
import { copyFileSync, mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

/**
 * Modelina builds an input processor for every format it reads as soon as it is imported: AsyncAPI
 * (through three parser versions), OpenAPI and Swagger, TypeScript (through its own copy of the
 * TypeScript compiler), Avro and XSD. We hand it JSON Schema only (src/emit/modelina-input.ts), so
 * the libraries behind the other processors would be 11 MiB of code loaded for nothing. In the
 * bundle they are replaced by modules whose every export throws, naming what was left out; the
 * bundled CLI's tests, and a run over the corpus, show the JSON Schema path never reaches them.
 */
/** @type {Record<string, string[]>} */
const MODELINA_UNUSED_INPUTS = {
  '@asyncapi/multi-parser': ['ConvertDocumentParserAPIVersion', 'NewParser'],
  '@apidevtools/swagger-parser': ['default'],
  'typescript-json-schema': ['buildGenerator', 'generateSchema', 'getProgramFromFiles'],
  'fast-xml-parser': ['XMLParser'],
};
/** @type {(modelinaDir: string) => import('esbuild').Plugin} */
const leaveOutModelinaInputs = (modelinaDir) => ({
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
      const exports = (MODELINA_UNUSED_INPUTS[args.path] ?? []).map((name) =>
        name === 'default' ? `export default new Proxy({}, { get: ${fail} });` : `export const ${name} = ${fail};`,
      );
      return { contents: exports.join('\n'), loader: 'js' };
    });
  },
});

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
 * @type {DependencyEdits}
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
/**
 * @param {string} root
 * @param {string} outdir
 * @returns {import('esbuild').Plugin}
 */
function lazyAsyncApiSpecs(root, outdir) {
  const parserDir = path.join(root, 'node_modules/@asyncapi/parser') + path.sep;
  const specsDir = path.join(root, 'node_modules/@asyncapi/specs');
  const specs = createRequire(path.join(specsDir, 'index.js'))('./index.js');
  const versions = Object.keys(specs.schemas);
  if (JSON.stringify(Object.keys(specs.schemasWithoutId)) !== JSON.stringify(versions) || Object.keys(specs).join() !== 'schemas,schemasWithoutId') {
    throw new Error(
      '@asyncapi/specs no longer exports schemas and schemasWithoutId of the same versions: review lazyAsyncApiSpecs in scripts/bundle-dependencies.mjs',
    );
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
/** @typedef {Record<string, Array<[from: string, to: string]>>} DependencyEdits */

/** @type {DependencyEdits} */
const SPECS_EDITS = {
  'node_modules/@asyncapi/parser/esm/ruleset/formats.js': [
    ['new Formats(Object.entries(schemas).reverse().map(([version]) =>', 'new Formats(Object.keys(schemas).reverse().map((version) =>'],
  ],
};

/**
 * Applies edits to dependency files as esbuild reads them; each must match its source exactly
 * once, and each file must be read: one the bundle no longer reaches (moved, nested elsewhere in
 * node_modules) stops the build rather than leaving its edit silently out.
 */
/** @type {(root: string, edits: DependencyEdits) => import('esbuild').Plugin} */
const editDependencies = (root, edits) => ({
  name: 'edit-dependencies',
  setup(b) {
    /** @type {Set<string>} */
    const edited = new Set();
    b.onEnd((result) => {
      if (result.errors.length > 0) return;
      const missed = Object.keys(edits).filter((file) => !edited.has(file));
      if (missed.length > 0) throw new Error(`the bundle never read ${missed.join(', ')}: review the dependency edits in scripts/bundle-dependencies.mjs`);
    });
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
        if (source.split(from).length !== 2)
          throw new Error(`${file} no longer reads "${from}": review the dependency edits in scripts/bundle-dependencies.mjs`);
        // A function, so `$&` or `$'` in the new text (a precompiled table's keys hold regular
        // expressions) is not read as a replacement pattern.
        source = source.replace(from, () => to);
      }
      edited.add(file);
      return { contents: source, loader: 'js' };
    });
  },
});

/**
 * The plugins, in the order they apply; `precompiled`: the edits that put the precompiled validators in.
 * @param {string} root
 * @param {string} outdir
 * @param {DependencyEdits} precompiled
 * @returns {import('esbuild').Plugin[]}
 */
export function dependencyPlugins(root, outdir, precompiled) {
  return [
    leaveOutModelinaInputs(path.join(root, 'node_modules/@asyncapi/modelina') + path.sep),
    editDependencies(root, { ...SPECTRAL_EDITS, ...precompiled, ...SPECS_EDITS }),
    lazyAsyncApiSpecs(root, outdir),
  ];
}
