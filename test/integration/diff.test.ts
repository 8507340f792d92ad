import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { cli, removeDir, ROOT, tempDir } from '../support/helpers.js';

describe('diff', () => {
  let dir = '';
  const seed = path.join(ROOT, 'spec/leonardo.asyncapi.yaml');
  const extended = path.join(ROOT, 'spec/examples/leonardo-extended.asyncapi.yaml');
  let edited = '';
  before(async () => {
    dir = await tempDir('diff');
    const text = await readFile(seed, 'utf8');
    const changed = text
      .replace('        prompt:\n          type: string\n', '        prompt:\n          type: string\n          nullable: true\n')
      .replace('            - PRODUCTION\n', '            - PRODUCTION\n            - DEVELOPMENT\n')
      .replace('        seed:\n          type: string\n', '        seed:\n          type: [string, integer]\n')
      .replace('        tiling:\n          type: boolean\n', '');
    assert.notEqual(changed, text);
    edited = path.join(dir, 'edited.yaml');
    await writeFile(edited, changed);
  });
  after(() => removeDir(dir));

  it('seed -> extended: two events added, nothing breaking, exit 0', async () => {
    const result = await cli(['diff', seed, extended]);
    assert.equal(result.code, 0, result.stderr);
    assert.equal(
      result.stdout,
      [
        '2 changes from spec/leonardo.asyncapi.yaml to spec/examples/leonardo-extended.asyncapi.yaml (0 breaking)',
        '  event-added                 post_processing.completed: new in the spec',
        '  event-added                 video_generation.complete: new in the spec',
        '',
      ].join('\n'),
    );
  });

  it('a field made nullable, a type widened, an enum value added, a field removed: breaking, exit 1', async () => {
    const result = await cli(['diff', seed, edited], dir);
    assert.equal(result.code, 1);
    const lines = result.stdout.split('\n');
    assert.equal(lines[0], `4 changes from ${path.relative(dir, seed)} to edited.yaml (4 breaking)`);
    assert.deepEqual(
      lines.slice(1, -1).map((l) => l.trim().replace(/\s+/g, ' ')),
      [
        'BREAKING field-removed image_generation.complete data.object.tiling: was optional',
        'BREAKING enum-value-added image_generation.complete data.object.apiKey.type: "DEVELOPMENT" added',
        'BREAKING became-nullable image_generation.complete data.object.prompt: may now be null',
        'BREAKING type-widened image_generation.complete data.object.seed: string -> integer | string',
      ],
    );
  });

  it('--fail-on narrows what fails; --format json and github carry the same changes', async () => {
    assert.equal((await cli(['diff', seed, edited, '--fail-on', 'event-added'], dir)).code, 0);
    assert.equal((await cli(['diff', seed, extended, '--fail-on', 'event-added'])).code, 1);
    const json = JSON.parse((await cli(['diff', seed, edited, '--format', 'json'], dir)).stdout);
    assert.equal(json.changes.length, 4);
    assert.ok(json.changes.every((c: { breaking: boolean }) => c.breaking));
    const github = (await cli(['diff', seed, edited, '--format', 'github'], dir)).stdout.trim().split('\n');
    assert.equal(github.length, 5);
    assert.match(github[0]!, /^::error file=edited\.yaml,title=spec change%3A field-removed::image_generation\.complete data\.object\.tiling: was optional$/);
    assert.equal(github[4], '4 changes, 4 breaking');
    // One change is one change, in either format.
    const one = path.join(dir, 'one-change.yaml');
    await writeFile(one, (await readFile(seed, 'utf8')).replace('        tiling:\n          type: boolean\n', ''));
    assert.match((await cli(['diff', seed, one], dir)).stdout, /^1 change from .* \(1 breaking\)\n/);
    assert.match((await cli(['diff', seed, one, '--format', 'github'], dir)).stdout, /\n1 change, 1 breaking\n$/);
    const bad = await cli(['diff', seed, edited, '--fail-on', 'sideways'], dir);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /^error: --fail-on: unknown change kind: sideways\n/);
  });
});
