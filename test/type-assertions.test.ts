import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { copyDir, FIXTURES, removeDir, tempDir, typecheck } from './support/helpers.js';

/** The type agreement proved in schemas.ts holds, and it bites: each kind of mismatch fails tsc. */
describe('the model/zod type agreement in schemas.ts', () => {
  let dir = '';
  let models = '';
  before(async () => {
    dir = await tempDir('assertions');
    models = await readFile(path.join(FIXTURES, 'models.ts'), 'utf8');
  });
  after(() => removeDir(dir));

  async function check(label: string, edit: (text: string) => string) {
    const folder = path.join(dir, label);
    await copyDir(FIXTURES, folder);
    const edited = edit(models);
    if (label !== 'unchanged') assert.notEqual(edited, models, 'the edit applies');
    await writeFile(path.join(folder, 'models.ts'), edited);
    return typecheck(dir, [`${label}/schemas.ts`], 'nodenext');
  }

  it('hold for the generated code', async () => {
    const result = await check('unchanged', (t) => t);
    assert.equal(result.output, '');
  });

  const mismatches: Array<[string, (t: string) => string, RegExp]> = [
    ['a type', (t) => t.replace('seed?: string;', 'seed?: number;'), /schemas\.ts\(\d+,\d+\): error TS2344/],
    ['a lost null', (t) => t.replace('initStrength?: number | null;', 'initStrength?: number;'), /error TS2344/],
    ['optionality', (t) => t.replace('prompt?: string;', 'prompt: string;'), /error TS2344/],
    ['a missing optional property', (t) => t.replace(/\n\s*nobgId\?: string \| null;/, ''), /error TS2344/],
    ['a literal', (t) => t.replace("api_version: 'v1';", 'api_version: string;'), /error TS2344/],
  ];
  for (const [name, edit, expected] of mismatches) {
    it(`fail when the model and the zod type differ in ${name}`, async () => {
      const result = await check(name.replace(/\W+/g, '-'), edit);
      assert.equal(result.ok, false);
      assert.match(result.output, expected);
    });
  }
});
