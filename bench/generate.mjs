// Generation speed and memory, as whole processes, in one run: our CLI generating everything for
// the seed into a fresh folder, our --check on an up-to-date folder, and the AsyncAPI CLI's
// `asyncapi generate models typescript` (models only) on a copy of the seed with valid ids.
// Usage: npm run bench:generate. The peer is installed once into a temporary folder (HOME pointed
// there, its analytics turned off); when it cannot be installed the bench says so and goes on.
// Ours is the bundled CLI the package ships (dist/bin/cli.mjs). BENCH_BASELINE_CLI=/path/to/cli.js adds
// another build of ours to the same interleaved rounds, for before/after figures of a change.
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { hasPeakMemory, measure, median, run, summary, record } from './measure.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const cli = path.join(root, 'dist/bin/cli.mjs');
const baselineCli = process.env.BENCH_BASELINE_CLI ?? null;
const spec = path.join(root, 'spec/leonardo.asyncapi.yaml');
const work = path.join(tmpdir(), 'lwg-bench-generate');
const PEER = '@asyncapi/cli@5.0.5';
const peerDir = path.join(tmpdir(), 'lwg-bench-peer');
const RUNS = Number(process.env.BENCH_RUNS ?? 5);

rmSync(work, { recursive: true, force: true });
mkdirSync(work, { recursive: true });

let peer = null;
try {
  const bin = path.join(peerDir, 'node_modules/.bin/asyncapi');
  if (!existsSync(bin)) {
    console.log(`installing ${PEER} into ${peerDir} (once; about a minute)...`);
    run('npm', ['install', '--no-audit', '--no-fund', '--prefix', peerDir, PEER], { timeout: 600_000 });
  }
  const home = path.join(peerDir, 'home');
  mkdirSync(home, { recursive: true });
  const env = { ...process.env, HOME: home, ASYNCAPI_METRICS: 'false' };
  run(bin, ['config', 'analytics', '--disable'], { env });
  // The peer refuses the seed as it is (its example's redacted ids are not UUIDs).
  const valid = path.join(peerDir, 'leonardo-valid-ids.asyncapi.yaml');
  writeFileSync(valid, readFileSync(spec, 'utf8').replace(/XXXXXXXX-XXXX-XXXX-XXXX-XXXXXXXXXXXX/g, '6bef9f1b-29cb-40c7-b9df-32b51c1f67d3'));
  peer = { bin, env, valid };
} catch (error) {
  console.log(`peer unavailable (${String(error.message).split('\n')[0]}): ratios to it are not printed`);
}

const ours = () => {
  rmSync(path.join(work, 'fresh'), { recursive: true, force: true });
  return measure(process.execPath, [cli, spec, '-o', path.join(work, 'fresh'), '-q']);
};
run(process.execPath, [cli, spec, '-o', path.join(work, 'current'), '-q']);
const check = () => measure(process.execPath, [cli, spec, '-o', path.join(work, 'current'), '--check', '-q']);
const baseline = () => {
  rmSync(path.join(work, 'baseline'), { recursive: true, force: true });
  return measure(process.execPath, [baselineCli, spec, '-o', path.join(work, 'baseline'), '-q']);
};
const theirs = () => {
  rmSync(path.join(work, 'peer-out'), { recursive: true, force: true });
  return measure(peer.bin, ['generate', 'models', 'typescript', peer.valid, '-o', path.join(work, 'peer-out')], { env: peer.env });
};

const runs = { ours: [], check: [], peer: [], baseline: [] };
for (let i = 0; i <= RUNS; i++) {
  // Interleaved, the first round a warm-up: machine drift hits all of them alike.
  const round = { ours: ours(), check: check(), peer: peer ? theirs() : null, baseline: baselineCli ? baseline() : null };
  for (const [k, r] of Object.entries(round)) if (r && r.status !== 0) throw new Error(`${k} failed: ${r.stderr}`);
  if (i > 0) for (const [k, r] of Object.entries(round)) if (r) runs[k].push(r);
}

console.log(`generation, whole processes, ${RUNS} runs after a warm-up (median [min-max])${hasPeakMemory ? '' : '; no /usr/bin/time, so no memory figures'}`);
console.log(`  ${''.padEnd(60)} ${'wall'.padEnd(24)} ${'CPU (user + system)'.padEnd(24)} peak memory`);
console.log(summary('leonardo-webhook-gen (all artifacts, fresh folder)', runs.ours));
if (baselineCli) console.log(summary(`baseline: ${path.relative(process.cwd(), baselineCli)}`, runs.baseline));
console.log(summary('leonardo-webhook-gen --check (up to date)', runs.check));
if (peer) {
  console.log(summary(`asyncapi generate models typescript (${PEER})`, runs.peer));
  const r = (k, f) => (median(runs[k].map(f)) / median(runs.peer.map(f))).toFixed(2);
  console.log(`ratio ours / peer, wall:        ${r('ours', (x) => x.wall)}x (target <= 0.5x)`);
  if (hasPeakMemory) console.log(`ratio ours / peer, CPU:         ${r('ours', (x) => x.cpu)}x`);
  if (hasPeakMemory) console.log(`ratio ours / peer, peak memory: ${r('ours', (x) => x.peakMiB)}x (target <= 0.6x)`);
  if (baselineCli)
    console.log(
      `ratio baseline / peer, wall:    ${r('baseline', (x) => x.wall)}x${hasPeakMemory ? `, CPU ${r('baseline', (x) => x.cpu)}x, peak memory ${r('baseline', (x) => x.peakMiB)}x` : ''}`,
    );
}
const checkWall = median(runs.check.map((x) => x.wall));
console.log(`--check on an up-to-date folder: ${checkWall.toFixed(2)} s (target < 0.25 s)`);
const oursWall = median(runs.ours.map((x) => x.wall));
const mib = (k) => (hasPeakMemory ? `, ${median(runs[k].map((x) => x.peakMiB)).toFixed(0)} MiB` : '');
const versus = peer
  ? (() => {
      const r = (f) => (median(runs.ours.map(f)) / median(runs.peer.map(f))).toFixed(2);
      const wall = r((x) => x.wall);
      const memory = hasPeakMemory ? r((x) => x.peakMiB) : null;
      const met = Number(wall) <= 0.5 && (memory === null || Number(memory) <= 0.6);
      return {
        text: `; the AsyncAPI CLI's models only: ${median(runs.peer.map((x) => x.wall)).toFixed(2)} s${mib('peer')}: **${wall}x** wall${memory === null ? '' : `, **${memory}x** memory`}`,
        met,
      };
    })()
  : { text: '; the AsyncAPI CLI was unavailable, so no ratio', met: false };
record('generate', [
  [
    'generation of everything for the seed, whole process',
    `${oursWall.toFixed(2)} s${mib('ours')}${versus.text}`,
    `<= 0.5x, <= 0.6x${versus.met ? '' : ', not met'}`,
  ],
  ['`--check` on an up-to-date folder', `**${checkWall.toFixed(2)} s**`, `< 0.25 s${checkWall < 0.25 ? '' : ', not met'}`],
]);
rmSync(work, { recursive: true, force: true });
