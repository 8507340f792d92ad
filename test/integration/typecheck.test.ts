import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { loadSpec } from '../../src/load/load-spec.js';
import { buildModel } from '../../src/model/build-model.js';
import { copyDir, FIXTURES, removeDir, SEED_SPEC, tempDir, typecheck } from '../support/helpers.js';

/**
 * The generated code is type-checked the way users compile it, and the spec's own sample payload
 * must be assignable to its model. The sample is written as an object literal, so TypeScript's
 * excess-property check also proves every key is a wire name.
 */
describe('generated code type-checks', () => {
  let dir = '';
  const outputs: Record<string, string> = {};

  const sampleFile = (payload: unknown, name: string) =>
    [
      "import type { WebhookEventMap, ImageGenerationCompleteEnvelope } from './out/index.js';",
      `const ${name}: WebhookEventMap['image_generation.complete'] = ${JSON.stringify(payload, null, 2)};`,
      `const same: ImageGenerationCompleteEnvelope = ${name};`,
      "const wireKeys: Array<keyof ImageGenerationCompleteEnvelope> = ['type', 'object', 'timestamp', 'api_version', 'data'];",
      'export { same, wireKeys };',
      '',
    ].join('\n');

  const OUTPUT = [
    'out/index.ts',
    'out/receiver-node.ts',
    'out/webhooks.test.ts',
    'out/extended/index.ts',
    'out/extended/receiver-node.ts',
    'out/extended/webhooks.test.ts',
  ];
  // One tsc run per module resolution: the output, the sample, and two broken copies of it whose
  // errors must be the only ones.
  before(async () => {
    dir = await tempDir('typecheck');
    await copyDir(FIXTURES, path.join(dir, 'out'));
    const { model } = buildModel(await loadSpec(SEED_SPEC));
    const sample = model.events[0]!.examples[0]!.payload;
    await writeFile(path.join(dir, 'sample.ts'), sampleFile(sample, 'sample'));
    await writeFile(path.join(dir, 'renamed.ts'), sampleFile(JSON.parse(JSON.stringify(sample).replace('"api_version"', '"apiVersion"')), 'renamed'));
    const broken = JSON.parse(JSON.stringify(sample));
    broken.data.object.seed = 905778432;
    await writeFile(path.join(dir, 'broken.ts'), sampleFile(broken, 'broken'));
    for (const resolution of ['nodenext', 'bundler'] as const) {
      outputs[resolution] = (await typecheck(dir, [...OUTPUT, 'sample.ts', 'renamed.ts', 'broken.ts'], resolution)).output;
    }
    // isolatedDeclarations (`tsc --init` of TypeScript 6 and 7 may turn it on) in a run of its own:
    // tsc leaves out declaration errors once a file has a type error, as the broken copies do.
    outputs.isolated = (await typecheck(dir, OUTPUT, 'nodenext', { isolatedDeclarations: true, declaration: true })).output;
  });
  after(() => removeDir(dir));
  const errorsIn = (resolution: string, file: string) => outputs[resolution]!.split('\n').filter((l) => l.startsWith(file));

  for (const resolution of ['nodenext', 'bundler'] as const) {
    it(`passes strict, exactOptionalPropertyTypes, verbatimModuleSyntax, isolatedDeclarations under moduleResolution ${resolution}, with the sample payload`, () => {
      const errors = outputs[resolution]!.split('\n').filter((l) => /error TS/.test(l) && !/^(renamed|broken)\.ts/.test(l));
      assert.deepEqual(errors, []);
    });
  }

  it('passes isolatedDeclarations', () => {
    assert.equal(outputs.isolated, '');
  });

  it('rejects the sample once a key is not the wire name (the check can fail)', () => {
    assert.match(errorsIn('nodenext', 'renamed.ts').join('\n'), /apiVersion/);
  });

  it('rejects a number where the spec says string (seed: data.object.seed)', () => {
    assert.match(errorsIn('bundler', 'broken.ts').join('\n'), /Type 'number' is not assignable to type 'string'/);
  });
});
