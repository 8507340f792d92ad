// How generation scales with the number of events: synthetic specs with 1, 10, 100 and 500 events
// (varied payloads, shared schemas via $ref), each generated as a whole process; prints time and
// peak memory, the cost per added event, and whether the 500-event output type-checks.
// Usage: npm run bench:scale (the bundled CLI; BENCH_CLI=dist/src/cli.js measures the tsc build)
import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { hasPeakMemory, measure, median, record } from './measure.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const cli = path.resolve(root, process.env.BENCH_CLI ?? 'dist/bin/cli.mjs');
const work = path.join(tmpdir(), 'lwg-bench-scale');
const SIZES = (process.env.BENCH_SIZES ?? '1,10,100,500').split(',').map(Number);
const RUNS = Number(process.env.BENCH_RUNS ?? 3);

/** A webhook spec with `n` events: an envelope each, event-specific fields, shared schemas. */
function syntheticSpec(n) {
  const lines = ['asyncapi: 2.6.0', 'info: {title: Synthetic, version: "1"}', 'channels:', '  /hook:', '    publish:', '      message:', '        oneOf:'];
  for (let i = 0; i < n; i++) lines.push(`          - $ref: '#/components/messages/Event${i}'`);
  lines.push('components:', '  messages:');
  for (let i = 0; i < n; i++) lines.push(`    Event${i}:`, `      name: Event${i}`, `      payload: {$ref: '#/components/schemas/Event${i}Payload'}`);
  lines.push('  schemas:');
  lines.push('    Actor: {type: object, required: [id], properties: {id: {type: string, format: uuid}, name: {type: string, nullable: true}}}');
  lines.push('    Money: {type: object, properties: {amount: {type: number}, currency: {type: string, enum: [USD, EUR, GBP]}}}');
  for (let i = 0; i < n; i++) {
    lines.push(
      `    Event${i}Payload:`,
      '      type: object',
      '      required: [type, data]',
      '      properties:',
      `        type: {type: string, enum: [event.${i}]}`,
      '        createdAt: {type: string, format: date-time}',
      '        actor: {$ref: "#/components/schemas/Actor"}',
      '        data:',
      '          type: object',
      '          properties:',
      `            field${i}: {type: string}`,
      `            count${i}: {type: integer}`,
      ...(i % 2 === 0 ? ['            price: {$ref: "#/components/schemas/Money"}'] : []),
      ...(i % 3 === 0 ? [`            tags${i}: {type: array, items: {type: string}}`] : []),
      ...(i % 5 === 0 ? [`            state${i}: {type: string, enum: [open, closed], nullable: true}`] : []),
    );
  }
  return `${lines.join('\n')}\n`;
}

rmSync(work, { recursive: true, force: true });
mkdirSync(work, { recursive: true });
const specs = new Map(SIZES.map((n) => [n, path.join(work, `spec-${n}.yaml`)]));
for (const [n, spec] of specs) writeFileSync(spec, syntheticSpec(n));
const runs = new Map(SIZES.map((n) => [n, []]));
for (let i = 0; i <= RUNS; i++) {
  // Rounds over all sizes, the first a warm-up: machine drift hits every size alike.
  for (const n of SIZES) {
    rmSync(path.join(work, `out-${n}`), { recursive: true, force: true });
    const r = measure(process.execPath, [cli, specs.get(n), '-o', path.join(work, `out-${n}`), '-q']);
    if (r.status !== 0) throw new Error(`${n} events: ${r.stderr}`);
    if (i > 0) runs.get(n).push(r);
  }
}
const results = SIZES.map((n) => {
  const of = (f) => (hasPeakMemory || f === 'wall' ? median(runs.get(n).map((r) => r[f])) : null);
  return { n, wall: of('wall'), cpu: of('cpu'), mem: of('peakMiB') };
});

console.log(`generation by number of events (${path.relative(root, cli)}; median of ${RUNS} runs after a warm-up, whole processes)`);
for (const { n, wall, cpu, mem } of results) {
  console.log(
    `  ${String(n).padStart(4)} events  ${wall.toFixed(2)} s wall  ${cpu === null ? 'n/a' : `${cpu.toFixed(2)} s CPU`}  ${mem === null ? 'n/a' : `${mem.toFixed(0)} MiB`}`,
  );
}
const first = results[0];
const last = results[results.length - 1];
if (last.n > first.n) {
  const per = (a, b) => (b - a) / (last.n - first.n);
  const cpu = last.cpu === null ? '' : ` (CPU ${(per(first.cpu, last.cpu) * 1000).toFixed(1)} ms)`;
  const mem = last.mem === null ? '' : `, ${per(first.mem, last.mem).toFixed(2)} MiB (target <= 0.5 MiB)`;
  console.log(`per added event: ${(per(first.wall, last.wall) * 1000).toFixed(1)} ms wall${cpu} (target <= 10 ms)${mem}`);
}

const slope =
  last.n > first.n
    ? { ms: ((last.wall - first.wall) * 1000) / (last.n - first.n), mib: last.mem === null ? null : (last.mem - first.mem) / (last.n - first.n) }
    : null;

// The largest output must still type-check under the strict flags.
const largest = `out-${last.n}`;
writeFileSync(path.join(work, 'package.json'), '{ "type": "module" }\n');
symlinkSync(path.join(root, 'node_modules'), path.join(work, 'node_modules'), 'dir');
writeFileSync(
  path.join(work, 'tsconfig.json'),
  JSON.stringify({
    compilerOptions: {
      strict: true,
      noUncheckedIndexedAccess: true,
      noEmit: true,
      module: 'NodeNext',
      moduleResolution: 'NodeNext',
      target: 'ES2022',
      skipLibCheck: true,
      types: ['node'],
    },
    include: [largest],
  }),
);
try {
  execFileSync(process.execPath, [path.join(root, 'node_modules/typescript/bin/tsc'), '-p', work], { stdio: 'pipe' });
  console.log(`${last.n}-event output type-checks (strict, noUncheckedIndexedAccess)`);
  if (slope !== null) {
    const met = slope.ms <= 10 && (slope.mib === null || slope.mib <= 0.5);
    record('scale', [
      [
        `generation by events: ${results.map((r) => r.n).join(' / ')}`,
        `${results.map((r) => r.wall.toFixed(2)).join(' / ')} s${last.mem === null ? '' : `; ${results.map((r) => r.mem.toFixed(0)).join(' / ')} MiB`}: ${slope.ms.toFixed(1)} ms${slope.mib === null ? '' : ` and ${slope.mib.toFixed(2)} MiB`} per added event; the ${last.n}-event output type-checks`,
        `<= 10 ms, <= 0.5 MiB${met ? '' : ', not met'}`,
      ],
    ]);
  }
} catch (error) {
  console.log(`${last.n}-event output does NOT type-check:\n${String(error.stdout).slice(0, 2000)}`);
  process.exitCode = 1;
}
rmSync(work, { recursive: true, force: true });
