import assert from 'node:assert/strict';
import { copyFile, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { manifestOptions, manifestSpec, provenanceOf, type GenerateOptions } from '../../src/generate.js';
import { upToDate } from '../../src/output/up-to-date.js';
import { sha256 } from '../../src/hash.js';
import { manifestDigest } from '../../src/output/manifest.js';
import { copyDir, FIXTURES, removeDir, ROOT, tempDir } from '../support/helpers.js';

/** The --check fast path says "up to date" only when nothing could differ. */
describe('upToDate (the --check fast path)', () => {
  let dir = '';
  beforeEach(async () => {
    dir = await tempDir('fast');
    await copyDir(path.join(ROOT, 'spec'), path.join(dir, 'spec'));
    await copyDir(FIXTURES, path.join(dir, 'generated-fixtures'));
  });
  afterEach(() => removeDir(dir));
  /** The fast path as the CLI runs it, from `cwd` (by default the folder holding spec/ and the output). */
  const check = (extra: Partial<GenerateOptions> = {}, specPath: string | null = 'spec/leonardo.asyncapi.yaml', cwd = dir) => {
    const outDir = path.relative(cwd, path.join(dir, 'generated-fixtures'));
    const p = provenanceOf({ specPath: specPath === null ? null : path.relative(cwd, path.join(dir, specPath)), outDir, cwd, ...extra });
    return upToDate({
      specPath: p.specPath,
      outDir: path.join(dir, 'generated-fixtures'),
      cwd,
      spec: manifestSpec(p),
      options: manifestOptions(p),
      overlays: p.options.overlays ?? [],
    });
  };
  const file = (name: string) => path.join(dir, 'generated-fixtures', name);

  it('is true for the committed output', async () => assert.equal(await check(), true));

  const spoilers: Array<[string, () => Promise<unknown>]> = [
    ['an edited file', async () => writeFile(file('models.ts'), `${await readFile(file('models.ts'), 'utf8')}// edit\n`)],
    ['a missing file', () => rm(file('events.ts'))],
    [
      'an entry added to the manifest',
      async () => {
        const manifest = JSON.parse(await readFile(file('leonardo-webhook-gen.manifest.json'), 'utf8'));
        manifest.files['extra.ts'] = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';
        await writeFile(file('extra.ts'), '');
        await writeFile(file('leonardo-webhook-gen.manifest.json'), JSON.stringify(manifest, null, 2));
      },
    ],
    [
      'another generator version',
      async () => {
        const manifest = JSON.parse(await readFile(file('leonardo-webhook-gen.manifest.json'), 'utf8'));
        manifest.version = '0.0.1';
        await writeFile(file('leonardo-webhook-gen.manifest.json'), JSON.stringify(manifest, null, 2));
      },
    ],
    [
      'an edited spec',
      async () => writeFile(path.join(dir, 'spec/leonardo.asyncapi.yaml'), `${await readFile(path.join(dir, 'spec/leonardo.asyncapi.yaml'), 'utf8')}# edit\n`),
    ],
    ['no manifest', () => rm(file('leonardo-webhook-gen.manifest.json'))],
  ];
  for (const [name, spoil] of spoilers) {
    it(`is false after ${name}`, async () => {
      await spoil();
      assert.equal(await check(), false);
    });
  }

  it('is true from another folder: the manifest records paths relative to the output folder', async () => {
    assert.equal(await check({}, 'spec/leonardo.asyncapi.yaml', path.join(dir, 'spec')), true);
    assert.equal(await check({}, 'spec/leonardo.asyncapi.yaml', path.join(dir, 'generated-fixtures')), true);
  });

  it('is false for other options, or another spec path', async () => {
    assert.equal(await check({ lenient: true }), false);
    assert.equal(await check({ templates: path.join(dir, 'templates') }), false);
    await copyFile(path.join(dir, 'spec/leonardo.asyncapi.yaml'), path.join(dir, 'copy.yaml'));
    assert.equal(await check({}, 'copy.yaml'), false);
  });

  it('is false for a spec that pulls in other files by $ref (their content is not hashed)', async () => {
    const spec = path.join(dir, 'spec/leonardo.asyncapi.yaml');
    const original = await readFile(spec, 'utf8');
    /** Edits the spec and makes the manifest match the new text exactly. */
    const edit = async (text: string) => {
      await writeFile(spec, text);
      const manifest = JSON.parse(await readFile(file('leonardo-webhook-gen.manifest.json'), 'utf8'));
      const { digest: _, ...body } = { ...manifest, specSha256: sha256(text) };
      await writeFile(file('leonardo-webhook-gen.manifest.json'), JSON.stringify({ ...body, digest: manifestDigest(body) }, null, 2));
    };
    await edit(`${original}# a harmless edit\n`);
    assert.equal(await check(), true, 'a manifest that matches the spec text passes');
    await edit(original.replace("$ref: '#/components/schemas/ApiKey'", "$ref: './api-key.yaml'"));
    assert.equal(await check(), false);
  });
});
