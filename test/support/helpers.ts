import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cp, mkdtemp, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import type { main as Main } from '../../src/cli/main.js';

/** Shared by the test files: paths, an in-process CLI, temporary folders and the type checker. */

export const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
export const SEED_SPEC = path.join(ROOT, 'spec/leonardo.asyncapi.yaml');
export const FIXTURES = path.join(ROOT, 'generated-fixtures');
/**
 * generated-fixtures/ (the seed, and extended/) as JavaScript: the project's own build compiles it
 * once, into another folder than its sources, so tests import it from here instead of compiling
 * it again per test file.
 */
export const COMPILED_FIXTURES = path.join(ROOT, 'dist/generated-fixtures');
export const CORPUS = path.join(ROOT, '../shared/corpus');
export const TSC = path.join(ROOT, 'node_modules/typescript/bin/tsc');

const run = promisify(execFile);

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * The program the package ships: the build's bundle of src/cli/main.ts (dist/bin/main.mjs, beside
 * the bin). In this process, a run costs what a user's does (the bundle's validators of the AsyncAPI
 * schemas are precompiled; the sources compile them per document: about a second per test file).
 */
const { main } = (await import(pathToFileURL(path.join(ROOT, 'dist/bin/main.mjs')).href)) as { main: typeof Main };

/** Runs the CLI in this process, as the shell would from `cwd`. */
export async function cli(args: string[], cwd = ROOT): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const code = await main(args, { out: (t) => (stdout += t), err: (t) => (stderr += t), cwd });
  return { code, stdout, stderr };
}

export async function tempDir(label: string): Promise<string> {
  return mkdtemp(path.join(tmpdir(), `lwg-${label}-`));
}

export async function removeDir(dir: string): Promise<void> {
  await rm(dir, { recursive: true, force: true });
}

