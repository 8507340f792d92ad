import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { BUILTIN_TEMPLATES, PRECOMPILED_TEMPLATES, SpecText, TemplateSet } from '../../src/codegen/templates.js';
import { cli, removeDir, ROOT, tempDir } from '../support/helpers.js';

describe('templates', () => {
  let dir = '';
  before(async () => {
    dir = await tempDir('templates');
  });
  after(() => removeDir(dir));

  it('the build precompiled every built-in template from its text as it is now', () => {
    // A stale entry would only cost time (the text's SHA-256 is checked), but it would also leave
    // the precompiled path, which the bundled CLI runs, untested by the golden output.
    const table = createRequire(import.meta.url)(fileURLToPath(PRECOMPILED_TEMPLATES)) as Record<string, { source: string }>;
    const names = readdirSync(BUILTIN_TEMPLATES).filter((n) => n.endsWith('.hbs'));
    assert.deepEqual(Object.keys(table).sort(), names.sort());
    for (const name of names) {
      const text = readFileSync(path.join(BUILTIN_TEMPLATES, name), 'utf8');
      assert.equal(table[name]!.source, createHash('sha256').update(text).digest('hex'), `${name} changed since the build`);
    }
  });

  it('--templates replaces a built-in template by file name, and only that one', async () => {
    await mkdir(path.join(dir, 'mine'));
    const builtin = await readFile(path.join(ROOT, 'templates/events.ts.hbs'), 'utf8');
    await writeFile(path.join(dir, 'mine/events.ts.hbs'), `// our own events file\n${builtin}`);
    const result = await cli([path.join(ROOT, 'spec/leonardo.asyncapi.yaml'), '-o', 'out', '-q', '--templates', 'mine'], dir);
    assert.equal(result.code, 0, result.stderr);
    const events = await readFile(path.join(dir, 'out/events.ts'), 'utf8');
    assert.match(events, /\n\/\/ our own events file\n/);
    const models = await readFile(path.join(dir, 'out/models.ts'), 'utf8');
    const plain = await cli([path.join(ROOT, 'spec/leonardo.asyncapi.yaml'), '-o', 'out', '-q'], dir);
    assert.equal(plain.code, 0);
    assert.doesNotMatch(await readFile(path.join(dir, 'out/events.ts'), 'utf8'), /our own events file/);
    // Other files are the built-in ones; only their header differs, as it names --templates.
    const body = (text: string) => text.split('\n').slice(2).join('\n');
    assert.equal(body(await readFile(path.join(dir, 'out/models.ts'), 'utf8')), body(models), 'other files are the built-in ones');
    assert.match(models, /^\/\/ Regenerate, in this folder: npx leonardo-webhook-gen \S+ -o \. --templates \.\.\/mine$/m);
  });

  it('an override that prints a field we do not pass fails naming the template', async () => {
    await mkdir(path.join(dir, 'broken'));
    await writeFile(path.join(dir, 'broken/index.ts.hbs'), '{{nonexistent}}\n');
    const result = await cli([path.join(ROOT, 'spec/leonardo.asyncapi.yaml'), '-o', 'out2', '--templates', 'broken'], dir);
    assert.equal(result.code, 2);
    assert.match(result.stderr, /^error: template index\.ts\.hbs failed: "nonexistent" not defined in/);
  });

  it('a missing --templates folder is a usage error', async () => {
    const result = await cli(['-o', 'out3', '--templates', 'nowhere'], dir);
    assert.equal(result.code, 2);
    assert.equal(result.stderr, `error: --templates folder not found: ${path.join(dir, 'nowhere')}\n`);
  });

  it('spec text printed without an escaping helper throws', () => {
    const set = new TemplateSet();
    assert.throws(() => `${new SpecText('*/ evil')}`, /printed without an escaping helper/);
    assert.ok(set.render('index.ts.hbs', {}).includes("export * from './models.js';"));
  });
});
