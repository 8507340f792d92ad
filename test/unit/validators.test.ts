import assert from 'node:assert/strict';
import path from 'node:path';
import { before, describe, it } from 'node:test';
import { COMPILED_FIXTURES, FIXTURES } from '../support/helpers.js';
import { readFile } from 'node:fs/promises';

/** parseWebhookEvent on the seed, driven through the compiled generated-fixtures/. */

type Parse = (body: unknown, options?: { mode?: 'strict' | 'tolerant' }) => any;

describe('parseWebhookEvent (seed)', () => {
  let parse: Parse;
  let sample: any;
  before(async () => {
    parse = ((await import(path.join(COMPILED_FIXTURES, 'validators.js'))) as { parseWebhookEvent: Parse }).parseWebhookEvent;
    sample = JSON.parse(await readFile(path.join(FIXTURES, 'fixtures/image_generation.complete/valid/imageGenerationCompleteSample.json'), 'utf8'));
  });
  const copy = () => JSON.parse(JSON.stringify(sample));

  it('accepts the repaired sample in both modes, returning the body itself', () => {
    for (const mode of ['strict', 'tolerant'] as const) {
      const result = parse(sample, { mode });
      assert.equal(result.ok, true);
      assert.equal(result.name, 'image_generation.complete');
      assert.equal(result.event, sample);
      assert.deepEqual(result.drift, []);
    }
  });

  it('tolerant: an extra field is kept and listed in drift; strict: an issue naming it', () => {
    const body = copy();
    body.data.object.motionModel = 'v2';
    const tolerant = parse(body);
    assert.equal(tolerant.ok, true);
    assert.equal(tolerant.event.data.object.motionModel, 'v2');
    assert.deepEqual(tolerant.drift, [{ kind: 'unknown-property', path: 'data.object.motionModel', message: 'property not in the spec (string)' }]);
    const strict = parse(body, { mode: 'strict' });
    assert.equal(strict.ok, false);
    assert.deepEqual(strict.issues, [{ path: 'data.object.motionModel', code: 'unknown-property', message: 'property not in the spec, got string' }]);
  });

  it('data.object.seed as a number fails both modes at that path', () => {
    const body = copy();
    body.data.object.seed = 905778432;
    for (const mode of ['strict', 'tolerant'] as const) {
      const result = parse(body, { mode });
      assert.equal(result.ok, false);
      assert.equal(result.kind, 'invalid');
      assert.deepEqual(result.issues, [{ path: 'data.object.seed', code: 'type', message: 'expected string, got number' }]);
    }
  });

  it('tolerant accepts a format mismatch and reports it; strict rejects it', () => {
    const body = copy();
    body.data.object.id = 'XXXXXXXX-XXXX-XXXX-XXXX-XXXXXXXXXXXX';
    body.data.object.images[0].url = 'not a uri';
    const tolerant = parse(body);
    assert.equal(tolerant.ok, true);
    assert.deepEqual(
      tolerant.drift.map((d: { path: string }) => d.path),
      ['data.object.id', 'data.object.images[0].url'],
    );
    const strict = parse(body, { mode: 'strict' });
    assert.deepEqual(
      strict.issues.map((i: { path: string; code: string }) => `${i.path} ${i.code}`),
      ['data.object.id format', 'data.object.images[0].url format'],
    );
  });

  it('an unknown event name is its own result, in both modes', () => {
    const body = { ...copy(), type: 'video_generation.complete' };
    for (const mode of ['strict', 'tolerant'] as const) {
      assert.deepEqual(parse(body, { mode }), { ok: false, kind: 'unknown-event', unknownEvent: 'video_generation.complete', issues: [] });
    }
  });

  it('a body that is not an object, or has no event name, is unrecognized', () => {
    for (const body of [null, 'text', 42, [sample]]) {
      assert.deepEqual(parse(body), { ok: false, kind: 'unrecognized', issues: [{ path: '', code: 'type', message: 'expected a JSON object' }] });
    }
    const { type: _, ...nameless } = copy();
    assert.equal(parse(nameless).kind, 'unrecognized');
    assert.equal(parse({ ...copy(), type: 42 }).kind, 'unrecognized');
  });

  it('prototype keys are data, never prototypes', () => {
    const body = JSON.parse(
      JSON.stringify(sample).replace(
        '"object":"generation"',
        '"object":"generation","__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}}',
      ),
    );
    const tolerant = parse(body);
    assert.equal(tolerant.ok, true);
    assert.deepEqual(
      tolerant.drift.map((d: { path: string }) => d.path),
      ['__proto__', 'constructor'],
    );
    assert.equal(({} as { polluted?: boolean }).polluted, undefined);
    assert.equal(parse({ ...copy(), type: 'constructor' }).kind, 'unknown-event');
    assert.equal(parse({ ...copy(), type: '__proto__' }).kind, 'unknown-event');
  });

  it('a missing required field is reported at its path', () => {
    const body = copy();
    delete body.data.object;
    const result = parse(body);
    assert.deepEqual(result.issues, [{ path: 'data.object', code: 'required', message: 'required property is missing' }]);
  });
});
