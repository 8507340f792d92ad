import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { assertRow, DATA, HELD, present, ROWS } from '../support/corpus-rows.js';
import { cli, compileOutputs, CORPUS, removeDir, runGeneratedTests, tempDir } from '../support/helpers.js';
import { prettierDifference } from '../support/prettier-form.js';

/**
 * Every document of the corpus against the table in CORPUS.md, one test per row: the table is
 * the record of what the generator does with specs we did not write, and this test keeps it true.
 * Here the AsyncAPI examples the project holds; the providers' webhook specs' rows are
 * corpus-webhooks.test.ts's, which also posts their request fixtures to their receivers.
 */
async function yamlFiles(dir: string, prefix: string): Promise<string[]> {
  const files = await readdir(dir, { recursive: true });
  return files
    .filter((f) => /\.ya?ml$/.test(f))
    .map((f) => `${prefix}/${f.split(path.sep).join('/')}`)
    .sort();
}

describe('CORPUS.md lists the corpus', () => {
  it('has a row for every AsyncAPI example the project holds, and only for those', async () => {
    const held = ROWS.map((r) => r.document)
      .filter((d) => d.startsWith(`${HELD}/`))
      .sort();
    assert.deepEqual(held, await yamlFiles(path.join(DATA, HELD), HELD));
  });

  it(
    'names only third-party documents that exist, and lists every one of a folder it records',
    { skip: existsSync(CORPUS) ? false : `no corpus at ${CORPUS}: third-party rows unchecked` },
    async (t) => {
      const thirdParty = ROWS.map((r) => r.document).filter((d) => !d.startsWith(`${HELD}/`));
      for (const document of thirdParty) assert.ok(present(document), `${document} is not in ${CORPUS}`);
      const folders = (await readdir(CORPUS, { withFileTypes: true }))
        .filter((e) => e.isDirectory() && e.name !== HELD)
        .map((e) => e.name)
        .sort();
      for (const folder of folders) {
        const found = await yamlFiles(path.join(CORPUS, folder), folder);
        const recorded = thirdParty.filter((d) => d.startsWith(`${folder}/`)).sort();
        // A folder nobody has recorded yet is reported, not failed: its rows come with the work on it.
        if (recorded.length === 0) t.diagnostic(`${folder}/: ${found.length} documents, no rows in CORPUS.md yet`);
        else assert.deepEqual(recorded, found, `${folder}/`);
      }
    },
  );
});

describe('each AsyncAPI example generates or stops as CORPUS.md records', () => {
  let dir = '';
  const generated: string[] = [];
  before(async () => {
    dir = await tempDir('corpus-all');
  });
  after(() => removeDir(dir));

  ROWS.filter((row) => row.document.startsWith(`${HELD}/`)).forEach((row, i) => {
    it(row.document, async () => {
      const folder = `out-${i}-${path.basename(row.document).replace(/\W+/g, '-')}`;
      const result = await cli([row.document, '-o', path.join(dir, folder), '-q'], DATA);
      await assertRow(row, result, path.join(dir, folder));
      if (row.stops !== undefined) return;
      generated.push(folder);
    });
  });

  // One tsc run and one test run for all outputs: tsc's start-up dominates for small outputs.
  it('every generated output type-checks, and its generated tests pass', async () => {
    assert.ok(generated.length >= 30, `only ${generated.length} documents generated`);
    generated.sort();
    const { output, tests } = await compileOutputs(dir, generated);
    assert.equal(output, '');
    const result = await runGeneratedTests(tests);
    assert.ok(result.ok, result.output);
    assert.match(result.output, /# fail 0\n/);
    // Every folder's tests ran: one suite of fixtures and one of the receiver each.
    assert.equal((result.output.match(/^# Subtest: webhook fixtures$/gm) ?? []).length, generated.length);
  });

  it('the files printed in prettier form, checks.ts, fixtures.ts and schemas.ts, are what prettier makes of them', async () => {
    const differences: string[] = [];
    for (const folder of generated) {
      for (const file of ['checks.ts', 'fixtures.ts', 'schemas.ts']) {
        const difference = await prettierDifference(await readFile(path.join(dir, folder, file), 'utf8'));
        if (difference !== '') differences.push(`${folder} ${file} ${difference}`);
      }
    }
    assert.deepEqual(differences, []);
  });
});
