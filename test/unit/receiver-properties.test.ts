import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import { removeDir } from '../support/helpers.js';
import { loadGenerated, recordingLogger, type Generated } from '../support/receiver-harness.js';

/**
 * Arbitrary requests against the generated handler: it never throws, never answers 5xx because of
 * what a caller sent, and never calls a handler for a request without the right token.
 */
describe('generated receiver, property-based', () => {
  let dir = '';
  let g: Generated;
  before(async () => {
    ({ dir, generated: g } = await loadGenerated());
  });
  after(() => removeDir(dir));

  const jsonValue = fc.jsonValue({ maxDepth: 4 });
  const bodies = (sample: unknown) =>
    fc.oneof(
      fc.string(),
      jsonValue.map((v) => JSON.stringify(v)),
      // The sample with one field replaced by anything: the interesting near-misses.
      fc.tuple(fc.constantFrom(...Object.keys((sample as { data: { object: object } }).data.object)), jsonValue).map(([key, value]) => {
        const copy = JSON.parse(JSON.stringify(sample));
        copy.data.object[key] = value;
        return JSON.stringify(copy);
      }),
      fc.constantFrom('{"__proto__":{"x":1},"type":"image_generation.complete"}', '{"type":"constructor"}', '[]', 'null', '\u0000', '{"type":"toString"}'),
    );
  const headerName = fc.constantFrom('content-type', 'authorization', 'x-forwarded-for', 'content-length', 'user-agent', 'x-other');

  it('never crashes, never 5xx from input, never handles an unauthenticated request', async () => {
    let handled = 0;
    const handler = g.createWebhookHandler({
      token: g.token,
      allowedIps: false,
      logger: recordingLogger().logger,
      handlers: { 'image_generation.complete': () => void handled++ },
      idempotencyKey: () => undefined,
    });
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('POST', 'GET', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'),
        fc.dictionary(headerName, fc.string({ maxLength: 40 }), { maxKeys: 5 }),
        bodies(g.request.body),
        fc.boolean(),
        fc.boolean(),
        async (method, headers, body, authenticated, jsonType) => {
          const safeHeaders = Object.fromEntries(
            Object.entries(headers)
              .filter(([, v]) => /^[\x20-\x7e]*$/.test(v))
              .filter(([k]) => k !== 'content-length'),
          );
          if (authenticated) safeHeaders.authorization = `Bearer ${g.token}`;
          else if (safeHeaders.authorization === `Bearer ${g.token}`) delete safeHeaders.authorization;
          if (authenticated && jsonType) safeHeaders['content-type'] = 'application/json';
          const before = handled;
          const init: RequestInit = { method, headers: safeHeaders };
          if (method !== 'GET') init.body = body;
          const response = await handler(new Request(`http://localhost${g.request.path}`, init));
          assert.ok(response.status < 500, `status ${response.status}`);
          if (!authenticated) {
            assert.equal(handled, before, 'handler ran without the token');
            assert.ok([401, 405, 415].includes(response.status), `unauthenticated got ${response.status}`);
          }
          await response.arrayBuffer();
        },
      ),
      { numRuns: 400, seed: 20261127 },
    );
    assert.ok(handled > 0, 'some authenticated requests reached the handler');
  });
});
