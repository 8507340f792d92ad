import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { cli, COMPILED_FIXTURES, compileOutput, CORPUS, removeDir, runGeneratedTests, tempDir } from '../support/helpers.js';

/** The tests that ship in the output run and pass, for the seed and for every webhook spec. */
const WEBHOOKS = path.join(CORPUS, 'webhooks');

// The corpus documents that generate without flags have their generated tests run by
// corpus.test.ts (one compile for all); here, the ones that need flags.
const specs: Array<{ name: string; file: string; args: string[] }> = [{ name: 'honeybadger', file: 'honeybadger.yml', args: ['--channel', 'webhook'] }];

describe('generated tests', () => {
  let dir = '';
  before(async () => {
    dir = await tempDir('generated-tests');
  });
  after(() => removeDir(dir));

  // Compiled by the project's build into dist/, away from the sources and their fixtures/ folder.
  it('pass for generated-fixtures/ (the seed and the extended spec), run from the build output', async () => {
    const result = await runGeneratedTests([path.join(COMPILED_FIXTURES, 'webhooks.test.js'), path.join(COMPILED_FIXTURES, 'extended/webhooks.test.js')]);
    assert.ok(result.ok, result.output);
    assert.match(result.output, /# pass 29\n# fail 0\n/);
  });

  for (const spec of specs) {
    it(`pass for ${spec.file}`, { skip: existsSync(WEBHOOKS) ? false : `no corpus at ${WEBHOOKS}` }, async () => {
      const generated = await cli([path.join(WEBHOOKS, spec.file), '-o', spec.name, '-q', ...spec.args], dir);
      assert.equal(generated.code, 0, generated.stderr);
      const js = await compileOutput(dir, spec.name);
      const result = await runGeneratedTests(path.join(js, 'webhooks.test.js'));
      assert.ok(result.ok, result.output);
      assert.match(result.output, /# fail 0\n/);
    });
  }
});
