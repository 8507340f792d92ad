import assert from 'node:assert/strict';
import { copyFile, mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { FIXTURES, removeDir, tempDir, typecheck } from './support/helpers.js';

/**
 * The type agreement proved in schemas.ts holds, and it bites: each kind of mismatch between a
 * Modelina model and its zod schema fails tsc. Every variant is checked in one tsc run; each test
 * reads the errors of its own folder.
 */
const mismatches: Array<[string, (t: string) => string]> = [
  ['a type', (t) => t.replace('seed?: string;', 'seed?: number;')],
  ['a lost null', (t) => t.replace('initStrength?: number | null;', 'initStrength?: number;')],
  ['optionality', (t) => t.replace('prompt?: string;', 'prompt: string;')],
  ['a missing optional property', (t) => t.replace(/\n\s*nobgId\?: string \| null;/, '')],
  ['a literal', (t) => t.replace("api_version: 'v1';", 'api_version: string;')],
];
const label = (name: string) => name.replace(/\W+/g, '-');

describe('the model/zod type agreement in schemas.ts', () => {
  let dir = '';
  let output = '';
  before(async () => {
    dir = await tempDir('assertions');
    const models = await readFile(path.join(FIXTURES, 'models.ts'), 'utf8');
    for (const [name, edit] of [['unchanged', (t: string) => t] as const, ...mismatches]) {
      const folder = path.join(dir, label(name));
      await mkdir(folder);
      for (const file of ['events.ts', 'formats.ts', 'schemas.ts']) await copyFile(path.join(FIXTURES, file), path.join(folder, file));
      const edited = edit(models);
      if (name !== 'unchanged') assert.notEqual(edited, models, `the edit for ${name} applies`);
      await writeFile(path.join(folder, 'models.ts'), edited);
    }
    output = (
      await typecheck(
        dir,
        ['unchanged', ...mismatches.map(([name]) => name)].map((name) => `${label(name)}/schemas.ts`),
        'nodenext',
      )
    ).output;
  });
  after(() => removeDir(dir));
  const errorsOf = (name: string) => output.split('\n').filter((line) => line.startsWith(`${label(name)}/`));

  it('hold for the generated code', () => {
    assert.deepEqual(errorsOf('unchanged'), []);
  });

  for (const [name] of mismatches) {
    it(`fail when the model and the zod type differ in ${name}`, () => {
      const errors = errorsOf(name);
      // The proof names the pair (TS2344); the exported constant's spelled-out type may object too.
      assert.ok(
        errors.some((e) => /^[\w-]+\/schemas\.ts\(\d+,\d+\): error TS2344/.test(e)),
        output,
      );
      assert.ok(
        errors.every((e) => /: error TS(2344|2375|2322):/.test(e)),
        errors.join('\n'),
      );
    });
  }
});
