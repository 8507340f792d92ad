import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { describe, it } from 'node:test';
import { ROOT } from '../support/helpers.js';

/**
 * What package.json and the lockfile promise agree with each other: every locked package (dev
 * ones included: CI and contributors install them) runs on the oldest Node `engines` admits, and
 * the package's own files are what it publishes, no more.
 */

const semver = createRequire(import.meta.url)('semver') as {
  minVersion(range: string): { version: string } | null;
  satisfies(version: string, range: string): boolean;
};

interface Manifest {
  engines: { node: string };
  dependencies?: Record<string, string>;
  files: string[];
}

interface Lock {
  packages: Record<string, { version?: string; engines?: { node?: string } | string[] }>;
}

describe('package.json and package-lock.json', () => {
  it('every locked package runs on the oldest Node that `engines` admits (dev dependencies too)', async () => {
    const manifest = JSON.parse(await readFile(path.join(ROOT, 'package.json'), 'utf8')) as Manifest;
    const lock = JSON.parse(await readFile(path.join(ROOT, 'package-lock.json'), 'utf8')) as Lock;
    const oldest = semver.minVersion(manifest.engines.node)!.version;
    const refusing = Object.entries(lock.packages)
      .map(([at, p]) => [at, Array.isArray(p.engines) ? undefined : p.engines?.node] as const)
      .filter((entry): entry is readonly [string, string] => entry[1] !== undefined && !semver.satisfies(oldest, entry[1]))
      .map(([at, range]) => `${at.replace(/^.*node_modules\//, '')} needs Node ${range}`);
    assert.deepEqual(refusing, [], `engines says ${manifest.engines.node}, so Node ${oldest} must do`);
  });

  it('the package depends on nothing: the CLI bundle in dist/bin carries what it runs', async () => {
    const manifest = JSON.parse(await readFile(path.join(ROOT, 'package.json'), 'utf8')) as Manifest;
    assert.deepEqual(manifest.dependencies ?? {}, {});
    assert.ok(manifest.files.includes('examples'), 'examples/ ships with the package');
  });

  it('a packed tarball is never committed', async () => {
    const ignored = (await readFile(path.join(ROOT, '.gitignore'), 'utf8')).split('\n');
    assert.ok(ignored.includes('*.tgz'), ignored.join(', '));
  });
});
