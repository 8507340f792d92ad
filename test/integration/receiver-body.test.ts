import assert from 'node:assert/strict';
import net from 'node:net';
import { after, before, describe, it } from 'node:test';
import { serve as honoServe } from '@hono/node-server';
import { createReceiver, type WebhookRequestHandler } from '../../src/runtime/receiver/core.js';

/**
 * How the Web-standard handler reads a body: one arrayBuffer() when a length within the limit is
 * declared, the stream (stopped at the limit) otherwise, and the limit holds even when the
 * declared length lies.
 */

const LIMIT = 100;
const handled: unknown[] = [];
const handler: WebhookRequestHandler = createReceiver(
  {
    method: 'POST',
    documentedAddresses: [],
    eventNames: ['e'],
    channels: ['/hook'],
    parse: (body) => ({ ok: true, name: 'e', event: body, drift: [] }),
  },
  {
    allowUnauthenticated: true,
    allowedIps: false,
    maxBodyBytes: LIMIT,
    idempotencyKey: () => undefined,
    handlers: { e: (event: unknown) => void handled.push(event) },
    logger: { warn: () => undefined, error: () => undefined },
  } as never,
);

const json = (n: number) => JSON.stringify({ pad: 'x'.repeat(n - 10) }).padEnd(n, ' ');

/** A Request whose reads are counted: which way the handler took the body. */
function spied(body: string, headers: Record<string, string>) {
  const request = new Request('http://127.0.0.1/hook', { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
  const reads = { arrayBuffer: 0, stream: 0 };
  const proxy = new Proxy(request, {
    get(target, property) {
      if (property === 'arrayBuffer') reads.arrayBuffer++;
      if (property === 'body') reads.stream++;
      const value = Reflect.get(target, property, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
  return { request: proxy, reads };
}

describe('the Web handler reads the body', () => {
  it('with one arrayBuffer() when the declared length is within the limit', async () => {
    const body = json(60);
    const { request, reads } = spied(body, { 'content-length': String(Buffer.byteLength(body)) });
    const response = await handler(request);
    assert.equal(response.status, 200);
    assert.deepEqual(reads, { arrayBuffer: 1, stream: 0 });
  });

  it('as a stream when no length is declared, or one that is not a plain number', async () => {
    const cases: Record<string, string>[] = [{}, { 'content-length': '6e1' }, { 'content-length': '-1' }];
    for (const headers of cases) {
      const { request, reads } = spied(json(60), headers);
      assert.equal((await handler(request)).status, 200, JSON.stringify(headers));
      assert.deepEqual(reads, { arrayBuffer: 0, stream: 1 }, JSON.stringify(headers));
    }
  });

  it('413 when a declared length under the limit hides a body over it', async () => {
    const { request, reads } = spied(json(LIMIT + 50), { 'content-length': '10' });
    assert.equal((await handler(request)).status, 413);
    assert.equal(reads.arrayBuffer, 1);
  });

  it('reads the body as it is when the declared length is larger than the body', async () => {
    handled.length = 0;
    const body = JSON.stringify({ n: 1 });
    const { request } = spied(body, { 'content-length': String(LIMIT) });
    assert.equal((await handler(request)).status, 200);
    assert.deepEqual(handled, [{ n: 1 }]);
  });

  it('413 at once for a declared length over the limit, without reading', async () => {
    const { request, reads } = spied(json(60), { 'content-length': String(LIMIT + 1) });
    assert.equal((await handler(request)).status, 413);
    assert.deepEqual(reads, { arrayBuffer: 0, stream: 0 });
  });

  it('413 for a chunked body over the limit, cancelling the stream soon after the limit', async () => {
    let offered = 0;
    let cancelled = false;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        offered += 32;
        controller.enqueue(new Uint8Array(32).fill(32));
      },
      cancel() {
        cancelled = true;
      },
    });
    const request = new Request('http://127.0.0.1/hook', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: stream,
      duplex: 'half',
    } as RequestInit);
    assert.equal((await handler(request)).status, 413);
    assert.ok(cancelled, 'the stream was cancelled');
    assert.ok(offered <= LIMIT + 32 * 3, `reading stopped near the limit (${offered} bytes offered)`);
  });
});

describe('the Web handler on @hono/node-server', () => {
  let server: ReturnType<typeof honoServe>;
  let port = 0;
  before(async () => {
    await new Promise<void>((resolve) => {
      server = honoServe({ fetch: (request: Request) => handler(request), port: 0, hostname: '127.0.0.1' }, (info) => {
        port = info.port;
        resolve();
      });
    });
  });
  after(() => new Promise<void>((resolve) => server.close(() => resolve())));

  /** One raw HTTP/1.1 exchange: what a sender with a lying Content-Length puts on the wire. */
  const exchange = (head: string, body: string) =>
    new Promise<string>((resolve, reject) => {
      const socket = net.connect(port, '127.0.0.1', () => socket.write(`${head}\r\n\r\n${body}`));
      let answer = '';
      socket.on('data', (d) => {
        answer += d;
        if (answer.includes('\r\n\r\n')) socket.end();
      });
      socket.on('close', () => resolve(answer));
      socket.on('error', reject);
      socket.setTimeout(5000, () => socket.destroy(new Error('no answer')));
    });

  it('a declared length shorter than the body: only the declared bytes are the body (here, broken JSON: 400)', async () => {
    const answer = await exchange('POST /hook HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 5\r\nConnection: close', '{"n": 1}');
    assert.match(answer, /^HTTP\/1\.1 400 /);
  });

  it('a chunked body over the limit: 413', async () => {
    const chunk = 'x'.repeat(60);
    const chunked = `${(60).toString(16)}\r\n${chunk}\r\n`.repeat(3) + '0\r\n\r\n';
    const answer = await exchange(
      'POST /hook HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\nConnection: close',
      chunked,
    );
    assert.match(answer, /^HTTP\/1\.1 413 /);
  });

  it('a declared length within the limit: handled', async () => {
    const body = JSON.stringify({ n: 2 });
    const answer = await exchange(
      `POST /hook HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\nConnection: close`,
      body,
    );
    assert.match(answer, /^HTTP\/1\.1 200 /);
  });
});
