import { spawn } from 'node:child_process';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Tests live in folders by what they need, so a new test file is run by where it is put, never by
 * a list someone must remember to extend:
 * - `unit/`: pure functions and in-process runs of the CLI; no child process, no registry, no
 *   listening socket. `node dist/test/run.js unit` runs these (the edit loop, about 20 s).
 * - `integration/`: generated output compiled and run, receivers on real sockets, Redis, corpora.
 * - `package/`: the packed tarball installed into a scratch project.
 * `node dist/test/run.js all` runs the three folders.
 */
export const FOLDERS = { unit: ['unit'], all: ['unit', 'integration', 'package'] } as const;

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
function rank(file: string): number {
  const i = FIRST.indexOf(path.basename(file));
  return i === -1 ? FIRST.length : i;
}
const files = FOLDERS[which]
  .flatMap((folder) =>
    readdirSync(path.join(here, folder))
      .filter((f) => f.endsWith('.test.js'))
      .map((f) => path.join(here, folder, f)),
  )
  .sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
const child = spawn(process.execPath, ['--expose-gc', '--test', '--test-concurrency=2', ...files], { stdio: 'inherit' });
child.on('exit', (code, signal) => {
  process.exitCode = code ?? (signal ? 1 : 0);
});
