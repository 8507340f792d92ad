import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { cli, compileOutputs, CORPUS, removeDir, ROOT, runGeneratedTests, tempDir, typecheck } from './support/helpers.js';

/**
 * Every document of the shared corpus, against the table in CORPUS.md: the table is the record of
 * what the generator does with specs we did not write, and this test keeps it true.
 */
interface Row {
  document: string;
  events?: number;
  stops?: string;
}

async function rows(): Promise<Row[]> {
  const text = await readFile(path.join(ROOT, 'CORPUS.md'), 'utf8');
  return [...text.matchAll(/^\| `([^`]+)` \| (generates (\d+) events?|stops: (.*)) \|$/gm)].map((m) =>
    m[3] !== undefined ? { document: m[1]!, events: Number(m[3]) } : { document: m[1]!, stops: m[4]! },
  );
}

describe('the shared corpus, as CORPUS.md records it', { skip: existsSync(CORPUS) ? false : `no corpus at ${CORPUS}` }, () => {
  let dir = '';
  const generated: string[] = [];
  before(async () => {
    dir = await tempDir('corpus-all');
  });
  after(() => removeDir(dir));

  it('lists every document in the corpus', async () => {
    const { readdir } = await import('node:fs/promises');
    const found = (await readdir(CORPUS, { recursive: true })).filter((f) => /\.ya?ml$/.test(f)).map((f) => f.split(path.sep).join('/')).sort();
    assert.deepEqual((await rows()).map((r) => r.document).sort(), found);
  });

  it('each document generates or stops as recorded', async () => {
    for (const row of await rows()) {
      const folder = `out-${generated.length}-${path.basename(row.document).replace(/\W+/g, '-')}`;
      const result = await cli([row.document, '-o', path.join(dir, folder), '-q'], CORPUS);
      if (row.stops !== undefined) {
        assert.equal(result.code, 2, `${row.document}: ${result.stderr}`);
        assert.equal(result.stderr.split('\n')[0], `error: ${row.stops}`, row.document);
        assert.doesNotMatch(result.stderr, /\n\s+at /, `${row.document}: a stack trace`);
        assert.equal(existsSync(path.join(dir, folder)), false, `${row.document}: wrote output`);
        continue;
      }
      assert.equal(result.code, 0, `${row.document}: ${result.stderr}`);
      const index = JSON.parse(await readFile(path.join(dir, folder, 'fixtures/index.json'), 'utf8')) as { requests: object };
      assert.equal(Object.keys(index.requests).length, row.events, `${row.document}: events`);
      generated.push(folder);
    }
    assert.ok(generated.length >= 30, `only ${generated.length} documents generated`);
  });

  it('every generated output type-checks, and its generated tests pass', async () => {
    const files = generated.flatMap((f) => [`${f}/index.ts`, `${f}/receiver-node.ts`, `${f}/webhooks.test.ts`]);
    const check = await typecheck(dir, files, 'nodenext');
    assert.equal(check.output, '');
    const tests = await compileOutputs(dir, generated);
    const result = await runGeneratedTests(tests);
    assert.ok(result.ok, result.output);
    assert.match(result.output, /# fail 0\n/);
    // Every folder's tests ran: one suite of fixtures and one of the receiver each.
    assert.equal((result.output.match(/^# Subtest: webhook fixtures$/gm) ?? []).length, generated.length);
  });
});
