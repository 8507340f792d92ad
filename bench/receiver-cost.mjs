// What the generated receiver costs where it is deployed (serverless cold starts): the cold
// import time of the receiver module as a whole process, against an empty Node process, with and
// without the zod schemas, and the size of what each import loads.
// Usage: npm run bench:receiver-cost (uses the compiled generated-fixtures/ in dist/)
import { statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { closure, measure, median, record } from './measure.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const dir = path.join(root, 'dist/generated-fixtures');
const RUNS = Number(process.env.BENCH_RUNS ?? 9);
const cases = {
  'empty node process': '',
  'receiver.js (validators, no zod)': `await import(${JSON.stringify(path.join(dir, 'receiver.js'))});`,
  'receiver.js + receiver-node.js': `await import(${JSON.stringify(path.join(dir, 'receiver.js'))}); await import(${JSON.stringify(path.join(dir, 'receiver-node.js'))});`,
  'index.js (everything, zod included)': `await import(${JSON.stringify(path.join(dir, 'index.js'))});`,
};
const results = {};
for (let i = 0; i <= RUNS; i++) {
  for (const [name, code] of Object.entries(cases)) {
    const r = measure(process.execPath, ['--input-type=module', '-e', code]);
    if (r.status !== 0) throw new Error(`${name}: ${r.stderr}`);
    if (i > 0) (results[name] ??= []).push(r);
  }
}
const base = median(results['empty node process'].map((r) => r.wall));
console.log(`cold import of the generated receiver, whole processes (median of ${RUNS} after a warm-up)`);
for (const [name, runs] of Object.entries(results)) {
  const wall = median(runs.map((r) => r.wall));
  const mem = runs[0].peakMiB === null ? '' : `  peak ${median(runs.map((r) => r.peakMiB)).toFixed(0)} MiB`;
  console.log(`  ${name.padEnd(40)} ${(wall * 1000).toFixed(0).padStart(5)} ms  (+${((wall - base) * 1000).toFixed(0)} ms over empty)${mem}`);
}
const size = (files) => files.reduce((sum, f) => sum + statSync(path.join(dir, f)).size, 0);
const receiverFiles = closure(dir, 'receiver.js');
console.log(`size: receiver and what it imports ${(size(receiverFiles) / 1024).toFixed(1)} KiB of JavaScript, no dependency;`);
const withZod = closure(dir, 'index.js');
console.log(`      ${receiverFiles.length} files: ${receiverFiles.join(', ')}`);
console.log(`      index.js, everything with the zod schemas: ${(size(withZod) / 1024).toFixed(1)} KiB in ${withZod.length} files, plus the zod package`);
const over = (name) => Math.round((median(results[name].map((r) => r.wall)) - base) * 1000);
record('receiver-cost', [
  [
    'cold import of the generated receiver',
    `+${over('receiver.js (validators, no zod)')} ms over an empty Node process (${Math.round(base * 1000)} ms); with zod (\`index.js\`) +${over('index.js (everything, zod included)')} ms; ${(size(receiverFiles) / 1024).toFixed(1)} KiB of JavaScript`,
    '',
  ],
]);
