import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import http from 'node:http';
import net from 'node:net';
import { describe, it } from 'node:test';
import express from 'express';
import { nodeListener } from '../../src/runtime/node-listener.js';
import { createReceiver, type IncomingDelivery, type ParseOutcome } from '../../src/runtime/receiver/core.js';
import type { ValidationIssue } from '../../src/runtime/validation-context.js';

/**
 * Slow, odd and hostile clients over real HTTP on 127.0.0.1: a body that drips, a sender that
 * closes its connection, a listener mounted on the wrong path, a body with countless issues.
 * Every wait is bounded (a generous bound that the old behaviour overshot by far), so a
 * regression fails instead of hanging.
 */

type Warning = { message: string; fields: Record<string, unknown> | undefined };

function receiver(options: Record<string, unknown> = {}, parse?: (body: unknown) => ParseOutcome<Record<string, unknown>>) {
  const warnings: Warning[] = [];
  const handler = createReceiver(
    {
      method: 'POST',
      documentedAddresses: [],
      eventNames: ['e'],
      channels: ['/hook'],
      parse: parse ?? ((body) => ({ ok: true, name: 'e', event: body, drift: [] })),
    },
    {
      token: 'right',
      allowedIps: false,
      maxBodyBytes: 100,
      idempotencyKey: () => undefined,
      handlers: { e: () => undefined },
      logger: { warn: (message: string, fields?: Record<string, unknown>) => void warnings.push({ message, fields }), error: () => undefined },
      ...options,
    } as never,
  );
  return { handler, warnings };
}

async function listen(listener: http.RequestListener): Promise<{ server: http.Server; port: number }> {
  const server = http.createServer(listener);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, port: (server.address() as net.AddressInfo).port };
}

const stop = (server: http.Server) =>
  new Promise<void>((resolve) => {
    server.closeAllConnections();
    server.close(() => resolve());
  });

/** Rejects after `ms`: a bound that turns a hang into a failure naming what hung. */
const within = <T>(ms: number, what: string, promise: Promise<T>): Promise<T> => {
  let timer: NodeJS.Timeout | undefined;
  const bound = new Promise<T>((_, reject) => (timer = setTimeout(() => reject(new Error(`${what}: not within ${ms} ms`)), ms)));
  return Promise.race([promise, bound]).finally(() => clearTimeout(timer));
};

/** A raw client: headers, then the body one byte every `everyMs`; what it read once the server closed. */
function drip(port: number, headers: string, everyMs: number): { closed: Promise<string>; socket: net.Socket } {
  const socket = net.connect(port, '127.0.0.1');
  let received = '';
  socket.on('data', (d) => (received += d));
  socket.on('error', () => undefined);
  let timer: NodeJS.Timeout | undefined;
  socket.on('connect', () => {
    socket.write(headers);
    timer = setInterval(() => socket.writable && socket.write(' '), everyMs);
  });
  const closed = new Promise<string>((resolve) =>
    socket.on('close', () => {
      clearInterval(timer);
      resolve(received);
    }),
  );
  return { closed, socket };
}

const DRIP_HEADERS = 'POST /hook HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nAuthorization: Bearer right\r\nContent-Length: 90\r\n\r\n';

describe('a body that drips in', () => {
  it('is answered 408 once bodyTimeoutMs passes, and the connection closed (1 byte per 100 ms would take 9 s)', async () => {
    const { handler } = receiver({ bodyTimeoutMs: 300, handlerTimeoutMs: 1000 });
    const { server, port } = await listen(nodeListener(handler, '/hook'));
    try {
      const { closed } = drip(port, DRIP_HEADERS, 100);
      const received = await within(6_000, 'the slow body answered', closed);
      assert.match(received, /^HTTP\/1\.1 408 /);
      assert.match(received, /\r\nconnection: close\r\n/i);
      assert.ok(received.endsWith('{"error":"the body did not arrive in time"}'), received);
    } finally {
      await stop(server);
    }
  });

  it('close() ends a read in progress: it resolves at once, and the slow sender gets a 503', async () => {
    // The default bodyTimeoutMs (10 s) and a handler bound of 1 s: close() must not wait for the body.
    const { handler } = receiver({ handlerTimeoutMs: 1000 });
    let arrived!: () => void;
    const requestArrived = new Promise<void>((resolve) => (arrived = resolve));
    const listener = nodeListener(handler, '/hook');
    const { server, port } = await listen((req, res) => {
      listener(req, res);
      arrived();
    });
    try {
      const { closed } = drip(port, DRIP_HEADERS, 100);
      await within(5_000, 'the request reached the listener', requestArrived);
      await within(2_000, 'close() with a read in progress', handler.close());
      const received = await within(5_000, 'the slow sender answered', closed);
      assert.match(received, /^HTTP\/1\.1 503 /);
    } finally {
      await stop(server);
    }
  });

  it('the Web-standard path: a body that never ends is answered 408, and close() ends a read at once', async () => {
    const { handler } = receiver({ bodyTimeoutMs: 50 });
    let reading!: () => void;
    const started = new Promise<void>((resolve) => (reading = resolve));
    const stalled = (): IncomingDelivery => ({
      method: 'POST',
      remoteAddress: '127.0.0.1',
      header: (name) => ({ 'content-type': 'application/json', authorization: 'Bearer right' })[name] ?? null,
      body: () => {
        reading();
        return new Promise<Uint8Array>(() => undefined);
      },
    });
    const timedOut = await within(5_000, 'the stalled body answered', handler.deliver(stalled()));
    assert.equal(timedOut.status, 408);
    const { handler: closing } = receiver();
    const pending = closing.deliver(stalled());
    await started;
    await within(2_000, 'close() with a stalled read', closing.close());
    assert.equal((await pending).status, 503);
  });
});

