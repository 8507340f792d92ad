// Whole-process measurements for the benches: wall seconds and peak resident memory, via
// /usr/bin/time when the machine has it (GNU time's %M), else wall time only.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';

const GNU_TIME = '/usr/bin/time';
export const hasPeakMemory = existsSync(GNU_TIME);

/** Runs a command once; returns { wall: seconds, peakMiB: number | null, status }. */
export function measure(command, args, options = {}) {
  if (hasPeakMemory) {
    const result = spawnSync(GNU_TIME, ['-f', '@@%e %M', command, ...args], { encoding: 'utf8', ...options });
    const match = /@@([\d.]+) (\d+)/.exec(result.stderr ?? '');
    if (!match) throw new Error(`could not measure ${command}: ${result.stderr}`);
    return { wall: Number(match[1]), peakMiB: Number(match[2]) / 1024, status: result.status, stderr: result.stderr };
  }
  const start = process.hrtime.bigint();
  const result = spawnSync(command, args, { encoding: 'utf8', ...options });
  return { wall: Number(process.hrtime.bigint() - start) / 1e9, peakMiB: null, status: result.status, stderr: result.stderr };
}

export const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

export function summary(label, runs) {
  const walls = runs.map((r) => r.wall);
  const mems = runs.map((r) => r.peakMiB).filter((m) => m !== null);
  const wall = `${median(walls).toFixed(2)} s [${Math.min(...walls).toFixed(2)}-${Math.max(...walls).toFixed(2)}]`;
  const mem = mems.length > 0 ? `${median(mems).toFixed(0)} MiB [${Math.min(...mems).toFixed(0)}-${Math.max(...mems).toFixed(0)}]` : 'n/a';
  return `  ${label.padEnd(60)} ${wall.padEnd(24)} ${mem}`;
}

export function run(command, args, options = {}) {
  return execFileSync(command, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], ...options });
}

/**
 * The README's benchmark table comes from here and nowhere else: each bench records the rows it
 * measured (what, figure, target) in bench/results.json, and `node bench/readme.mjs --write`
 * puts them in README.md; a test fails when the README and this file disagree.
 */
export const RESULTS = new URL('./results.json', import.meta.url);

export function record(bench, rows) {
  const all = existsSync(RESULTS) ? JSON.parse(readFileSync(RESULTS, 'utf8')) : {};
  all[bench] = { node: process.version, rows };
  const sorted = Object.fromEntries(Object.entries(all).sort(([a], [b]) => (a < b ? -1 : 1)));
  writeFileSync(RESULTS, `${JSON.stringify(sorted, null, 2)}\n`);
}
