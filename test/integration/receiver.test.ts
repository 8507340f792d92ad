import assert from 'node:assert/strict';
import net from 'node:net';
import { after, before, describe, it } from 'node:test';
import { removeDir } from '../support/helpers.js';
import { loadGenerated, recordingLogger, serve, type Generated, type Running } from '../support/receiver-harness.js';

describe('generated receiver over HTTP: the status ladder', () => {
  let dir = '';
  let g: Generated;
  let server: Running;
  const handled: string[] = [];
  const unknown: string[] = [];
  const invalid: unknown[] = [];
  const log = recordingLogger();
  before(async () => {
    ({ dir, generated: g } = await loadGenerated());
    const handler = g.createWebhookHandler({
      token: g.token,
      allowedIps: ['127.0.0.1'],
      handlers: { 'image_generation.complete': async (event: any) => void handled.push(event.data.object.id) },
      onUnknownEvent: (name: string) => void unknown.push(name),
      onInvalidEvent: (report: unknown) => void invalid.push(report),
      logger: log.logger,
    });
    server = await serve(g.toNodeListener(handler));
  });
  after(async () => {
    await server.close();
    await removeDir(dir);
  });
  const post = (body: string, headers: Record<string, string> = {}, path = g.request.path) =>
    fetch(server.url + path, { method: 'POST', headers: { ...g.request.headers, ...headers }, body });
  const valid = () => JSON.stringify(g.request.body);

  it('200 once the handler has resolved', async () => {
    const response = await post(valid());
    assert.equal(response.status, 200);
    assert.deepEqual(await response.json(), { status: 'ok' });
    assert.deepEqual(handled, [g.request.body.data.object.id]);
  });
  it('200 without calling the handler again for a duplicate', async () => {
    const response = await post(valid());
    assert.equal(response.status, 200);
    assert.deepEqual(await response.json(), { status: 'ok', duplicate: true });
    assert.equal(handled.length, 1);
  });
  it('405 for another method, with Allow', async () => {
    for (const method of ['GET', 'PUT', 'DELETE']) {
      const response = await fetch(server.url + g.request.path, { method });
      assert.equal(response.status, 405);
      assert.equal(response.headers.get('allow'), 'POST');
    }
  });
  it('404 for another path', async () => {
    assert.equal((await post(valid(), {}, '/elsewhere')).status, 404);
  });
  it('its path in absolute form too, as a client sends it through a proxy', async () => {
    const body = valid();
    const statusLine = await new Promise<string>((resolve, reject) => {
      const socket = net.connect(server.port, '127.0.0.1', () => {
        const headers = Object.entries({ ...g.request.headers, 'content-length': String(Buffer.byteLength(body)), connection: 'close' });
        const head = headers.map(([name, value]) => `${name}: ${value}\r\n`).join('');
        socket.write(`POST http://127.0.0.1:${server.port}${g.request.path}?via=proxy HTTP/1.1\r\nHost: 127.0.0.1\r\n${head}\r\n${body}`);
      });
      let answer = '';
      socket.on('data', (chunk) => (answer += chunk));
      socket.on('end', () => resolve(answer.split('\r\n')[0]!));
      socket.on('error', reject);
    });
    assert.equal(statusLine, 'HTTP/1.1 200 OK');
  });
  it('415 for a content type other than JSON', async () => {
    assert.equal((await post(valid(), { 'content-type': 'text/plain' })).status, 415);
    assert.equal((await post(valid(), { 'content-type': 'application/json; charset=utf-8' })).status, 200);
  });
  it('401 for a missing or wrong bearer token', async () => {
    for (const authorization of ['', 'Bearer wrong', `bearer ${g.token}`, `Bearer ${g.token}x`, `Bearer  ${g.token}`, g.token, `Basic ${g.token}`]) {
      const response = await post(valid(), { authorization });
      assert.equal(response.status, 401, authorization);
      assert.equal(response.headers.get('www-authenticate'), 'Bearer');
    }
  });
  it('413 for a declared body over the limit, and for a streamed one as soon as it passes', async () => {
    assert.equal((await post('x'.repeat(1024 * 1024 + 1))).status, 413);
    let sent = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        sent += 64 * 1024;
        if (sent > 8 * 1024 * 1024) controller.close();
        else controller.enqueue(new Uint8Array(64 * 1024).fill(32));
      },
    });
    const response = await fetch(server.url + g.request.path, { method: 'POST', headers: g.request.headers, body: stream, duplex: 'half' } as RequestInit);
    assert.equal(response.status, 413);
    assert.ok(sent < 8 * 1024 * 1024, `reading stopped early (${sent} bytes offered)`);
  });
  it('400 for a body that is not JSON', async () => {
    assert.equal((await post('{"type": ')).status, 400);
    assert.equal((await post('')).status, 400);
  });
  it('202 after onUnknownEvent for an unknown event', async () => {
    const response = await post(JSON.stringify({ ...g.request.body, type: 'video_generation.complete' }));
    assert.equal(response.status, 202);
    assert.deepEqual(unknown, ['video_generation.complete']);
  });
  it('202 after onInvalidEvent for an authentic event that fails validation, with the raw body', async () => {
    const body = JSON.stringify({ ...g.request.body, timestamp: 'yesterday' });
    assert.equal((await post(body)).status, 202);
    assert.deepEqual(invalid, [
      { name: 'image_generation.complete', rawBody: body, issues: [{ path: 'timestamp', code: 'type', message: 'expected integer, got string' }] },
    ]);
  });
  it('never puts the token or the webhook API key in a response or a log line', async () => {
    const secret = 'S3CRET-webhookCallbackApiKey';
    const body = JSON.parse(valid());
    body.data.object.id = 'another-delivery';
    body.data.object.apiKey.webhookCallbackApiKey = secret;
    body.data.object.seed = 42;
    const texts = [await (await post(JSON.stringify(body))).text(), await (await post('{}', { authorization: `Bearer ${secret}` })).text()];
    for (const text of [...texts, ...log.lines]) {
      assert.ok(!text.includes(secret) && !text.includes(g.token), text);
      assert.ok(!/\n\s+at /.test(text), 'no stack trace');
    }
  });
  it('survives a body cut off mid-stream', async () => {
    await new Promise<void>((resolve) => {
      const socket = net.connect(server.port, '127.0.0.1', () => {
        socket.write(
          `POST ${g.request.path} HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nAuthorization: Bearer ${g.token}\r\nContent-Length: 1000\r\n\r\n{"type":`,
        );
        setTimeout(() => socket.destroy(), 50);
      });
      socket.on('close', () => resolve());
      socket.on('error', () => undefined);
    });
    assert.equal((await post(JSON.stringify({ ...g.request.body, type: 'still.alive' }))).status, 202);
  });
});
