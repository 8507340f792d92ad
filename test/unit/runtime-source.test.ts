import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { tsHeader } from '../../src/emit/header.js';
import { sha256 } from '../../src/hash.js';
import { PREFORMATTED_TABLE, preformatted, runtimeFile, runtimeSource, type PreformattedTable } from '../../src/emit/runtime-source.js';
import { formatFiles } from '../../src/output/format.js';
import { ROOT } from '../support/helpers.js';

/**
 * The runtime files skip prettier when the build formatted them ahead (scripts/bundle.mjs). That
 * is only sound if the table is prettier's output for today's sources, and if a generated header
 * in front of a formatted file leaves it as prettier would print it.
 */

const RUNTIME = path.join(ROOT, 'src/runtime');
const runtimeFiles = (readdirSync(RUNTIME, { recursive: true }) as string[])
  .map((f) => f.split(path.sep).join('/'))
  .filter((f) => f.endsWith('.ts'))
  .sort();

describe('runtime files formatted at build time', () => {
  it('a table entry counts only for the source it was made from', () => {
    const entry = { source: sha256('const a = 1\n'), formatted: 'const a = 1;\n' };
    assert.equal(preformatted('const a = 1\n', entry), 'const a = 1;\n');
    assert.equal(preformatted('const a = 2\n', entry), null);
    assert.equal(preformatted('const a = 1\n', undefined), null);
  });

  it('the build wrote prettier’s output for every runtime file as it is now', async () => {
    assert.ok(existsSync(PREFORMATTED_TABLE), 'dist/bin/runtime-formatted.json is missing: run `npm run build`');
    const table = JSON.parse(readFileSync(PREFORMATTED_TABLE, 'utf8')) as PreformattedTable;
    assert.deepEqual(Object.keys(table).sort(), runtimeFiles);
    const formatted = await formatFiles(runtimeFiles.map((file) => ({ path: file, contents: runtimeSource(file) })));
    for (const [i, file] of runtimeFiles.entries()) {
      const out = runtimeFile(`copy/${file}`, file);
      assert.equal(out.formatted, true, `${file} is formatted at run time: the table is stale`);
      assert.equal(out.contents, formatted[i]!.contents, file);
    }
  });

  it('prettier leaves a formatted file as it is with any generated header in front', async () => {
    const header = tsHeader({
      cwd: '/p',
      specPath: '/p/specs/a very long path/with spaces/and more/webhooks of some provider.asyncapi.yaml',
      outDir: '/p/src/generated',
      options: { lenient: true, discriminator: 'event', auth: "hmac:sha256:header=X-Signature:prefix='sha256=':encoding=hex", templates: '/p/t' },
    });
    const headed = runtimeFiles.map((file) => ({ path: file, contents: header + runtimeFile(file).contents }));
    const again = await formatFiles(headed);
    for (const [i, file] of headed.entries()) assert.equal(again[i]!.contents, file.contents, file.path);
  });

  it('the formatter passes a formatted file through untouched', async () => {
    const [file] = await formatFiles([{ path: 'a.ts', contents: 'const   a=1', formatted: true }]);
    assert.equal(file!.contents, 'const   a=1');
    const [other] = await formatFiles([{ path: 'a.ts', contents: 'const   a=1' }]);
    assert.equal(other!.contents, 'const a = 1;\n');
  });
});
