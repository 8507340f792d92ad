import assert from 'node:assert/strict';
import { mkdir, readdir, readFile, readlink, stat, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { GenError } from '../../src/errors.js';
import { writeOutput } from '../../src/output/write.js';
import { buildManifest } from '../../src/output/manifest.js';
import { removeDir, snapshot, tempDir } from '../support/helpers.js';

/** The error a failed write gives: what happened, and what became of the folder. */
const couldNotWrite = (detail: string) => (e: unknown) => {
  assert.ok(e instanceof GenError);
  assert.match(e.message, /^could not write /);
  assert.deepEqual(e.details, [detail]);
  return true;
};

const withManifest = (files: Array<{ path: string; contents: string }>) => [...files, buildManifest(files, '0.0.0', 'spec.yaml', 'x', '{}')];

describe('writeOutput', () => {
  let dir = '';
  beforeEach(async () => {
    dir = await tempDir('write');
  });
  afterEach(() => removeDir(dir));
  const out = () => path.join(dir, 'out');

  it('creates the folder and reports what it wrote', async () => {
    const stats = await writeOutput(
      out(),
      withManifest([
        { path: 'a.ts', contents: 'a\n' },
        { path: 'fixtures/b.json', contents: '{}\n' },
      ]),
    );
    assert.deepEqual(stats, { added: ['a.ts', 'fixtures/b.json', 'leonardo-webhook-gen.manifest.json'], changed: [], unchanged: [], removed: [] });
    assert.equal(await readFile(path.join(out(), 'fixtures/b.json'), 'utf8'), '{}\n');
  });

  it('removes stale files it wrote before, keeps files it did not write', async () => {
    await writeOutput(
      out(),
      withManifest([
        { path: 'a.ts', contents: 'a\n' },
        { path: 'old/b.ts', contents: 'b\n' },
      ]),
    );
    await writeFile(path.join(out(), 'mine.txt'), 'user\n');
    await writeFile(path.join(out(), 'old', 'mine-too.txt'), 'user\n');
    const stats = await writeOutput(out(), withManifest([{ path: 'a.ts', contents: 'a2\n' }]));
    assert.deepEqual(stats.removed, ['old/b.ts']);
    assert.deepEqual(stats.changed, ['a.ts', 'leonardo-webhook-gen.manifest.json']);
    const files = await snapshot(out());
    assert.deepEqual(Object.keys(files).sort(), ['a.ts', 'leonardo-webhook-gen.manifest.json', 'mine.txt', 'old/mine-too.txt']);
  });

  it('refuses to overwrite a file it did not write, and changes nothing', async () => {
    await mkdir(out());
    await writeFile(path.join(out(), 'a.ts'), 'handwritten\n');
    const before = await snapshot(out());
    await assert.rejects(
      writeOutput(
        out(),
        withManifest([
          { path: 'a.ts', contents: 'a\n' },
          { path: 'b.ts', contents: 'b\n' },
        ]),
      ),
      (e: unknown) => {
        assert.ok(e instanceof GenError);
        assert.match(e.message, /^refusing to overwrite .*a\.ts: leonardo-webhook-gen did not write it$/);
        return true;
      },
    );
    assert.deepEqual(await snapshot(out()), before);
  });

  it('leaves the folder as it was when a write fails midway', async () => {
    await writeOutput(out(), withManifest([{ path: 'b.ts', contents: 'b\n' }]));
    // A user file where the new output needs a folder: staging succeeds, the move into place fails.
    await writeFile(path.join(out(), 'a.ts'), 'user\n');
    const before = await snapshot(out());
    await assert.rejects(
      writeOutput(
        out(),
        withManifest([
          { path: 'a.ts/x.ts', contents: 'x\n' },
          { path: 'b.ts', contents: 'B\n' },
        ]),
      ),
      couldNotWrite('the output folder was left as it was'),
    );
    assert.deepEqual(await snapshot(out()), before);
    const leftovers = (await readdir(dir)).filter((n) => n.startsWith('.leonardo-webhook-gen-'));
    assert.deepEqual(leftovers, []);
  });

  it("a new folder gets the permissions mkdir would give it, not a temporary folder's", async () => {
    await writeOutput(out(), withManifest([{ path: 'a/b.ts', contents: 'b\n' }]));
    await mkdir(path.join(dir, 'made-by-mkdir'));
    const mode = async (p: string) => (await stat(p)).mode & 0o777;
    assert.equal(await mode(out()), await mode(path.join(dir, 'made-by-mkdir')));
    assert.deepEqual((await readdir(dir)).sort(), ['made-by-mkdir', 'out']);
  });

  it('writes nothing at all when a write into a new folder fails', async () => {
    // A file and a folder of one name: the staging fails, and the folder never appears.
    await assert.rejects(
      writeOutput(
        out(),
        withManifest([
          { path: 'a.ts', contents: 'a\n' },
          { path: 'a.ts/x.ts', contents: 'x\n' },
        ]),
      ),
      couldNotWrite('nothing was written'),
    );
    assert.deepEqual(await readdir(dir), []);
  });

  it('never replaces a link to nothing where the folder would go', async () => {
    await symlink(path.join(dir, 'nowhere'), out());
    await assert.rejects(writeOutput(out(), withManifest([{ path: 'a.ts', contents: 'a\n' }])), couldNotWrite('the output folder was left as it was'));
    assert.equal(await readlink(out()), path.join(dir, 'nowhere'));
    assert.deepEqual(await readdir(dir), ['out']);
  });

  it('touches nothing when nothing changed', async () => {
    const files = withManifest([{ path: 'a.ts', contents: 'a\n' }]);
    await writeOutput(out(), files);
    const stats = await writeOutput(out(), files);
    assert.deepEqual(stats, { added: [], changed: [], unchanged: ['a.ts', 'leonardo-webhook-gen.manifest.json'], removed: [] });
  });

  it('never deletes outside the folder, whatever the manifest says', async () => {
    await mkdir(out());
    await writeFile(path.join(dir, 'precious.txt'), 'keep\n');
    await writeFile(
      path.join(out(), 'leonardo-webhook-gen.manifest.json'),
      JSON.stringify({ generator: 'leonardo-webhook-gen', files: { '../precious.txt': 'x' } }),
    );
    await writeOutput(out(), withManifest([{ path: 'a.ts', contents: 'a\n' }])).catch(() => undefined);
    assert.equal(await readFile(path.join(dir, 'precious.txt'), 'utf8'), 'keep\n');
  });
});
