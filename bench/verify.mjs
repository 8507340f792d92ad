// verify over 10,000 recorded deliveries, as whole processes, in one run: `verify <folder>` (one
// receiver recording a file, as recordToFolder writes them), `verify --suggest`, and the floor any
// verify pays: a script that only reads and parses the same files. The recordings are the corpus's
// 100 real Stripe events against its stripe.yml (each event 100 times, with ids of their own and a
// few values changed so the drift is not one payload's); without the corpus, the seed's sample.
// Usage: npm run bench:verify. Target: verify of 10,000 recordings in under 10 s.
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { hasPeakMemory, measure, median, record, summary } from './measure.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const cli = path.join(root, 'dist/bin/cli.mjs');
const corpus = path.join(root, '../shared/corpus');
const stripeEvents = path.join(corpus, 'payloads/stripe');
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const COUNT = 10_000;
const work = path.join(tmpdir(), 'lwg-bench-verify');
rmSync(work, { recursive: true, force: true });
const folder = path.join(work, 'recordings');
mkdirSync(folder, { recursive: true });

const jsonUnder = (dir) =>
  readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && e.name.endsWith('.json'))
    .map((e) => path.join(e.parentPath, e.name))
    .sort();
const useStripe = existsSync(stripeEvents);
const spec = useStripe ? path.join(corpus, 'webhooks-more/stripe.yml') : path.join(root, 'spec/leonardo.asyncapi.yaml');
const bodies = useStripe
  ? jsonUnder(stripeEvents).map((f) => JSON.parse(readFileSync(f, 'utf8')))
  : [JSON.parse(readFileSync(path.join(root, 'generated-fixtures/fixtures/image_generation.complete/valid/imageGenerationCompleteSample.json'), 'utf8'))];
for (let i = 0; i < COUNT; i++) {
  const body = structuredClone(bodies[i % bodies.length]);
  if (useStripe) body.id = `evt_bench_${i}`;
  // Every tenth delivery carries a field the spec does not declare; every hundredth a null.
  if (i % 10 === 0) body.bench_extra = { n: i, tag: `t${i % 7}` };
  if (i % 100 === 0 && body.data && typeof body.data === 'object') body.data.note = null;
  const recording = {
    leonardoWebhookRecording: 1,
    receivedAt: '2026-12-01T00:00:00.000Z',
    outcome: 'valid',
    event: null,
    headers: { 'content-type': 'application/json' },
    body,
  };
  writeFileSync(path.join(folder, `${String(i).padStart(5, '0')}.json`), `${JSON.stringify(recording, null, 2)}\n`);
}
const floor = path.join(work, 'read-and-parse.mjs');
writeFileSync(
  floor,
  `import { readdirSync, readFileSync } from 'node:fs';\nlet n = 0;\nfor (const f of readdirSync(${JSON.stringify(folder)})) n += JSON.stringify(JSON.parse(readFileSync(${JSON.stringify(folder)} + '/' + f, 'utf8')).body).length;\nconsole.log(n);\n`,
);

const quiet = { stdio: ['ignore', 'ignore', 'pipe'] };
const runs = { floor: [], verify: [], suggest: [] };
for (let i = 0; i <= RUNS; i++) {
  // Interleaved, the first round a warm-up. verify exits 1 (drift found): that is its answer, not a failure.
  const round = {
    floor: measure(process.execPath, [floor]),
    // The report of 10,000 payloads is megabytes: thrown away, as a pipeline writing it to a file would not wait on a reader.
    verify: measure(process.execPath, [cli, 'verify', folder, '--spec', spec, '--format', 'json'], quiet),
    suggest: measure(process.execPath, [cli, 'verify', folder, '--spec', spec, '--format', 'json', '--suggest', path.join(work, 'fix.yaml')], quiet),
  };
  for (const [k, r] of Object.entries(round))
    if (r.status !== 0 && !(k !== 'floor' && r.status === 1)) throw new Error(`${k} failed (${r.status}): ${r.stderr}`);
  if (i > 0) for (const [k, r] of Object.entries(round)) runs[k].push(r);
}

const wall = (k) => median(runs[k].map((r) => r.wall));
console.log(
  `verify of ${COUNT} recordings of ${useStripe ? `${bodies.length} Stripe events against stripe.yml` : 'the seed sample'}, whole processes, ${RUNS} runs after a warm-up (median [min-max])`,
);
console.log(`  ${''.padEnd(60)} ${'wall'.padEnd(24)} ${'CPU (user + system)'.padEnd(24)} peak memory`);
console.log(summary('floor: read and JSON.parse every file, nothing else', runs.floor));
console.log(summary('verify <folder>', runs.verify));
console.log(summary('verify <folder> --suggest', runs.suggest));
console.log(`ratio verify / floor, wall: ${(wall('verify') / wall('floor')).toFixed(2)}x; with --suggest ${(wall('suggest') / wall('floor')).toFixed(2)}x`);
console.log(`verify of ${COUNT} recordings: ${wall('verify').toFixed(2)} s, with --suggest ${wall('suggest').toFixed(2)} s (target < 10 s)`);
const mib = (k) => (hasPeakMemory ? `, ${median(runs[k].map((r) => r.peakMiB)).toFixed(0)} MiB` : '');
const met = wall('verify') < 10 && wall('suggest') < 10;
record('verify', [
  [
    `\`verify\` of ${COUNT} recordings${useStripe ? ' (Stripe events, stripe.yml)' : ''}, whole process`,
    `**${wall('verify').toFixed(2)} s**${mib('verify')}; with \`--suggest\` ${wall('suggest').toFixed(2)} s${mib('suggest')}; reading and parsing the files alone ${wall('floor').toFixed(2)} s (${(wall('verify') / wall('floor')).toFixed(1)}x)`,
    `< 10 s${met ? '' : ', not met'}`,
  ],
]);
rmSync(work, { recursive: true, force: true });
