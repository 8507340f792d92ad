import { spawn } from 'node:child_process';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * `node dist/test/run.js unit` runs the edit loop's tests: pure functions and in-process runs of
 * the CLI, no child process, no registry. `node dist/test/run.js all` runs every test
 * file, the package test included. A new test file is in `all` by default; list it here only if
 * it keeps those promises.
 */
export const UNIT = [
  'cli',
  'delivery-key',
  'diagnostics-policy',
  'escape',
  'fast-check',
  'golden',
  'header',
  'identifiers',
  'identity-prose',
  'identity-runtime',
  'normalize',
  'overlay',
  'package-manifest',
  'prettier-form',
  'readme',
  'receiver-properties',
  'receiver-secrets',
  'runtime-source',
  'sender-auth-bytes',
  'sender-auth-detect',
  'sender-auth-receiver',
  'sender-auth-receiver-core',
  'sender-auth-vectors',
  'sender-auth-verify',
  'suggest',
  'validators',
  'write',
  'zod-print',
];

const here = path.dirname(fileURLToPath(import.meta.url));
const which = process.argv[2];
if (which !== 'unit' && which !== 'all') {
  process.stderr.write('usage: node dist/test/run.js unit|all\n');
  process.exit(2);
}
/**
 * The longest files start first, so the two workers finish together instead of one of them
 * starting the package test last (a few minutes of wall time on 2 cores).
 */
const FIRST = ['package', 'corpus-webhooks', 'corpus', 'sender-auth-generated', 'evolve'].map((name) => `${name}.test.js`);
const all = readdirSync(here)
  .filter((f) => f.endsWith('.test.js'))
  .sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
function rank(file: string): number {
  const i = FIRST.indexOf(file);
  return i === -1 ? FIRST.length : i;
}
const files = which === 'unit' ? UNIT.map((name) => `${name}.test.js`).filter((f) => all.includes(f)) : all;
const child = spawn(process.execPath, ['--expose-gc', '--test', '--test-concurrency=2', ...files.map((f) => path.join(here, f))], { stdio: 'inherit' });
child.on('exit', (code, signal) => {
  process.exitCode = code ?? (signal ? 1 : 0);
});
