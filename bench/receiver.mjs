// Requests per second and p99 latency of the generated receiver against a bare node:http server
// that only reads the body, on the seed payload, 50 connections, in the same run; and of the same
// receiver checking an HMAC-SHA256 signature of the body instead of the bearer token.
// Usage: npm run bench:receiver
import { fork } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import autocannon from 'autocannon';
import { record } from './measure.mjs';

const index = JSON.parse(readFileSync(new URL('../generated-fixtures/fixtures/index.json', import.meta.url), 'utf8'));
const request = JSON.parse(readFileSync(new URL(`../generated-fixtures/fixtures/${index.requests['image_generation.complete']}`, import.meta.url), 'utf8'));
const body = JSON.stringify(request.body);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 8);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);

// The hmac server's secret is the fixture token; the signature is computed here, independently.
const signed = { ...request.headers, 'x-hub-signature-256': `sha256=${createHmac('sha256', index.requestToken).update(body).digest('hex')}` };
delete signed.authorization;

async function measure(mode) {
  const child = fork(new URL('./receiver-server.mjs', import.meta.url), [mode, index.requestToken], { stdio: 'inherit' });
  const { port } = await new Promise((resolve) => child.once('message', resolve));
  try {
    const result = await autocannon({
      url: `http://127.0.0.1:${port}${request.path}`,
      method: 'POST',
      headers: mode === 'hmac' ? signed : request.headers,
      body,
      connections: 50,
      duration: SECONDS,
    });
    const bad = result.non2xx + result.errors + result.timeouts;
    if (bad > 0) throw new Error(`${mode}: ${bad} requests failed`);
    return { rps: result.requests.average, p99: result.latency.p99 };
  } finally {
    child.kill();
  }
}

const runs = { bare: [], 'bare+parse': [], generated: [], hmac: [] };
for (let round = 0; round < ROUNDS; round++) {
  // Alternating, so a change in machine speed affects both alike.
  for (const mode of Object.keys(runs)) runs[mode].push(await measure(mode));
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
console.log(`receiver throughput, 50 connections, ${SECONDS} s x ${ROUNDS} rounds each (median; load generator on the same machine)`);
for (const [mode, rs] of Object.entries(runs)) {
  console.log(
    `  ${mode.padEnd(11)} ${Math.round(median(rs.map((r) => r.rps)))
      .toString()
      .padStart(7)} req/s   p99 ${median(rs.map((r) => r.p99))} ms   (rounds: ${rs.map((r) => Math.round(r.rps)).join(', ')})`,
  );
}
const rps = (mode) => median(runs[mode].map((r) => r.rps));
console.log(`ratio generated / bare:       ${(rps('generated') / rps('bare')).toFixed(2)}x (target >= 0.75x)`);
console.log(`ratio bare+parse / bare:      ${(rps('bare+parse') / rps('bare')).toFixed(2)}x (what JSON.parse of this body alone costs)`);
console.log(`ratio generated / bare+parse: ${(rps('generated') / rps('bare+parse')).toFixed(2)}x`);
const hmacRatio = (rps('hmac') / rps('generated')).toFixed(2);
console.log(`ratio hmac / generated:       ${hmacRatio}x (HMAC-SHA256 signature vs bearer token; target >= 0.9x)`);
const ratio = (rps('generated') / rps('bare')).toFixed(2);
const p99 = median(runs.generated.map((r) => r.p99));
record('receiver', [
  [
    'generated receiver (node:http, auth + parse + validate + dispatch), 50 connections',
    `${(rps('generated') / 1000).toFixed(1)}k req/s, p99 ${p99} ms: **${ratio}x** a bare server (${(rps('bare') / 1000).toFixed(1)}k)`,
    `>= 0.75x${Number(ratio) >= 0.75 ? '' : ', not met'}`,
  ],
  ['a bare server that only adds `JSON.parse` of the body', `${(rps('bare+parse') / rps('bare')).toFixed(2)}x the bare server`, ''],
  [
    'the same receiver checking an HMAC-SHA256 signature of the body instead of the bearer token',
    `**${hmacRatio}x** the bearer case`,
    `>= 0.9x${Number(hmacRatio) >= 0.9 ? '' : ', not met'}`,
  ],
]);
