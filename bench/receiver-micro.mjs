// The receiver's own cost per request, without the network: the compiled generated receiver driven
// through toNodeListener with stand-in request and response objects (events, headers, a socket
// address, writeHead/end), against the same stand-ins read, JSON.parse'd and answered bare, in one
// process and one run. CPU µs per request from process.cpuUsage(), so the figure holds on a busy
// machine. Node's HTTP parsing and sockets are left out: what remains is what the receiver adds.
// Usage: npm run build && node bench/receiver-micro.mjs [compiled receiver folder to compare ...]
//   (RECEIVER_MICRO_N requests per round, default 100000; 5 rounds; medians)
import { EventEmitter } from 'node:events';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { bareListener, validating } from './bare-listeners.mjs';
import { fullMemoryStore, receiverOptions } from './receiver-setup.mjs';
import { HMAC_SECRET, hmacOutput, signedHeaders } from './hmac-output.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const fixtures = path.join(root, 'generated-fixtures/fixtures');
const index = JSON.parse(readFileSync(path.join(fixtures, 'index.json'), 'utf8'));
const request = JSON.parse(readFileSync(path.join(fixtures, index.requests['image_generation.complete']), 'utf8'));
const body = Buffer.from(JSON.stringify(request.body));
const N = Number(process.env.RECEIVER_MICRO_N ?? 100_000);
const ROUNDS = 5;
const dirs = [path.join(root, 'dist/generated-fixtures'), ...process.argv.slice(2).map((d) => path.resolve(d))];
const headers = Object.fromEntries(Object.entries({ ...request.headers, 'content-length': String(body.length) }).map(([k, v]) => [k.toLowerCase(), v]));
const socket = { remoteAddress: '127.0.0.1' };

/** What node:http hands a listener, as far as a receiver reads it: the body arrives in one chunk. */
class FakeRequest extends EventEmitter {
  method = 'POST';
  url = request.path;
  constructor(headers) {
    super();
    this.headers = headers;
  }
  socket = socket;
  readableEnded = false;
  complete = false;
  pause() {}
  resume() {}
  send() {
    this.emit('data', body);
    this.complete = true;
    this.readableEnded = true;
    this.emit('end');
  }
}
class FakeResponse {
  headersSent = false;
  destroyed = false;
  constructor(done) {
    this.done = done;
  }
  writeHead(status) {
    this.status = status;
    this.headersSent = true;
    return this;
  }
  end() {
    this.done(this.status);
  }
}

/**
 * @param {string} dir
 * @param {{ token?: string, secret?: string }} [sender] what the receivers check the sender with
 */
async function receivers(dir, sender = { token: index.requestToken }) {
  const url = pathToFileURL(`${dir}/`);
  const { createWebhookHandler, MemoryIdempotencyStore } = await import(new URL('receiver.js', url).href);
  const { toNodeListener } = await import(new URL('receiver-node.js', url).href);
  return {
    off: toNodeListener(createWebhookHandler(receiverOptions(sender))),
    memory: toNodeListener(createWebhookHandler(receiverOptions(sender, fullMemoryStore(MemoryIdempotencyStore)))),
  };
}

/** CPU µs per request over N requests, one after another. */
async function perRequest(listener, requestHeaders = headers) {
  const start = process.cpuUsage();
  for (let i = 0; i < N; i++) {
    const status = await new Promise((resolve) => {
      const req = new FakeRequest(requestHeaders);
      listener(req, new FakeResponse(resolve));
      req.send();
    });
    if (status !== 200) throw new Error(`answered ${status}`);
  }
  const used = process.cpuUsage(start);
  return (used.user + used.system) / N;
}

/** @type {Array<[name: string, listener: (req: any, res: any) => void, headers?: Record<string, string>]>} */
const cases = [
  ['bare + JSON.parse', bareListener()],
  ['bare + JSON.parse + parseWebhookEvent', bareListener(validating((await import(pathToFileURL(`${dirs[0]}/validators.js`).href)).parseWebhookEvent))],
];
for (const dir of dirs) {
  const { off, memory } = await receivers(dir);
  const label = path.relative(root, dir) || dir;
  cases.push([`${label}: idempotency off`, off], [`${label}: memory store full`, memory]);
}
// The seed generated with `--auth github`, each request signed: what checking an HMAC adds.
const tmp = mkdtempSync(path.join(tmpdir(), 'lwg-bench-micro-'));
const signed = signedHeaders(headers, body);
const hmac = (await receivers(await hmacOutput(tmp), { secret: HMAC_SECRET })).off;
cases.push(['--auth github (HMAC-SHA256): idempotency off', hmac, signed]);
const runs = new Map(cases.map(([name]) => [name, []]));
for (const [, listener, h] of cases) await perRequest(listener, h); // warm-up
for (let round = 0; round < ROUNDS; round++) for (const [name, listener, h] of cases) runs.get(name).push(await perRequest(listener, h));
rmSync(tmp, { recursive: true, force: true });
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)];
const base = median(runs.get('bare + JSON.parse'));
console.log(`receiver without the network, ${N.toLocaleString('en-US')} requests x ${ROUNDS} rounds, median CPU µs per request (${body.length} B body)`);
for (const [name, xs] of runs) {
  const cpu = median(xs);
  console.log(`  ${name.padEnd(64)} ${cpu.toFixed(2).padStart(7)} µs  +${(cpu - base).toFixed(2).padStart(5)} µs over bare`);
}
