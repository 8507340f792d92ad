import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import { ROOT } from '../support/helpers.js';
import { MATRIX } from '../support/matrix.js';

/** README figures come from one place: what the benches recorded in bench/results.json. */
interface Renderer {
  renderTable(results: unknown): string;
  START: string;
  END: string;
}

describe('README benchmark figures', () => {
  it('the table is bench/results.json as bench/readme.mjs renders it', async () => {
    const { renderTable, START, END } = (await import(pathToFileURL(path.join(ROOT, 'bench/readme.mjs')).href)) as Renderer;
    const readme = await readFile(path.join(ROOT, 'README.md'), 'utf8');
    const results = JSON.parse(await readFile(path.join(ROOT, 'bench/results.json'), 'utf8')) as unknown;
    const block = readme.slice(readme.indexOf(START), readme.indexOf(END) + END.length);
    assert.equal(block, renderTable(results), 'run: node bench/readme.mjs --write');
  });

  it('quotes no measured figure outside the table', async () => {
    const { START, END } = (await import(pathToFileURL(path.join(ROOT, 'bench/readme.mjs')).href)) as Renderer;
    const readme = await readFile(path.join(ROOT, 'README.md'), 'utf8');
    const outside = readme.slice(0, readme.indexOf(START)) + readme.slice(readme.indexOf(END) + END.length);
    const figures = outside.match(/[^\n]*(?:\d[\d.]*k? ?(?:req\/s|validations\/s|MiB|KiB)|\d+(?:\.\d+)? ?ms\b|\d\.\d+x (?:ajv|a bare|wall))[^\n]*/g) ?? [];
    // Settings such as "default 1 MiB" are not measurements.
    assert.deepEqual(
      figures.filter((line) => !/default \d/.test(line)),
      [],
    );
  });
});

describe('README: what your tsconfig needs', () => {
  it('names every TypeScript version the package test checks, and 5.5 as the oldest', async () => {
    const readme = await readFile(path.join(ROOT, 'README.md'), 'utf8');
    const section = readme.slice(readme.indexOf('### What your tsconfig needs'), readme.indexOf('## What is generated'));
    assert.match(section, /TypeScript 5\.5 or later/);
    for (const entry of MATRIX) {
      const minor = entry.typescript.split('.').slice(0, 2).join('.');
      assert.ok(section.includes(minor), `${entry.name}: TypeScript ${minor} is not in the table`);
    }
    assert.ok(
      MATRIX.some((m) => m.typescript.startsWith('5.5.')),
      'the matrix checks 5.5',
    );
  });
});