/**
 * A sender as a separate process (as senders are: in this process the server's event loop would
 * pace the client's), on Node's own HTTP client: `Connection: close`, the whole body handed over
 * at once. A reset while it still writes is an error (EPIPE, ECONNRESET) and the answer is lost,
 * however much of it had arrived. Prints what it saw first: the status, or the error's code.
 */
const SENDER = `
const http = require('node:http');
const [port, size, chunked] = [Number(process.argv[1]), Number(process.argv[2]), process.argv[3] === 'chunked'];
const headers = { connection: 'close', 'content-type': 'application/json', authorization: 'Bearer right' };
if (!chunked) headers['content-length'] = String(size);
const request = http.request({ host: '127.0.0.1', port, method: 'POST', path: '/hook', headers, agent: false }, (response) => {
  response.resume();
  // What the sender saw first is what counts: the connection may be cut once the answer is in.
  response.on('end', () => process.exit(void process.stdout.write(String(response.statusCode))));
  response.on('error', (error) => process.exit(void process.stdout.write(response.statusCode + ' then ' + (error.code ?? error.message))));
});
request.on('error', (error) => process.exit(void process.stdout.write(error.code ?? error.message)));
request.end(Buffer.alloc(size, 0x20));
`;

const send = (port: number, size: number, framing: string) =>
  new Promise<string>((resolve) => {
    const child = spawn(process.execPath, ['-e', SENDER, String(port), String(size), framing], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d));
    child.on('exit', () => resolve(out));
  });

describe('a 413 to a sender that asked to close the connection', () => {
  // Larger than what is read away after an early answer (DISCARD_LIMIT), so the connection is cut
  // while the sender still writes, as it is for any sender that ignores the answer.
  const size = 20 * 1024 * 1024;
  for (const framing of ['declared-length', 'chunked']) {
    it(`reaches the sender every time (${framing}, 10 tries)`, async () => {
      const { handler } = receiver();
      const { server, port } = await listen(nodeListener(handler, '/hook'));
      try {
        const answers: string[] = [];
        for (let i = 0; i < 10; i++) answers.push(await within(20_000, `try ${i}`, send(port, size, framing)));
        assert.deepEqual(answers, Array(10).fill('413'));
      } finally {
        await stop(server);
      }
    });
  }
});

describe('a listener mounted where requests arrive under another path', () => {
  it('answers 404 and logs the first such path once, naming the path option', async () => {
    const { handler, warnings } = receiver();
    const { server, port } = await listen(nodeListener(handler, '/hook'));
    try {
      const post = (path: string) =>
        fetch(`http://127.0.0.1:${port}${path}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: 'Bearer right' },
          body: '{}',
        });
      assert.equal((await post('/hooks/leonardo')).status, 404);
      assert.equal((await post('/other')).status, 404);
      assert.deepEqual(
        warnings.map((w) => w.message),
        [
          'answered 404 to a request for "/hooks/leonardo": this listener serves only /hook. Mounted elsewhere (Express app.use, a router), pass toNodeListener(handler, { path: \'<the path as the listener sees it>\' }) or { path: false }; logged once',
        ],
      );
    } finally {
      await stop(server);
    }
  });

  it('under Express, app.use(mount) with the path as the route sees it answers 200', async () => {
    const { handler, warnings } = receiver();
    const app = express();
    app.use('/hooks', nodeListener(handler, '/hook', { path: '/leonardo' }));
    const { server, port } = await listen(app);
    try {
      const response = await fetch(`http://127.0.0.1:${port}/hooks/leonardo`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: 'Bearer right' },
        body: '{}',
      });
      assert.equal(response.status, 200);
      assert.deepEqual(warnings, []);
    } finally {
      await stop(server);
    }
  });
});

describe('an invalid body with countless issues', () => {
  it('logs and answers the first 20 issues and their count', async () => {
    const issues: ValidationIssue[] = Array.from({ length: 150_000 }, (_, i) => ({ path: `items.${i}`, code: 'type', message: 'expected string, got number' }));
    const { handler, warnings } = receiver({}, () => ({ ok: false, kind: 'invalid', name: 'e', issues }));
    const response = await handler.deliver({
      method: 'POST',
      remoteAddress: '127.0.0.1',
      header: (name) => ({ 'content-type': 'application/json', authorization: 'Bearer right' })[name] ?? null,
      body: () => Promise.resolve(new TextEncoder().encode('{}')),
    });
    assert.equal(response.status, 422);
    const answered = JSON.parse(response.body) as { issues: unknown[]; issueCount: number };
    assert.equal(answered.issues.length, 20);
    assert.equal(answered.issueCount, 150_000);
    assert.equal(warnings.length, 1);
    assert.equal((warnings[0]!.fields!.issues as unknown[]).length, 20);
    assert.equal(warnings[0]!.fields!.issueCount, 150_000);
    assert.ok(JSON.stringify(warnings[0]!.fields).length < 4_000, 'one bounded log line');
  });
});
