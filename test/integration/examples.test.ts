import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import { describe, it } from 'node:test';
import { FIXTURES, ROOT } from '../support/helpers.js';

/** The examples start, receive the fixture request as the sender sends it, and refuse the rest. */

async function start(example: string, token: string): Promise<{ child: ChildProcess; url: string; output: () => string }> {
  const child = spawn(process.execPath, [path.join(ROOT, 'dist/examples', `${example}.js`)], {
    env: { ...process.env, LEONARDO_WEBHOOK_TOKEN: token, PORT: '0', WEBHOOK_ALLOW_LOCAL: '1', NODE_TEST_CONTEXT: '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (d) => (output += d));
  child.stderr!.on('data', (d) => (output += d));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${example} did not start: ${output}`)), 10_000);
    child.stdout!.on('data', () => {
      const match = /listening on (http:\/\/\S+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    });
    child.on('exit', (code) => reject(new Error(`${example} exited with ${code}: ${output}`)));
  });
  return { child, url, output: () => output };
}

describe('examples', () => {
  for (const example of ['node-http', 'express', 'hono']) {
    it(`${example} receives a delivery, refuses a wrong token, accepts an unknown event`, async () => {
      const index = JSON.parse(await readFile(path.join(FIXTURES, 'fixtures/index.json'), 'utf8'));
      const request = JSON.parse(await readFile(path.join(FIXTURES, 'fixtures', index.requests['image_generation.complete']), 'utf8'));
      const { child, url, output } = await start(example, index.requestToken);
      try {
        const send = (headers: Record<string, string>, body: unknown) =>
          fetch(url + request.path, { method: request.method, headers: { ...request.headers, ...headers }, body: JSON.stringify(body) });
        assert.equal((await send({}, request.body)).status, 200);
        assert.equal((await send({ authorization: 'Bearer wrong' }, request.body)).status, 401);
        assert.equal((await send({}, { ...request.body, type: 'video_generation.complete' })).status, 202);
        await new Promise((r) => setTimeout(r, 50));
        assert.match(output(), new RegExp(`generation ${request.body.data.object.id}`));
      } finally {
        child.kill();
      }
    });
  }

  for (const example of ['node-http', 'express', 'hono']) {
    it(`${example}: a client sending its headers a byte at a time is cut off at headersTimeout (5 s), not ~30 s later`, async () => {
      const { child, url } = await start(example, 'slow-headers-token');
      try {
        const { hostname, port } = new URL(url);
        const socket = net.connect(Number(port), hostname);
        socket.on('error', () => undefined);
        const request = 'POST /leonardo/webhook HTTP/1.1\r\nHost: x\r\nX-Padding: ' + 'a'.repeat(1000);
        let sent = 0;
        // One byte every 100 ms: the headers would take 100 s to arrive.
        const drip = setInterval(() => socket.writable && socket.write(request[sent++ % request.length]!), 100);
        const started = Date.now();
        const closed = await new Promise<boolean>((resolve) => {
          socket.on('close', () => resolve(true));
          // Bounded: Node's default check interval (30 s) would keep the socket open far past this.
          setTimeout(() => resolve(false), 15_000).unref();
        });
        clearInterval(drip);
        socket.destroy();
        assert.ok(closed, `still open after ${Date.now() - started} ms`);
      } finally {
        child.kill();
      }
    });
  }

  it('an example refuses to start without a token', async () => {
    const child = spawn(process.execPath, [path.join(ROOT, 'dist/examples/node-http.js')], {
      env: { ...process.env, LEONARDO_WEBHOOK_TOKEN: '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    assert.equal(code, 2);
    assert.match(stderr, /set LEONARDO_WEBHOOK_TOKEN/);
  });
});
