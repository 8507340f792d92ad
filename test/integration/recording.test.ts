import assert from 'node:assert/strict';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { cli, removeDir, ROOT } from '../support/helpers.js';
import { loadGenerated, recordingLogger, serve, type Generated, type Running } from '../support/receiver-harness.js';

/** The receiver records authentic deliveries, redacted, and verify reads the recordings back. */
describe('recording deliveries', () => {
  let dir = '';
  let g: Generated;
  let server: Running;
  const secret = 'S3CRET-webhookCallbackApiKey';
  before(async () => {
    ({ dir, generated: g } = await loadGenerated());
    const handler = g.createWebhookHandler({
      token: g.token,
      allowedIps: false,
      logger: recordingLogger().logger,
      handlers: { 'image_generation.complete': () => undefined },
      onRecord: g.recordToFolder(path.join(dir, 'recorded')),
    });
    server = await serve(g.toNodeListener(handler));
    const post = (body: unknown, token = g.token) =>
      fetch(server.url + g.request.path, { method: 'POST', headers: { ...g.request.headers, authorization: `Bearer ${token}` }, body: JSON.stringify(body) });
    const valid = structuredClone(g.request.body);
    valid.data.object.apiKey.webhookCallbackApiKey = secret;
    assert.equal((await post(valid)).status, 200);
    const drifted = structuredClone(valid);
    drifted.data.object.id = '7b0e3f0c-1d2e-4f5a-8b6c-7d8e9f0a1b2c';
    drifted.data.object.seed = 42;
    // Invalid, and no onInvalidEvent: 422, so the sender's dashboard shows it.
    assert.equal((await post(drifted)).status, 422);
    assert.equal((await post({ ...valid, type: 'video_generation.complete' })).status, 202);
    assert.equal((await post(valid, 'wrong')).status, 401);
  });
  after(async () => {
    await server.close();
    await removeDir(dir);
  });

  it('writes one redacted file per authentic delivery, valid, invalid or unknown', async () => {
    const files = (await readdir(path.join(dir, 'recorded'))).sort();
    assert.equal(files.length, 3, 'the unauthenticated request is not recorded');
    const recordings = await Promise.all(files.map(async (f) => JSON.parse(await readFile(path.join(dir, 'recorded', f), 'utf8'))));
    assert.deepEqual(recordings.map((r) => r.outcome).sort(), ['invalid', 'unknown-event', 'valid']);
    for (const r of recordings) {
      assert.equal(r.leonardoWebhookRecording, 1);
      assert.equal(r.headers.authorization, 'REDACTED');
      assert.equal(r.body.data.object.apiKey.webhookCallbackApiKey, 'REDACTED');
      assert.equal(r.body.data.object.apiKey.key, 'REDACTED');
      const text = JSON.stringify(r);
      assert.ok(!text.includes(secret) && !text.includes(g.token), text);
    }
  });

  it('verify reads the recordings back', async () => {
    const result = await cli(['verify', path.join(dir, 'recorded'), '--spec', path.join(ROOT, 'spec/leonardo.asyncapi.yaml')], dir);
    assert.equal(result.code, 1);
    assert.match(result.stdout, /^3 payloads: 1 valid, 1 with drift, 1 unknown event, 0 unrecognized\n/);
    assert.match(result.stdout, /type mismatch {5}image_generation\.complete: data\.object\.seed is integer where the spec says string \(1 payload\)/);
  });
});
