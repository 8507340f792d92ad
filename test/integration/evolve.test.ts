import assert from 'node:assert/strict';
import { copyFile, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { cli, compileOutputs, removeDir, ROOT, runGeneratedTests, snapshot, tempDir, typecheck } from '../support/helpers.js';

/**
 * The loop this tool exists for: a new event is added to the spec's oneOf, the code regenerated,
 * and everything follows without a hand edit and without disturbing what was there.
 */
const EXTENDED = path.join(ROOT, 'spec/examples/leonardo-extended.asyncapi.yaml');
const SEED = path.join(ROOT, 'spec/leonardo.asyncapi.yaml');
/** Listings that name every event or file: adding one rewrites their closing lines. */
const LISTINGS = new Set(['leonardo-webhook-gen.manifest.json', 'fixtures/index.json', 'fixtures.ts']);

describe('adding events to the spec', () => {
  let dir = '';
  let before_: Record<string, string> = {};
  let after_: Record<string, string> = {};
  before(async () => {
    dir = await tempDir('evolve');
    await copyFile(SEED, path.join(dir, 'spec.yaml'));
    assert.equal((await cli(['spec.yaml', '-o', 'out', '-q'], dir)).code, 0);
    before_ = await snapshot(path.join(dir, 'out'));
    await copyFile(EXTENDED, path.join(dir, 'spec.yaml'));
    const result = await cli(['spec.yaml', '-o', 'out'], dir);
    assert.equal(result.code, 0, result.stderr);
    assert.match(
      result.stdout,
      /Events:  3 events on POST \/leonardo\/webhook, told apart by "type": image_generation\.complete, post_processing\.completed, video_generation\.complete/,
    );
    after_ = await snapshot(path.join(dir, 'out'));
  });
  after(() => removeDir(dir));

  it('only adds: no existing line changes outside the listings, no existing file of the old event changes', () => {
    for (const [file, old] of Object.entries(before_)) {
      assert.ok(file in after_, `${file} was removed`);
      if (LISTINGS.has(file)) continue;
      const newLines = after_[file]!.split('\n');
      let at = 0;
      for (const line of old.split('\n')) {
        const found = newLines.indexOf(line, at);
        assert.ok(found >= 0, `${file}: line changed or moved: ${line}`);
        at = found + 1;
      }
      if (file.startsWith('fixtures/image_generation.complete/')) assert.equal(after_[file], old, file);
    }
  });

  it('gives each new event its model, validator, zod schema, fixtures and handler slot', () => {
    const added: Array<[string, string]> = [
      ['video_generation.complete', 'VideoGenerationCompleteEnvelope'],
      ['post_processing.completed', 'PostProcessingCompletedEnvelope'],
    ];
    for (const [event, type] of added) {
      assert.match(after_['models.ts']!, new RegExp(`export interface ${type} \\{`));
      assert.match(after_['events.ts']!, new RegExp(`'${event.replace('.', '\\.')}': models\\.${type};`));
      assert.match(after_['validators.ts']!, new RegExp(`'${event.replace('.', '\\.')}': checks\\.check${type},`));
      assert.match(after_['schemas.ts']!, new RegExp(`'${event.replace('.', '\\.')}': ${type.charAt(0).toLowerCase()}${type.slice(1)}Schema,`));
      assert.match(after_['schemas.ts']!, new RegExp(`Same<\\s*models\\.${type},\\s*z\\.infer<typeof z${type}>\\s*>`));
      const fixtures = Object.keys(after_).filter((f) => f.startsWith(`fixtures/${event}/`));
      assert.ok(
        fixtures.some((f) => f.includes('/valid/')),
        `${event}: no valid fixture`,
      );
      assert.ok(
        fixtures.some((f) => f.includes('/invalid/missing-required')),
        `${event}: no invalid fixture`,
      );
      assert.ok(fixtures.includes(`fixtures/${event}/request.json`), `${event}: no request fixture`);
    }
    // post_processing.completed has no example in the spec: its valid fixture is synthesized.
    assert.ok('fixtures/post_processing.completed/valid/synthesized.json' in after_);
  });

  it('type-checks, and its generated tests pass', async () => {
    const { output, tests } = await compileOutputs(dir, ['out']);
    assert.equal(output, '');
    const result = await runGeneratedTests(tests);
    assert.ok(result.ok, result.output);
    assert.match(result.output, /# fail 0\n/);
  });

  it('defineHandlers makes tsc name a missing handler', async () => {
    const project = (handlers: string[]) =>
      [
        "import { defineHandlers } from './out/receiver.js';",
        'export const handlers = defineHandlers({',
        ...handlers.map((h) => `  '${h}': async () => undefined,`),
        '});',
        '',
      ].join('\n');
    await writeFile(path.join(dir, 'complete.ts'), project(['image_generation.complete', 'video_generation.complete', 'post_processing.completed']));
    assert.equal((await typecheck(dir, ['complete.ts'], 'nodenext')).output, '');
    await writeFile(path.join(dir, 'missing.ts'), project(['image_generation.complete', 'video_generation.complete']));
    const result = await typecheck(dir, ['missing.ts'], 'nodenext');
    assert.equal(result.ok, false);
    assert.match(result.output, /missing\.ts\(\d+,\d+\): error TS2345: .*Property '"post_processing\.completed"' is missing/s);
  });

  it('names do not depend on the order of the oneOf list', async () => {
    const text = await readFile(EXTENDED, 'utf8');
    const reordered = text.replace(
      "          - $ref: '#/components/messages/ImageGenerationComplete'\n          - $ref: '#/components/messages/VideoGenerationComplete'\n          - $ref: '#/components/messages/PostProcessingCompleted'\n",
      "          - $ref: '#/components/messages/PostProcessingCompleted'\n          - $ref: '#/components/messages/ImageGenerationComplete'\n          - $ref: '#/components/messages/VideoGenerationComplete'\n",
    );
    assert.notEqual(reordered, text);
    await writeFile(path.join(dir, 'spec.yaml'), reordered);
    assert.equal((await cli(['spec.yaml', '-o', 'reordered', '-q'], dir)).code, 0);
    const output = await snapshot(path.join(dir, 'reordered'));
    for (const [file, contents] of Object.entries(after_)) {
      if (file === 'leonardo-webhook-gen.manifest.json') continue;
      assert.equal(output[file]?.replace(/-o reordered/g, '-o out'), contents, file);
    }
  });
});
