// What the generated code costs every `tsc` run (and the editor, which runs the same checker): the
// generated output of the largest corpus specs type-checked as a whole folder (tsc --noEmit,
// strict, skipLibCheck, the project's TypeScript) against GitHub's whole webhook typing,
// `@octokit/webhooks-types`, in the same interleaved rounds; the ratios of CPU time, peak memory
// and type count; what dominates (--extendedDiagnostics, and --generateTrace summarised per file);
// and what the receiver loads: its size and cold import per spec (the seed, a signed spec, a
// header-identified spec).
// Usage: npm run bench:typecheck. The corpus is read from ../shared/corpus beside the repository;
// without it only the seed is measured, and the bench says so. BENCH_RUNS sets the rounds (3).
import { buildSync } from 'esbuild';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { closure, hasPeakMemory, measure, median, record, run } from './measure.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const cli = path.join(root, 'dist/bin/cli.mjs');
const tsc = path.join(root, 'node_modules/typescript/bin/tsc');
const corpus = path.join(root, '../shared/corpus/webhooks-more');
const work = path.join(tmpdir(), 'lwg-bench-typecheck');
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const OCTOKIT = '@octokit/webhooks-types';
const octokitVersion = JSON.parse(readFileSync(path.join(root, 'node_modules', OCTOKIT, 'package.json'), 'utf8')).version;

/** The specs whose output is type-checked: the corpus's largest (by events). */
const LARGEST = ['stripe', 'chargebee', 'shopify'];
/** Whose receiver is weighed: the seed (a bearer token, told apart by a body field), a signed spec, a header-identified one. */
const RECEIVERS = [
  ['seed (bearer token, body field)', path.join(root, 'spec/leonardo.asyncapi.yaml')],
  ['stripe (signed, body field)', path.join(corpus, 'stripe.yml')],
  ['shopify (signed, header names the event)', path.join(corpus, 'shopify.yml')],
];

const hasCorpus = existsSync(corpus);
if (!hasCorpus) console.log(`no corpus at ${corpus}: the corpus specs are skipped, only the seed's receiver is measured`);

rmSync(work, { recursive: true, force: true });
mkdirSync(work, { recursive: true });
symlinkSync(path.join(root, 'node_modules'), path.join(work, 'node_modules'), 'dir');
writeFileSync(path.join(work, 'package.json'), '{ "type": "module" }\n');

const generate = (spec, out) => run(process.execPath, [cli, spec, '-o', out, '-q']);
const options = (skipLibCheck) => ({
  strict: true,
  noEmit: true,
  target: 'ES2022',
  module: 'NodeNext',
  moduleResolution: 'NodeNext',
  skipLibCheck,
  types: ['node'],
});
/**
 * A folder tsc checks as one project: `files` relative to it, or everything under it.
 * @param {string} name
 * @param {{ skipLibCheck?: boolean, files?: string[], source?: string }} [settings]
 */
function project(name, { skipLibCheck = true, files, source } = {}) {
  const dir = path.join(work, name);
  mkdirSync(dir, { recursive: true });
  if (source !== undefined) writeFileSync(path.join(dir, 'entry.ts'), source);
  const config = { compilerOptions: options(skipLibCheck), ...(files ? { files } : { include: ['**/*.ts'] }) };
  writeFileSync(path.join(dir, 'tsconfig.json'), `${JSON.stringify(config, null, 2)}\n`);
  return dir;
}

// The baselines. `@octokit/webhooks-types` is one declaration file: with skipLibCheck on, tsc would
// skip it, so it is measured as the issue did (skipLibCheck off, which checks @types/node and the
// lib files too), beside the same project without it (what that part costs alone), and as a
// source file under the generated output's own options.
/**
 * With what each measured, added once measured.
 * @type {Array<{ name: string, dir: string, baseline?: boolean, floor?: boolean, spec?: string, wall?: number, cpu?: number | null, mem?: number | null, types?: number, instantiations?: number, check?: number }>}
 */
const projects = [
  {
    name: `${OCTOKIT} ${octokitVersion}, skipLibCheck off`,
    dir: project('octokit', { skipLibCheck: false, source: `import type { WebhookEvent } from '${OCTOKIT}';\nexport type Event = WebhookEvent;\n` }),
    baseline: true,
  },
  { name: 'the same project without it (skipLibCheck off)', dir: project('empty-nolibcheck', { skipLibCheck: false, source: 'export {};\n' }) },
  { name: `${OCTOKIT}'s declarations as a source file, skipLibCheck on`, dir: octokitAsSource() },
  { name: 'an empty project, skipLibCheck on (the floor)', dir: project('empty', { source: 'export {};\n' }), floor: true },
];
function octokitAsSource() {
  const dir = project('octokit-source', { files: ['schema.ts'] });
  copyFileSync(path.join(root, 'node_modules', OCTOKIT, 'schema.d.ts'), path.join(dir, 'schema.ts'));
  return dir;
}
const eventsOf = (dir) =>
  (readFileSync(path.join(dir, 'events.ts'), 'utf8')
    .match(/^const EVENT_NAMES[^]*?^\};/m)?.[0]
    .split('\n').length ?? 2) - 2;
