// One server for bench/receiver.mjs, in its own process (pinned to one core by the parent).
// argv: <case> <token, or the signing secret for an hmac case> <path> [<schema file> | <redis port>]
// [<compiled receiver folder>, default the seed's compiled generated-fixtures]. The parent sends 'start' and 'stop'
// around each measured window; the answer to 'stop' is this process's own CPU time in that window
// (and the kernel's part of it) and the number of requests it answered, so a busy load generator
// cannot flatter the server.
import http from 'node:http';
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { bareListener, busy, validating } from './bare-listeners.mjs';
import { fullMemoryStore, receiverOptions } from './receiver-setup.mjs';

const [name, token, path, extra, receiverDir] = process.argv.slice(2);
// The case's second word: the idempotency variant, `hmac`, or for bare+work the µs of busy work.
const [kind, variant] = name.split(' ');
const fixtures = receiverDir ? pathToFileURL(`${receiverDir}/`) : new URL('../dist/generated-fixtures/', import.meta.url);
let served = 0;

/**
 * The generated receiver: idempotency off (no key), on with the memory store full, or on with
 * Redis; `hmac`: idempotency off, the sender checked by its signature (the output of `--auth github`).
 */
async function receiver() {
  const { createWebhookHandler, MemoryIdempotencyStore } = await import(new URL('receiver.js', fixtures).href);
  let idempotencyStore;
  if (variant === 'memory') idempotencyStore = fullMemoryStore(MemoryIdempotencyStore);
  else if (variant === 'redis') {
    const { RedisIdempotencyStore } = await import(new URL('idempotency-redis.js', fixtures).href);
    const { createClient } = await import('redis');
    const client = createClient({ url: `redis://127.0.0.1:${extra}` });
    await client.connect();
    idempotencyStore = new RedisIdempotencyStore({ command: (args) => client.sendCommand(args) });
  }
  return createWebhookHandler(receiverOptions(variant === 'hmac' ? { secret: token } : { token }, idempotencyStore));
}

const nodeServer = (listener) =>
  http.createServer((req, res) => {
    served++;
    listener(req, res);
  });

async function start() {
  // The floor for any receiver that reads the JSON at all; with busy work (µs in the case name),
  // what a microsecond of a server's own work becomes in the ratio; with the generated
  // parseWebhookEvent, the floor for a server that validates with the generated checks.
  if (kind === 'bare+parse') return nodeServer(bareListener());
  if (kind === 'bare+work') return nodeServer(bareListener(busy(Number(variant))));
  if (kind === 'bare+validate') {
    const { parseWebhookEvent } = await import(new URL('validators.js', fixtures).href);
    return nodeServer(bareListener(validating(parseWebhookEvent)));
  }
  if (kind === 'node') {
    const { toNodeListener } = await import(new URL('receiver-node.js', fixtures).href);
    return nodeServer(toNodeListener(await receiver()));
  }
  if (kind === 'web-request') return webRequestServer(await receiver());
  const { serve } = await import('@hono/node-server');
  const listen = (fetch) =>
    new Promise((resolve) => {
      const server = serve({ fetch, port: 0, hostname: '127.0.0.1', serverOptions: { keepAliveTimeout: 60_000 } }, () => resolve(server));
      server.prependListener('request', () => served++);
    });
  if (kind === 'web-hono') {
    const handler = await receiver();
    return listen((request, env) => handler(request, { remoteAddress: env.incoming.socket.remoteAddress }));
  }
  if (kind === 'hono+zod') return listen(await honoZodFetch());
  if (kind === 'fastify+ajv') return fastifyAjvServer();
  throw new Error(`unknown case ${name}`);
}

/** What a small adapter does: read the body, build a Request, write the Response back. */
function webRequestServer(handler) {
  return nodeServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', async () => {
      const headers = new Headers();
      for (let i = 0; i < req.rawHeaders.length; i += 2) headers.append(req.rawHeaders[i], req.rawHeaders[i + 1]);
      const request = new Request(`http://${req.headers.host}${req.url}`, { method: req.method, headers, body: Buffer.concat(chunks) });
      const response = await handler(request, { remoteAddress: req.socket.remoteAddress });
      res.writeHead(response.status, Object.fromEntries(response.headers));
      res.end(await response.text());
    });
  });
}

/** Hono checking the bearer token and validating with the generated zod schema. */
async function honoZodFetch() {
  const { Hono } = await import('hono');
  const { webhookEventSchema } = await import(new URL('schemas.js', fixtures).href);
  const expected = `Bearer ${token}`;
  const app = new Hono();
  app.post(path, async (c) => {
    if (c.req.header('authorization') !== expected) return c.json({ error: 'unauthorized' }, 401);
    const result = webhookEventSchema.safeParse(await c.req.json());
    return result.success ? c.json({ status: 'ok' }) : c.json({ error: 'invalid event' }, 422);
  });
  return app.fetch;
}

async function fastifyAjvServer() {
  const { default: Fastify } = await import('fastify');
  const schema = JSON.parse(readFileSync(extra, 'utf8'));
  const expected = `Bearer ${token}`;
  // Fastify's own ajv with its defaults (formats included); strict off, as specs carry `example`.
  const app = Fastify({ logger: false, keepAliveTimeout: 60_000, ajv: { customOptions: { strict: false } } });
  app.addHook('onRequest', async (request) => {
    served++;
    if (request.headers.authorization !== expected) throw Object.assign(new Error('unauthorized'), { statusCode: 401 });
  });
  app.post(path, { schema: { body: schema } }, async () => ({ status: 'ok' }));
  await app.listen({ port: 0, host: '127.0.0.1' });
  return app.server;
}

const server = await start();
if (!server.listening) await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
server.keepAliveTimeout = 60_000;
let window;
process.on('message', (message) => {
  if (message === 'start') {
    window = { cpu: process.cpuUsage(), served };
    process.send({ started: true });
  } else if (message === 'stop') {
    const cpu = process.cpuUsage(window.cpu);
    process.send({ cpuMicros: cpu.user + cpu.system, systemMicros: cpu.system, requests: served - window.served });
  }
});
process.send({ port: server.address().port });
process.on('SIGTERM', () => process.exit(0));
