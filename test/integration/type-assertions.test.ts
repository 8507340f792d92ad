import assert from 'node:assert/strict';
import { copyFile, mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { generate } from '../../src/generate.js';
import { FIXTURES, removeDir, tempDir, typecheck } from '../support/helpers.js';
import { cases } from '../support/identity-cases.js';

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
      for (const file of ['events.ts', 'formats.ts', 'schema-typing.ts', 'schemas.ts']) await copyFile(path.join(FIXTURES, file), path.join(folder, file));
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

/**
 * Events that share a payload get their name as a literal (events.ts: `models.Generic & { type:
 * 'charge.failed' }`); schemas.ts builds their schemas through one generic function per payload,
 * checked once, so no event costs tsc a comparison of its own. The proof still bites: a literal
 * that differs from the schema's, or a model that differs from its zod type, fails tsc.
 */
const literalMismatches: Array<[string, string, (t: string) => string]> = [
  ['an event literal in events.ts', 'events.ts', (t) => t.replace("& { type: 'charge.failed' }", "& { type: 'charge.failedX' }")],
  ['the payload model', 'models.ts', (t) => t.replace(/(\n\s*type)(\??): string;/, '$1$2: number;')],
];

describe('the event-name literals of a shared payload in schemas.ts', () => {
  let dir = '';
  let output = '';
  let schemas = '';
  before(async () => {
    dir = await tempDir('literal-assertions');
    const spec = path.join(dir, 'spec.json');
    await writeFile(spec, JSON.stringify(cases.find((c) => c.name.includes('(stripe)'))!.doc));
    const { files } = await generate({ specPath: spec, outDir: 'out', cwd: dir });
    const text = (name: string) => files.find((f) => f.path === name)!.contents;
    schemas = text('schemas.ts');
    for (const [name, edited, edit] of [['unchanged', '', (t: string) => t] as const, ...literalMismatches]) {
      const folder = path.join(dir, label(name));
      await mkdir(folder);
      for (const file of ['events.ts', 'formats.ts', 'models.ts', 'schema-typing.ts', 'schemas.ts']) {
        const contents = file === edited ? edit(text(file)) : text(file);
        if (file === edited) assert.notEqual(contents, text(file), `the edit for ${name} applies`);
        await writeFile(path.join(folder, file), contents);
      }
    }
    output = (
      await typecheck(
        dir,
        ['unchanged', ...literalMismatches.map(([name]) => name)].map((name) => `${label(name)}/schemas.ts`),
        'nodenext',
      )
    ).output;
  });
  after(() => removeDir(dir));
  const errorsOf = (name: string) => output.split('\n').filter((line) => line.startsWith(`${label(name)}/`));

  it('builds each event schema by one generic function, no intersection per event', () => {
    assert.match(schemas, /'charge\.failed': \w+SchemaOf\('charge\.failed'\),/);
    assert.doesNotMatch(schemas, /z\.intersection\(/);
  });

  it('hold for the generated code', () => {
    assert.deepEqual(errorsOf('unchanged'), []);
  });

  for (const [name] of literalMismatches) {
    it(`fail when ${name} differs`, () => {
      assert.ok(
        errorsOf(name).some((e) => /^[\w-]+\/schemas\.ts\(\d+,\d+\): error TS\d+/.test(e)),
        output,
      );
    });
  }
});