if (hasCorpus) {
  for (const name of LARGEST) {
    const dir = path.join(work, `out-${name}`);
    generate(path.join(corpus, `${name}.yml`), dir);
    project(`out-${name}`);
    projects.push({ name: `${name}.yml (${eventsOf(dir)} events), the generated folder`, dir, spec: name });
  }
}

const runs = new Map(projects.map((p) => [p, []]));
for (let i = 0; i <= RUNS; i++) {
  // Rounds over every project, the first a warm-up: machine drift hits each alike.
  for (const p of projects) {
    const r = measure(process.execPath, [tsc, '-p', p.dir]);
    if (r.status !== 0) throw new Error(`${p.name} does not type-check: ${r.stderr}`);
    if (i > 0) runs.get(p).push(r);
  }
}
/** tsc's own counts, from one --extendedDiagnostics run. */
function diagnostics(dir) {
  const text = run(process.execPath, [tsc, '-p', dir, '--extendedDiagnostics']);
  const field = (label) => Number(new RegExp(`^${label}:\\s+([\\d.]+)`, 'm').exec(text)?.[1] ?? NaN);
  return { types: field('Types'), instantiations: field('Instantiations'), check: field('Check time') };
}
for (const p of projects) {
  const of = (f) => median(runs.get(p).map((r) => r[f]));
  Object.assign(p, { wall: of('wall'), cpu: hasPeakMemory ? of('cpu') : null, mem: hasPeakMemory ? of('peakMiB') : null }, diagnostics(p.dir));
}

const seconds = (p) => p.cpu ?? p.wall;
const unit = hasPeakMemory ? 'CPU' : 'wall';
const k = (n) => `${(n / 1000).toFixed(1)}k`;
console.log(
  `type-checking, whole tsc processes, TypeScript ${JSON.parse(readFileSync(path.join(root, 'node_modules/typescript/package.json'), 'utf8')).version} (median of ${RUNS} after a warm-up; ${unit} seconds)`,
);
for (const p of projects) {
  const mem = p.mem === null ? 'n/a' : `${p.mem.toFixed(0)} MiB`;
  console.log(
    `  ${p.name.padEnd(72)} ${seconds(p).toFixed(2)} s ${unit}  ${p.wall.toFixed(2)} s wall  ${mem.padStart(8)}  ${k(p.types).padStart(7)} types  ${k(p.instantiations).padStart(7)} instantiations  check ${p.check.toFixed(2)} s`,
  );
}
const base = projects.find((p) => p.baseline);
const floor = projects.find((p) => p.floor);
const ratio = (a, b) => (b ? `${(a / b).toFixed(2)}x` : 'n/a');
const outputs = projects.filter((p) => p.spec !== undefined);
if (outputs.length > 0) {
  console.log(`ratios to ${OCTOKIT} (skipLibCheck off, as the issue measured it; target <= 0.5x time and memory):`);
  for (const p of outputs) {
    console.log(
      `  ${p.spec.padEnd(10)} time ${ratio(seconds(p), seconds(base))}  memory ${p.mem === null ? 'n/a' : ratio(p.mem, base.mem)}  types ${ratio(p.types, base.types)}`,
    );
  }
  const over = (p) => `+${(seconds(p) - seconds(floor)).toFixed(2)} s, +${p.mem === null ? 'n/a' : (p.mem - floor.mem).toFixed(0)} MiB`;
  console.log(
    `over the empty project (${seconds(floor).toFixed(2)} s, ${floor.mem?.toFixed(0) ?? 'n/a'} MiB: tsc, the lib files and @types/node, which no output can go below):`,
  );
  for (const p of outputs) console.log(`  ${p.spec.padEnd(10)} ${over(p)}`);
}

/** Which files the checker spends its time in: --generateTrace's checkSourceFile spans, per file (types a file first needs count to it). */
function dominant(p) {
  const traceDir = path.join(work, `trace-${p.spec}`);
  run(process.execPath, [tsc, '-p', p.dir, '--generateTrace', traceDir]);
  const events = JSON.parse(readFileSync(path.join(traceDir, 'trace.json'), 'utf8'));
  const perFile = new Map();
  const open = [];
  for (const e of events) {
    if (e.name !== 'checkSourceFile') continue;
    if (e.ph === 'B') open.push(e);
    else if (e.ph === 'E') {
      const begin = open.pop();
      const file = path.relative(p.dir, begin.args.path);
      perFile.set(file, (perFile.get(file) ?? 0) + (e.ts - begin.ts) / 1000);
    }
  }
  const total = [...perFile.values()].reduce((a, b) => a + b, 0);
  const top = [...perFile.entries()].sort((a, b) => b[1] - a[1]).slice(0, 4);
  return { total, top };
}
const dominated = new Map();
for (const p of outputs) {
  const { total, top } = dominant(p);
  dominated.set(p, top[0]);
  console.log(`  ${p.spec}: checking files ${total.toFixed(0)} ms; most: ${top.map(([f, ms]) => `${f} ${ms.toFixed(0)} ms`).join(', ')}`);
}

