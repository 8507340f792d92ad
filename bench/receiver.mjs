// The generated receiver against a bare node:http + JSON.parse server and against its peers, all
// in one run, on the seed payload, 50 connections: req/s, p99 latency and the server's own CPU time
// per request (process.cpuUsage() in the server process over the measured window: the steadier
// figure on a shared machine). Each server runs in its own process pinned to one core (taskset,
// when the machine has it), the load generator on another; rounds are interleaved.
// The HMAC cases run the same spec generated with `--auth github`: each request carries a valid
// X-Hub-Signature-256 (computed once, as every request posts the same body) instead of the bearer
// token, so their CPU per request against the token cases' is what verifying a signature costs.
// Three calibration cases. Two are the baseline plus a fixed busy loop per request: they show what
// a microsecond of a server's own work becomes in the ratio. More than a microsecond: the server
// makes the same system calls per request (one read, one writev, under strace) but they take more
// kernel time when it is slower, which the "of it sys" column shows. The third, `bare+validate`,
// is the baseline plus the generated parseWebhookEvent and nothing else: the floor for any server
// that validates the body with the generated checks.
// Usage: npm run bench:receiver   (BENCH_SECONDS, BENCH_ROUNDS, BENCH_CASES=comma list to pick)
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { HMAC_SECRET, hmacOutput, signedHeaders } from './hmac-output.mjs';
import { record } from './measure.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const fixtures = path.join(root, 'generated-fixtures/fixtures');
const index = JSON.parse(readFileSync(path.join(fixtures, 'index.json'), 'utf8'));
const request = JSON.parse(readFileSync(path.join(fixtures, index.requests['image_generation.complete']), 'utf8'));
const body = JSON.stringify(request.body);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 3);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 2);
const BASELINE = 'bare+parse';
const CASES = [
  BASELINE,
  'bare+work 2',
  'bare+work 4.4',
  'bare+validate',
  'node off',
  'node hmac',
  'node memory',
  'node redis',
  'web-hono off',
  'web-hono memory',
  'web-request off',
  'web-request hmac',
  'web-request memory',
  'fastify+ajv',
  'hono+zod',
].filter((c) => !process.env.BENCH_CASES || c === BASELINE || process.env.BENCH_CASES.split(',').includes(c));
const LABELS = {
  [BASELINE]: 'bare node:http + JSON.parse',
  'bare+work 2': 'bare + JSON.parse + 2 µs of busy work per request',
  'bare+work 4.4': 'bare + JSON.parse + 4.4 µs of busy work per request',
  'bare+validate': 'bare + JSON.parse + the generated parseWebhookEvent',
  'node off': 'toNodeListener, idempotency off',
  'node hmac': 'toNodeListener, idempotency off, GitHub HMAC-SHA256',
  'node memory': 'toNodeListener, memory store full',
  'node redis': 'toNodeListener, Redis store',
  'web-hono off': 'Web handler on @hono/node-server, idempotency off',
  'web-hono memory': 'Web handler on @hono/node-server, memory store full',
  'web-request off': 'Web handler, new Request per request, idempotency off',
  'web-request hmac': 'Web handler, new Request per request, GitHub HMAC-SHA256',
  'web-request memory': 'Web handler, new Request per request, memory store full',
  'fastify+ajv': 'Fastify 5 + ajv on the spec schema',
  'hono+zod': 'Hono + zod on @hono/node-server',
};

// Pinning: the server on the last core, this process (the load generator) on the first.
const cores = availableParallelism();
const pin = cores > 1 && spawnSync('taskset', ['-V']).status === 0;
if (pin) spawnSync('taskset', ['-p', '-c', '0', String(process.pid)]);

const tmp = mkdtempSync(path.join(tmpdir(), 'lwg-bench-receiver-'));
// Fastify validates with ajv against the spec's own JSON Schema of the event, as the generator reads it.
const { generate } = await import(path.join(root, 'dist/src/generate.js'));
const { model } = await generate({ specPath: path.join(root, 'spec/leonardo.asyncapi.yaml'), outDir: 'out', cwd: tmp });
const definitions = Object.fromEntries(model.schemas.map((s) => [s.name, s.schema]));
const schemaFile = path.join(tmp, 'schema.json');
writeFileSync(schemaFile, JSON.stringify({ definitions, $ref: `#/definitions/${model.events[0].payloadType}` }));

