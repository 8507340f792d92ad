// Bundles the compiled CLI (dist/src/cli.js, from `tsc`) and its dependencies into dist/bin/, the
// `bin` the package ships: start-up then reads a few files instead of resolving and compiling
// thousands of CommonJS modules one by one. What the CLI imports only when it needs it (the
// parser, Modelina, prettier) stays in chunks of its own, so `--check` on an up-to-date folder and
// `--help` never read them.
import { build } from 'esbuild';
import { readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { dependencyPlugins } from './bundle-dependencies.mjs';
import { precompileValidators } from './precompile-asyncapi.mjs';
import { PRECOMPILED_DIR, precompiledEdits } from './precompiled-edits.mjs';

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
/** @type {import('esbuild').Plugin} */
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
  plugins: [keepModuleLocations, ...dependencyPlugins(root, outdir, precompiledEdits(precompiled))],
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
  const { sha256 } = await import(pathToFileURL(path.join(root, 'dist/src/hash.js')).href);
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
