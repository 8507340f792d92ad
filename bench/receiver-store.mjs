// What one new delivery costs the memory idempotency store once it is full (claim + complete,
// which evicts), after a long history of evictions, against a Map set alone in the same run.
// Usage: npm run build && node bench/receiver-store.mjs [path to an idempotency.js to compare]
import { pathToFileURL } from 'node:url';
import { fullMemoryStore } from './receiver-setup.mjs';

const modules = [new URL('../dist/src/runtime/idempotency.js', import.meta.url), ...process.argv.slice(2).map((p) => pathToFileURL(p))];
const ADDS = 200_000;
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)];

function perAdd(add) {
  const start = process.hrtime.bigint();
  for (let i = 0; i < ADDS; i++) add(i);
  return Number(process.hrtime.bigint() - start) / 1e3 / ADDS;
}

const results = new Map();
for (let round = 0; round < 5; round++) {
  const map = new Map();
  const baseline = perAdd((i) => map.set(`delivery:${round}:${i}`, i));
  (
    results.get('building the key + Map.set into an unbounded Map') ??
    results.set('building the key + Map.set into an unbounded Map', []).get('building the key + Map.set into an unbounded Map')
  ).push(baseline);
  for (const url of modules) {
    const { MemoryIdempotencyStore } = await import(url.href);
    const store = fullMemoryStore(MemoryIdempotencyStore);
    const cost = perAdd((i) => {
      const key = `delivery:${round}:${i}`;
      store.claim(key, 30_000);
      store.complete(key, 86_400_000);
    });
    const name = `claim + complete on a full store (${url.pathname.split('/').slice(-3).join('/')})`;
    (results.get(name) ?? results.set(name, []).get(name)).push(cost);
  }
}
console.log(`memory idempotency store, 10,000 entries full, ${ADDS.toLocaleString('en-US')} new deliveries x 5 rounds (median µs per delivery)`);
for (const [name, xs] of results) console.log(`  ${name.padEnd(90)} ${median(xs).toFixed(2)} µs`);
