import assert from 'node:assert/strict';
import { readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { cli, copyDir, FIXTURES, removeDir, ROOT, snapshot, tempDir } from '../support/helpers.js';

/** `--check` from the project root, on a copy of generated-fixtures/ placed where it belongs. */
describe('--check', () => {
  let dir = '';
  const spec = 'spec/leonardo.asyncapi.yaml';
  const fix = 'To fix, run: npx leonardo-webhook-gen spec/leonardo.asyncapi.yaml -o generated-fixtures\n';

  beforeEach(async () => {
    dir = await tempDir('check');
    await copyDir(path.join(ROOT, 'spec'), path.join(dir, 'spec'));
    await copyDir(FIXTURES, path.join(dir, 'generated-fixtures'));
  });
  afterEach(() => removeDir(dir));
  const check = () => cli([spec, '-o', 'generated-fixtures', '--check', '-q'], dir);
  /** Without -q: the report, then the spec's warnings after it (the report is first). */
  const report = async (...flags: string[]) => {
    const result = await cli([spec, '-o', 'generated-fixtures', '--check', ...flags], dir);
    return { ...result, report: result.stderr.slice(0, result.stderr.indexOf(fix) + fix.length) };
  };
  const file = (name: string) => path.join(dir, 'generated-fixtures', name);

  it('exits 0 on an up-to-date folder and writes nothing', async () => {
    const before = await snapshot(path.join(dir, 'generated-fixtures'));
    assert.deepEqual(await check(), { code: 0, stdout: '', stderr: '' });
    const loud = await cli([spec, '-o', 'generated-fixtures', '--check'], dir);
    assert.equal(loud.stdout, 'generated-fixtures is up to date.\n');
    assert.deepEqual(await snapshot(path.join(dir, 'generated-fixtures')), before);
  });

  it('exits 1 on an edited file: -q says so and the fix; without it, each file too; --verbose adds the diff', async () => {
    const models = await readFile(file('models.ts'), 'utf8');
    await writeFile(file('models.ts'), models.replace('timestamp: number;', 'timestamp: string;'));
    const quiet = await check();
    assert.deepEqual(quiet, {
      code: 1,
      stdout: '',
      stderr: `generated-fixtures is out of date: 1 file differs (1 changed, 0 missing, 0 extra)\n${fix}`,
    });
    const normal = await report();
    assert.equal(normal.code, 1);
    assert.equal(
      normal.report,
      `generated-fixtures is out of date: 1 file differs (1 changed, 0 missing, 0 extra)\nchanged: models.ts\n(--verbose shows what changed in each file)\n${fix}`,
    );
    // The warnings come after the report, one line per kind.
    assert.match(normal.stderr.slice(normal.report.length), /^spec\/leonardo\.asyncapi\.yaml:172:21: warning: example does not match its schema: /);
    const result = await report('--verbose');
    assert.equal(result.code, 1);
    assert.ok(
      result.stderr.startsWith(
        'generated-fixtures is out of date: 1 file differs (1 changed, 0 missing, 0 extra)\nchanged: models.ts\n--- models.ts (on disk)\n+++ models.ts (generated)\n@@ ',
      ),
    );
    assert.match(result.stderr, /\n-  timestamp: string;\n\+  timestamp: number;\n/);
    assert.ok(result.report.endsWith(fix));
  });

  it('exits 1 on a deleted file and names it', async () => {
    await rm(file('events.ts'));
    const result = await report();
    assert.equal(result.code, 1);
    assert.equal(result.report, `generated-fixtures is out of date: 1 file differs (0 changed, 1 missing, 0 extra)\nmissing: events.ts\n${fix}`);
  });

  it('exits 1 when the manifest lists a file the generator no longer writes', async () => {
    const manifest = JSON.parse(await readFile(file('leonardo-webhook-gen.manifest.json'), 'utf8'));
    manifest.files['old-validators.ts'] = 'f'.repeat(64);
    await writeFile(file('leonardo-webhook-gen.manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
    await writeFile(file('old-validators.ts'), 'export {};\n');
    const result = await report();
    assert.equal(result.code, 1);
    assert.match(
      result.stderr,
      /^generated-fixtures is out of date: 2 files differ \(1 changed, 0 missing, 1 extra\)\nchanged: leonardo-webhook-gen\.manifest\.json\n/,
    );
    assert.match(result.stderr, /\nextra:   old-validators\.ts \(listed in the manifest, no longer generated\)\n/);
  });

  it('reports every difference, not the first one only', async () => {
    await rm(file('events.ts'));
    await writeFile(file('index.ts'), 'edited\n');
    await writeFile(file('models.ts'), 'edited\n');
    const result = await report();
    assert.equal(result.code, 1);
    assert.match(result.stderr, /3 files differ \(2 changed, 1 missing, 0 extra\)/);
    for (const name of ['changed: index.ts', 'changed: models.ts', 'missing: events.ts']) assert.ok(result.stderr.includes(name), name);
  });

  it('--format github annotates each stale file and ends with the summary and the fix', async () => {
    await rm(file('events.ts'));
    await writeFile(file('models.ts'), 'edited\n');
    const result = await cli([spec, '-o', 'generated-fixtures', '--check', '-q', '--format', 'github'], dir);
    assert.equal(result.code, 1);
    assert.equal(
      result.stderr,
      [
        '::error file=generated-fixtures/models.ts,title=stale generated code::models.ts differs from what the spec generates; run: npx leonardo-webhook-gen spec/leonardo.asyncapi.yaml -o generated-fixtures',
        '::error file=generated-fixtures/events.ts,title=stale generated code::events.ts is missing; run: npx leonardo-webhook-gen spec/leonardo.asyncapi.yaml -o generated-fixtures',
        'generated-fixtures is out of date: 2 files differ (1 changed, 1 missing, 0 extra)',
        fix,
      ].join('\n'),
    );
  });

  it('a regeneration repairs what --check found', async () => {
    await rm(file('events.ts'));
    await writeFile(file('models.ts'), 'edited\n');
    const write = await cli([spec, '-o', 'generated-fixtures', '-q'], dir);
    assert.equal(write.code, 0, write.stderr);
    assert.deepEqual(await check(), { code: 0, stdout: '', stderr: '' });
  });

  it('passes from another folder: the header and the manifest do not depend on where the tool runs', async () => {
    const fromSpec = await cli(['leonardo.asyncapi.yaml', '-o', '../generated-fixtures', '--check'], path.join(dir, 'spec'));
    assert.deepEqual(fromSpec, { code: 0, stdout: '../generated-fixtures is up to date.\n', stderr: '' });
    // Without the fast path (an unrelated file listed nowhere does not matter, an edited one does).
    await writeFile(file('models.ts'), 'edited\n');
    const stale = await cli(['../spec/leonardo.asyncapi.yaml', '-o', '.', '--check'], path.join(dir, 'generated-fixtures'));
    assert.equal(stale.code, 1);
    assert.match(stale.stderr, /^\. is out of date: 1 file differs \(1 changed, 0 missing, 0 extra\)\nchanged: models\.ts\n/);
    assert.ok(stale.stderr.includes('\nTo fix, run: npx leonardo-webhook-gen ../spec/leonardo.asyncapi.yaml -o .\n'), stale.stderr);
  });

  it('carries every option that changes the output into the header and the fix, and a templated folder is stale without --templates', async () => {
    await copyDir(path.join(ROOT, 'templates'), path.join(dir, 'my-templates'));
    const events = path.join(dir, 'my-templates/events.ts.hbs');
    await writeFile(events, `// custom\n${await readFile(events, 'utf8')}`);
    const options = ['--lenient', '--discriminator', 'type', '--channel', '/leonardo/webhook', '--templates', 'my-templates'];
    assert.equal((await cli([spec, '-o', 'out', '-q', ...options], dir)).code, 0);
    const header = (await readFile(path.join(dir, 'out/events.ts'), 'utf8')).split('\n').slice(0, 2).join('\n');
    assert.equal(
      header,
      '// Generated by leonardo-webhook-gen from ../spec/leonardo.asyncapi.yaml. Do not edit: regeneration overwrites it.\n' +
        '// Regenerate, in this folder: npx leonardo-webhook-gen ../spec/leonardo.asyncapi.yaml -o . --lenient --discriminator type --channel /leonardo/webhook --templates ../my-templates',
    );
    assert.deepEqual(await cli([spec, '-o', 'out', '--check', '-q', ...options], dir), { code: 0, stdout: '', stderr: '' });
    // The same check without --templates compares with the built-in templates' output: drift,
    // and a note that the folder was generated with other options.
    const plain = await cli([spec, '-o', 'out', '--check', '-q', '--lenient', '--discriminator', 'type', '--channel', '/leonardo/webhook'], dir);
    assert.equal(plain.code, 1);
    assert.match(plain.stderr, /^out is out of date: \d+ files differ \(\d+ changed, 0 missing, 0 extra\)\nTo fix, run: /);
    assert.ok(
      plain.stderr.endsWith(
        'To fix, run: npx leonardo-webhook-gen spec/leonardo.asyncapi.yaml -o out --lenient --discriminator type --channel /leonardo/webhook\n' +
          'note: out was generated with other options (--lenient --discriminator type --channel /leonardo/webhook --templates ../my-templates, paths relative to out); check with the same options to compare like with like\n',
      ),
      plain.stderr,
    );
    await writeFile(path.join(dir, 'out/models.ts'), 'edited\n');
    const templated = await cli([spec, '-o', 'out', '--check', '-q', ...options], dir);
    assert.ok(templated.stderr.endsWith(`To fix, run: npx leonardo-webhook-gen spec/leonardo.asyncapi.yaml -o out ${options.join(' ')}\n`), templated.stderr);
  });
});