/** Each HMAC case against the token case it differs from only in how the sender is checked. */
const HMAC_PAIRS = { 'node hmac': 'node off', 'web-request hmac': 'web-request off' };
const hmacHeaders = signedHeaders(request.headers, body);

const hmacDir = CASES.some((c) => c in HMAC_PAIRS) ? await hmacOutput(tmp) : undefined;

let redis;
if (CASES.includes('node redis')) {
  const { startRedis, redisUnavailable } = await import(path.join(root, 'dist/test/support/redis-server.js'));
  if (redisUnavailable() === undefined) redis = await startRedis();
  else CASES.splice(CASES.indexOf('node redis'), 1);
}

const ask = (child, message) =>
  new Promise((resolve) => {
    child.once('message', resolve);
    child.send(message);
  });

async function measure(name) {
  const hmac = name in HMAC_PAIRS;
  const args = [
    path.join(root, 'bench/receiver-server.mjs'),
    name,
    hmac ? HMAC_SECRET : index.requestToken,
    request.path,
    name === 'node redis' ? String(redis.port) : schemaFile,
    ...(hmac ? [hmacDir] : []),
  ];
  const [command, argv] = pin ? ['taskset', ['-c', String(cores - 1), process.execPath, ...args]] : [process.execPath, args];
  const child = spawn(command, argv, { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const { port } = await new Promise((resolve, reject) => {
    child.once('message', resolve);
    child.once('exit', (code) => reject(new Error(`${name}: server exited with ${code}`)));
  });
  try {
    const headers = hmac ? hmacHeaders : request.headers;
    const options = { url: `http://127.0.0.1:${port}${request.path}`, method: 'POST', headers, body, connections: 50 };
    await autocannon({ ...options, duration: 1 }); // warm-up: JIT, connections, a full store
    await ask(child, 'start');
    const result = await autocannon({ ...options, duration: SECONDS });
    const { cpuMicros, systemMicros, requests } = await ask(child, 'stop');
    const bad = result.non2xx + result.errors + result.timeouts;
    if (bad > 0)
      throw new Error(
        `${name}: ${bad} of ${result.requests.total} requests failed (non-2xx ${result.non2xx}, errors ${result.errors}, timeouts ${result.timeouts})`,
      );
    return { rps: result.requests.average, p99: result.latency.p99, cpu: cpuMicros / requests, sys: systemMicros / requests };
  } finally {
    child.removeAllListeners('exit');
    child.kill('SIGTERM');
  }
}

const runs = Object.fromEntries(CASES.map((c) => [c, []]));
try {
  for (let round = 0; round < ROUNDS; round++) {
    // Interleaved, so a change in machine load hits every case alike.
    for (const name of CASES) runs[name].push(await measure(name));
  }
} finally {
  await redis?.stop();
  rmSync(tmp, { recursive: true, force: true });
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)];
const cpu = (name) => median(runs[name].map((r) => r.cpu));
/** The kernel's part of the CPU time per request. */
const sys = (name) => median(runs[name].map((r) => r.sys));
console.log(
  `receiver, 50 connections, ${SECONDS} s x ${ROUNDS} rounds per case, medians; ${pin ? `server pinned to core ${cores - 1}, load generator to core 0` : 'not pinned (no taskset or one core)'}`,
);
console.log(
  `${'server'.padEnd(58)} ${'req/s'.padStart(7)} ${'p99 ms'.padStart(7)} ${'CPU µs/req'.padStart(11)} ${'of it sys'.padStart(10)} ${'ratio'.padStart(6)}`,
);
for (const name of CASES) {
  const rs = runs[name];
  const rps = Math.round(median(rs.map((r) => r.rps)));
  const ratio = (cpu(BASELINE) / cpu(name)).toFixed(2);
  console.log(
    `${LABELS[name].padEnd(58)} ${String(rps).padStart(7)} ${String(median(rs.map((r) => r.p99))).padStart(7)} ${cpu(name).toFixed(1).padStart(11)} ${sys(name).toFixed(1).padStart(10)} ${`${ratio}x`.padStart(6)}`,
  );
}
console.log(`ratio = ${LABELS[BASELINE]} CPU per request / the server's (higher is cheaper)`);
const target = (name, min, peer) => {
  if (!runs[name]) return;
  const ratio = cpu(BASELINE) / cpu(name);
  const ahead = peer && runs[peer] ? cpu(name) < cpu(peer) : undefined;
  console.log(
    `  ${LABELS[name]}: ${ratio.toFixed(2)}x (target >= ${min}x: ${ratio >= min ? 'met' : 'NOT met'})${ahead === undefined ? '' : `; ${ahead ? 'ahead of' : 'NOT ahead of'} ${LABELS[peer]}`}`,
  );
};
target('node off', 0.85, 'fastify+ajv');
target('node memory', 0.75, 'fastify+ajv');
target('web-hono off', 0.6, 'hono+zod');
// Verification costs little: each HMAC case's CPU per request within 0.9x of its bearer-token twin's.
const HMAC_TARGET = 0.9;
for (const [name, bearer] of Object.entries(HMAC_PAIRS)) {
  if (!runs[name] || !runs[bearer]) continue;
  const ratio = cpu(bearer) / cpu(name);
  console.log(
    `  HMAC/bearer, ${LABELS[name]}: ${cpu(name).toFixed(1)} µs vs ${cpu(bearer).toFixed(1)} µs, ${ratio.toFixed(2)}x (target >= ${HMAC_TARGET}x: ${ratio >= HMAC_TARGET ? 'met' : 'NOT met'})`,
  );
}

// The README's rows: CPU per request and its ratio, the steadier figures on a shared machine.
const row = (name, target, peer) => {
  const ratio = cpu(BASELINE) / cpu(name);
  const rps = Math.round(median(runs[name].map((r) => r.rps)) / 100) / 10;
  const vsPeer = peer && runs[peer] ? `; ${LABELS[peer]} ${cpu(peer).toFixed(1)} µs (${(cpu(BASELINE) / cpu(peer)).toFixed(2)}x)` : '';
  const met = target === undefined ? '' : `>= ${target}x${ratio >= target && (!vsPeer || cpu(name) < cpu(peer)) ? '' : ', not met'}`;
  return [
    `receiver: ${LABELS[name]} (CPU per request, ratio to bare + JSON.parse)`,
    `${cpu(name).toFixed(1)} µs: **${ratio.toFixed(2)}x**, ${rps}k req/s${vsPeer}`,
    met,
  ];
};
const hmacRow = (name) => {
  const bearer = HMAC_PAIRS[name];
  const ratio = cpu(bearer) / cpu(name);
  return [
    `receiver: ${LABELS[name]} (CPU per request, ratio to the same path with a bearer token)`,
    `${cpu(name).toFixed(1)} µs against ${cpu(bearer).toFixed(1)} µs: **${ratio.toFixed(2)}x**`,
    `>= ${HMAC_TARGET}x${ratio >= HMAC_TARGET ? '' : ', not met'}`,
  ];
};
// Only a run of every case is recorded (not one narrowed by BENCH_CASES, nor one without Redis).
// The 4.4 µs of busy work: about what the receiver adds without the network, as
// bench:receiver-micro measured it when the case was added.
if (Object.keys(LABELS).every((name) => CASES.includes(name))) {
  const work = (name) => `${cpu(name).toFixed(1)} µs: **${(cpu(BASELINE) / cpu(name)).toFixed(2)}x**`;
  record('receiver', [
    [`receiver baseline: ${LABELS[BASELINE]}, server pinned to one core, 50 connections`, `${cpu(BASELINE).toFixed(1)} µs CPU per request`, ''],
    ['calibration: the baseline plus 2 µs / 4.4 µs of busy work per request', `${work('bare+work 2')} / ${work('bare+work 4.4')}`, ''],
    [`calibration: ${LABELS['bare+validate']}`, work('bare+validate'), ''],
    row('node off', 0.85, 'fastify+ajv'),
    row('node memory', 0.75, 'fastify+ajv'),
    row('node redis'),
    row('web-hono off', 0.6, 'hono+zod'),
    row('web-hono memory'),
    row('web-request off'),
    hmacRow('node hmac'),
    hmacRow('web-request hmac'),
  ]);
}
