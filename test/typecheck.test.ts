import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { loadSpec } from '../src/load/load-spec.js';
import { buildModel } from '../src/model/build-model.js';
import { copyDir, FIXTURES, removeDir, SEED_SPEC, tempDir, typecheck } from './support/helpers.js';

/**
 * The generated code is type-checked the way users compile it, and the spec's own sample payload
 * must be assignable to its model. The sample is written as an object literal, so TypeScript's
 * excess-property check also proves every key is a wire name.
 */
describe('generated code type-checks', () => {
  let dir = '';
  let sample: unknown;

  before(async () => {
    dir = await tempDir('typecheck');
    await copyDir(FIXTURES, path.join(dir, 'out'));
    const { model } = buildModel(await loadSpec(SEED_SPEC));
    sample = model.events[0]!.examples[0]!.payload;
  });
  after(() => removeDir(dir));

  const sampleFile = (payload: unknown) =>
    [
      "import type { WebhookEventMap, ImageGenerationCompleteEnvelope } from './out/index.js';",
      `const sample: WebhookEventMap['image_generation.complete'] = ${JSON.stringify(payload, null, 2)};`,
      'const same: ImageGenerationCompleteEnvelope = sample;',
      "const wireKeys: Array<keyof ImageGenerationCompleteEnvelope> = ['type', 'object', 'timestamp', 'api_version', 'data'];",
      'export { same, wireKeys };',
      '',
    ].join('\n');

  for (const resolution of ['nodenext', 'bundler'] as const) {
    it(`passes strict + noUncheckedIndexedAccess under moduleResolution ${resolution}, with the sample payload`, async () => {
      await writeFile(path.join(dir, 'sample.ts'), sampleFile(sample));
      const result = await typecheck(dir, ['out/index.ts', 'out/webhooks.test.ts', 'sample.ts'], resolution);
      assert.equal(result.output, '');
      assert.ok(result.ok);
    });
  }

  it('rejects the sample once a key is not the wire name (the check can fail)', async () => {
    const renamed = JSON.parse(JSON.stringify(sample).replace('"api_version"', '"apiVersion"'));
    await writeFile(path.join(dir, 'renamed.ts'), sampleFile(renamed).replace(/sample/g, 'renamed'));
    const result = await typecheck(dir, ['renamed.ts'], 'nodenext');
    assert.equal(result.ok, false);
    assert.match(result.output, /apiVersion/);
  });

  it('rejects a number where the spec says string (seed: data.object.seed)', async () => {
    const broken = JSON.parse(JSON.stringify(sample));
    broken.data.object.seed = 905778432;
    await writeFile(path.join(dir, 'broken.ts'), sampleFile(broken).replace(/sample/g, 'broken'));
    const result = await typecheck(dir, ['broken.ts'], 'bundler');
    assert.equal(result.ok, false);
    assert.match(result.output, /Type 'number' is not assignable to type 'string'/);
  });

});