// What the receiver loads: each output compiled to JavaScript (esbuild, types stripped, one file
// each), then receiver.js and everything it imports, in size and as a cold import.
/** @type {Array<{ label: string, name: string, js: string, files: string[], bytes: number, runs: number[], over?: number }>} */
const receivers = [];
for (const [label, spec] of RECEIVERS) {
  if (!existsSync(spec)) continue;
  const name = label.split(' ')[0];
  const out = path.join(work, `receiver-${name}`);
  generate(spec, out);
  const sources = readdirSync(out, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'));
  const js = path.join(out, 'js');
  buildSync({ entryPoints: sources.map((f) => path.join(out, f)), outdir: js, outbase: out, format: 'esm', platform: 'node', logLevel: 'error' });
  writeFileSync(path.join(js, 'package.json'), '{ "type": "module" }\n');
  const files = closure(js, 'receiver.js');
  const bytes = files.reduce((sum, f) => sum + statSync(path.join(js, f)).size, 0);
  receivers.push({ label, name, js, files, bytes, runs: [] });
}
const empty = [];
for (let i = 0; i <= 9; i++) {
  const e = measure(process.execPath, ['--input-type=module', '-e', '']);
  if (i > 0) empty.push(e.wall);
  for (const r of receivers) {
    const m = measure(process.execPath, ['--input-type=module', '-e', `await import(${JSON.stringify(path.join(r.js, 'receiver.js'))});`]);
    if (m.status !== 0) throw new Error(`${r.label}: ${m.stderr}`);
    if (i > 0) r.runs.push(m.wall);
  }
}
const emptyMs = median(empty) * 1000;
console.log(`the receiver (receiver.js and what it imports), cold import as a whole process, median of 9 (empty Node process ${emptyMs.toFixed(0)} ms):`);
for (const r of receivers) {
  r.over = median(r.runs) * 1000 - emptyMs;
  console.log(`  ${r.label.padEnd(44)} ${(r.bytes / 1024).toFixed(1).padStart(6)} KiB in ${r.files.length} files  +${r.over.toFixed(0)} ms`);
}
const authFiles = (r) => r.files.filter((f) => f.startsWith('auth/')).length;
for (const r of receivers) console.log(`    ${r.name}: ${authFiles(r)} auth files: ${r.files.filter((f) => f.startsWith('auth/')).join(', ')}`);

const rows = [];
if (outputs.length > 0) {
  const met = outputs.every((p) => seconds(p) <= 0.5 * seconds(base) && (p.mem === null || p.mem <= 0.5 * base.mem));
  rows.push([
    `type-check of the generated folder (tsc, strict, skipLibCheck; ${unit} time, peak memory, types), ratio to ${OCTOKIT} (skipLibCheck off: ${seconds(base).toFixed(2)} s, ${base.mem?.toFixed(0) ?? 'n/a'} MiB, ${k(base.types)} types)`,
    outputs
      .map(
        (p) =>
          `${p.spec} ${seconds(p).toFixed(2)} s, ${p.mem?.toFixed(0) ?? 'n/a'} MiB, ${k(p.types)}: **${ratio(seconds(p), seconds(base))}** / **${p.mem === null ? 'n/a' : ratio(p.mem, base.mem)}** / ${ratio(p.types, base.types)}`,
      )
      .join('; ') + `; an empty project: ${seconds(floor).toFixed(2)} s, ${floor.mem?.toFixed(0) ?? 'n/a'} MiB`,
    `<= 0.5x, <= 0.5x${met ? '' : ', not met'}`,
  ]);
  rows.push([
    'what dominates the type-check (--generateTrace, check time per file)',
    outputs.map((p) => `${p.spec}: ${dominated.get(p)[0]} ${dominated.get(p)[1].toFixed(0)} ms`).join('; '),
    '',
  ]);
}
rows.push([
  'the receiver by spec: receiver.js and its imports, cold import over an empty Node process',
  receivers.map((r) => `${r.name} ${(r.bytes / 1024).toFixed(1)} KiB, +${r.over.toFixed(0)} ms`).join('; '),
  '',
]);
record('typecheck', rows);
rmSync(work, { recursive: true, force: true });
