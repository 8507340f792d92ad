// Throughput of the generated validator against ajv on the seed sample, in one run.
// Usage: npm run bench:validate   (builds first; prints figures and the ratio; exits 0)
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv } from 'ajv';
import formatsPlugin from 'ajv-formats';
import { record } from './measure.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
// Imported by path, as the other benches do: the type check of bench/ then leaves dist/'s JavaScript alone.
const { generate } = await import(path.join(root, 'dist/src/generate.js'));
const { writeOutput } = await import(path.join(root, 'dist/src/output/write.js'));
const dir = mkdtempSync(path.join(tmpdir(), 'lwg-bench-validate-'));
try {
  const { files, model } = await generate({ specPath: path.join(root, 'spec/leonardo.asyncapi.yaml'), outDir: 'out', cwd: dir });
  await writeOutput(path.join(dir, 'out'), files);
  writeFileSync(path.join(dir, 'package.json'), '{ "type": "module" }\n');
  symlinkSync(path.join(root, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
  writeFileSync(
    path.join(dir, 'tsconfig.json'),
    JSON.stringify({
      compilerOptions: {
        strict: true,
        module: 'NodeNext',
        moduleResolution: 'NodeNext',
        target: 'ES2022',
        skipLibCheck: true,
        types: ['node'],
        outDir: 'js',
        rootDir: 'out',
      },
      include: ['out'],
    }),
  );
  execFileSync(process.execPath, [path.join(root, 'node_modules/typescript/bin/tsc'), '-p', dir]);
  const { parseWebhookEvent } = await import(path.join(dir, 'js/validators.js'));
  const { webhookEventSchema } = await import(path.join(dir, 'js/schemas.js'));

  // The repaired sample: valid in strict mode, so every format check runs and passes.
  const body = readFileSync(path.join(dir, 'out/fixtures/image_generation.complete/valid/imageGenerationCompleteSample.json'), 'utf8');
  const sample = JSON.parse(body);
  // The package's CommonJS default export, however this ESM import sees it.
  const addFormats = /** @type {import('ajv-formats').FormatsPlugin} */ (formatsPlugin.default ?? formatsPlugin);
  const ajv = new Ajv({ strict: false, allErrors: false, logger: false });
  addFormats(ajv, ['uuid', 'date-time', 'uri']);
  const event = model.events[0];
  const definitions = Object.fromEntries(model.schemas.map((s) => [s.name, s.schema]));
  const ajvValidate = ajv.compile({ definitions, $ref: `#/definitions/${event.payloadType}` });

  const candidates = {
    'ajv (formats uuid, date-time, uri)': () => ajvValidate(sample),
    'parseWebhookEvent tolerant': () => parseWebhookEvent(sample).ok,
    'parseWebhookEvent strict': () => parseWebhookEvent(sample, { mode: 'strict' }).ok,
    'zod webhookEventSchema (strict)': () => webhookEventSchema.safeParse(sample).success,
    'JSON.parse + ajv': () => ajvValidate(JSON.parse(body)),
    'JSON.parse + parseWebhookEvent tolerant': () => parseWebhookEvent(JSON.parse(body)).ok,
  };
  for (const [name, fn] of Object.entries(candidates)) if (fn() !== true) throw new Error(`${name} rejects the sample`);

  const ROUNDS = 7;
  const N = 20000;
  const rates = Object.fromEntries(Object.keys(candidates).map((k) => [k, []]));
  for (let round = 0; round < ROUNDS; round++) {
    // Interleaved rounds, so drift in machine speed hits every candidate alike.
    for (const [name, fn] of Object.entries(candidates)) {
      for (let i = 0; i < 2000; i++) fn();
      const start = process.hrtime.bigint();
      for (let i = 0; i < N; i++) fn();
      const seconds = Number(process.hrtime.bigint() - start) / 1e9;
      rates[name].push(N / seconds);
    }
  }
  const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const fmt = (x) => Math.round(x).toLocaleString('en-US').padStart(9);
  console.log(`validation throughput on the seed sample (${ROUNDS} rounds x ${N.toLocaleString('en-US')} validations, median [min-max] per second)`);
  for (const [name, xs] of Object.entries(rates)) {
    console.log(`  ${name.padEnd(42)} ${fmt(median(xs))} [${fmt(Math.min(...xs)).trim()}-${fmt(Math.max(...xs)).trim()}]`);
  }
  const ratio = (a, b) => (median(rates[a]) / median(rates[b])).toFixed(2);
  console.log(`ratio tolerant / ajv:                 ${ratio('parseWebhookEvent tolerant', 'ajv (formats uuid, date-time, uri)')}x (target >= 1.0x)`);
  console.log(`ratio strict / ajv:                   ${ratio('parseWebhookEvent strict', 'ajv (formats uuid, date-time, uri)')}x`);
  console.log(`ratio zod strict / ajv:               ${ratio('zod webhookEventSchema (strict)', 'ajv (formats uuid, date-time, uri)')}x`);
  console.log(`ratio with JSON.parse, tolerant / ajv: ${ratio('JSON.parse + parseWebhookEvent tolerant', 'JSON.parse + ajv')}x`);
  const k = (name) => `${Math.round(median(rates[name]) / 1000)}k`;
  const tolerant = ratio('parseWebhookEvent tolerant', 'ajv (formats uuid, date-time, uri)');
  record('validate', [
    [
      '`parseWebhookEvent` tolerant on the seed sample, against ajv with the same formats',
      `${k('parseWebhookEvent tolerant')} vs ${k('ajv (formats uuid, date-time, uri)')} validations/s: **${tolerant}x**`,
      `>= 1.0x${Number(tolerant) >= 1 ? '' : ', not met'}`,
    ],
    ['the zod schema on the same', `${ratio('zod webhookEventSchema (strict)', 'ajv (formats uuid, date-time, uri)')}x ajv`, ''],
  ]);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
