// Whole-process measurements for the benches: wall seconds, CPU seconds (user + system) and peak
// resident memory, via /usr/bin/time when the machine has it (GNU time's %U %S %M), else wall time
// only. CPU time is the steadier figure on a shared machine: waiting for a core does not count.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const GNU_TIME = '/usr/bin/time';
export const hasPeakMemory = existsSync(GNU_TIME);

/** Runs a command once; returns { wall: seconds, cpu: seconds | null, peakMiB: number | null, status }. */
export function measure(command, args, options = {}) {
  if (hasPeakMemory) {
    const result = spawnSync(GNU_TIME, ['-f', '@@%e %M %U %S', command, ...args], { encoding: 'utf8', ...options });
    const match = /@@([\d.]+) (\d+) ([\d.]+) ([\d.]+)/.exec(result.stderr ?? '');
    if (!match) throw new Error(`could not measure ${command}: ${result.stderr}`);
    return { wall: Number(match[1]), cpu: Number(match[3]) + Number(match[4]), peakMiB: Number(match[2]) / 1024, status: result.status, stderr: result.stderr };
  }
  const start = process.hrtime.bigint();
  const result = spawnSync(command, args, { encoding: 'utf8', ...options });
  return { wall: Number(process.hrtime.bigint() - start) / 1e9, cpu: null, peakMiB: null, status: result.status, stderr: result.stderr };
}

export const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

export function summary(label, runs) {
  const range = (xs, digits, unit) =>
    xs.length === 0 ? 'n/a' : `${median(xs).toFixed(digits)} ${unit} [${Math.min(...xs).toFixed(digits)}-${Math.max(...xs).toFixed(digits)}]`;
  const wall = range(
    runs.map((r) => r.wall),
    2,
    's',
  );
  const cpu = range(
    runs.map((r) => r.cpu).filter((c) => c !== null),
    2,
    's',
  );
  const mem = range(
    runs.map((r) => r.peakMiB).filter((m) => m !== null),
    0,
    'MiB',
  );
  return `  ${label.padEnd(60)} ${wall.padEnd(24)} ${cpu.padEnd(24)} ${mem}`;
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

/** Every file a module in `dir` loads, itself included, following its relative imports (what an import really reads). */
export function closure(dir, entry) {
  const seen = new Set();
  const visit = (file) => {
    if (seen.has(file)) return;
    seen.add(file);
    const source = readFileSync(path.join(dir, file), 'utf8');
    for (const [, spec] of source.matchAll(/(?:^|\n)\s*(?:import|export)\b[^'";]*?['"](\.{1,2}\/[^'"]+)['"]/g)) {
      visit(path.posix.join(path.posix.dirname(file), spec));
    }
  };
  visit(entry);
  return [...seen].sort();
}