/** Every file below `dir` with its contents, for "left exactly as it was" assertions. */
export async function snapshot(dir: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  const walk = async (sub: string) => {
    let entries;
    try {
      entries = await readdir(path.join(dir, sub), { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) {
      const rel = sub === '' ? entry.name : `${sub}/${entry.name}`;
      if (entry.isDirectory()) await walk(rel);
      else out[rel] = await readFile(path.join(dir, rel), 'utf8');
    }
  };
  await walk('');
  return out;
}

export async function copyDir(from: string, to: string): Promise<void> {
  await cp(from, to, { recursive: true });
}

export type Resolution = 'nodenext' | 'bundler';

/** The strict flags users are told to expect (README.md, "What your tsconfig needs"). */
const STRICT = {
  strict: true,
  noUncheckedIndexedAccess: true,
  // Users compile with these too: generated code must not trip them.
  noUnusedLocals: true,
  noUnusedParameters: true,
  exactOptionalPropertyTypes: true,
  verbatimModuleSyntax: true,
  target: 'ES2022',
  module: 'NodeNext',
  moduleResolution: 'NodeNext',
  skipLibCheck: true,
  types: ['node'],
};

/**
 * Type-checks `files` (relative to `dir`) with the strict flags users are told to expect, under
 * the given module resolution. Returns tsc's output; empty means it passed.
 */
export async function typecheck(
  dir: string,
  files: string[],
  resolution: Resolution,
  extra: Record<string, unknown> = {},
): Promise<{ ok: boolean; output: string }> {
  const config = {
    compilerOptions: {
      ...STRICT,
      ...extra,
      noEmit: true,
      module: resolution === 'nodenext' ? 'NodeNext' : 'ESNext',
      moduleResolution: resolution === 'nodenext' ? 'NodeNext' : 'Bundler',
    },
    files,
  };
  // A user's project: ESM, with our dependencies installed beside it.
  await writeFile(path.join(dir, 'package.json'), '{ "type": "module", "private": true }\n');
  await symlink(path.join(ROOT, 'node_modules'), path.join(dir, 'node_modules'), 'dir').catch((e: NodeJS.ErrnoException) => {
    if (e.code !== 'EEXIST') throw e;
  });
  const configFile = path.join(dir, `tsconfig.${resolution}.json`);
  await writeFile(configFile, JSON.stringify(config, null, 2));
  try {
    await run(process.execPath, [TSC, '-p', configFile], { cwd: dir });
    return { ok: true, output: '' };
  } catch (error) {
    const e = error as { stdout?: string; stderr?: string };
    return { ok: false, output: `${e.stdout ?? ''}${e.stderr ?? ''}` };
  }
}

/**
 * The JavaScript of a generated folder without type-checking it, in this process: TypeScript's
 * transpiler writes a `.js` beside each `.ts`. For tests that run the generated code; the
 * type-checking tests check it.
 */
export async function transpileOutput(folder: string): Promise<void> {
  const ts = (await import('typescript')).default;
  const walk = async (dir: string): Promise<void> => {
    for (const entry of await readdir(dir, { withFileTypes: true })) {
      const file = path.join(dir, entry.name);
      if (entry.isDirectory()) await walk(file);
      else if (entry.name.endsWith('.ts')) {
        const { outputText } = ts.transpileModule(await readFile(file, 'utf8'), {
          compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022, verbatimModuleSyntax: false },
          fileName: file,
        });
        await writeFile(file.replace(/\.ts$/, '.js'), outputText);
      }
    }
  };
  await walk(folder);
  await writeFile(path.join(folder, 'package.json'), '{ "type": "module" }\n');
}

/** Compiles one generated folder (see compileOutputs) and returns where its JavaScript is; throws on a type error. */
export async function compileOutput(dir: string, folder: string): Promise<string> {
  const { output, tests } = await compileOutputs(dir, [folder]);
  if (output !== '') throw new Error(`${folder} does not type-check:\n${output}`);
  return path.dirname(tests[0]!);
}

/** Runs a compiled generated test file with node's test runner; returns its TAP output. */
export async function runGeneratedTests(file: string | string[]): Promise<{ ok: boolean; output: string }> {
  const files = typeof file === 'string' ? [file] : file;
  try {
    // Inside a test run node sets NODE_TEST_CONTEXT, which would send the child's report to us
    // over a private channel instead of stdout.
    const env = { ...process.env };
    delete env.NODE_TEST_CONTEXT;
    const { stdout } = await run(process.execPath, ['--test', '--test-reporter=tap', ...files], {
      cwd: path.dirname(files[0]!),
      env,
      maxBuffer: 64 * 1024 * 1024,
    });
    return { ok: true, output: stdout };
  } catch (error) {
    const e = error as { stdout?: string; stderr?: string };
    return { ok: false, output: `${e.stdout ?? ''}${e.stderr ?? ''}` };
  }
}

/**
 * Type-checks many generated folders of `dir` with the strict flags of `typecheck` and compiles
 * them in the same tsc run (to `dir/js/<folder>`, fixtures copied beside): checking and emitting
 * separately cost two full checks, and tsc's start-up dominates for small outputs. Returns tsc's
 * output (empty: it passed) and each folder's compiled generated test files.
 */
export async function compileOutputs(dir: string, folders: string[]): Promise<{ output: string; tests: string[] }> {
  const outDir = path.join(dir, 'js');
  const roots = ['index.ts', 'receiver-node.ts', 'webhooks.test.ts', 'sender-auth.test.ts'];
  const files = folders.flatMap((folder) => roots.filter((f) => existsSync(path.join(dir, folder, f))).map((f) => `${folder}/${f}`));
  const config = { compilerOptions: { ...STRICT, outDir, rootDir: '.' }, files };
  await writeFile(path.join(dir, 'package.json'), '{ "type": "module", "private": true }\n');
  await symlink(path.join(ROOT, 'node_modules'), path.join(dir, 'node_modules'), 'dir').catch((e: NodeJS.ErrnoException) => {
    if (e.code !== 'EEXIST') throw e;
  });
  const configFile = path.join(dir, 'tsconfig.emit-all.json');
  await writeFile(configFile, JSON.stringify(config, null, 2));
  let output = '';
  try {
    await run(process.execPath, [TSC, '-p', configFile], { cwd: dir, maxBuffer: 64 * 1024 * 1024 });
  } catch (error) {
    const e = error as { stdout?: string; stderr?: string };
    output = `${e.stdout ?? ''}${e.stderr ?? ''}`;
  }
  for (const folder of folders) await cp(path.join(dir, folder, 'fixtures'), path.join(outDir, folder, 'fixtures'), { recursive: true }).catch(() => undefined);
  const tests = folders.flatMap((folder) =>
    ['webhooks.test.js', 'sender-auth.test.js'].map((f) => path.join(outDir, folder, f)).filter((f) => f.endsWith('webhooks.test.js') || existsSync(f)),
  );
  return { output, tests };
}
