import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { CORPUS, ROOT, type CliRun } from './helpers.js';

/**
 * The table in CORPUS.md: what the generator does with each document of the corpus. The AsyncAPI
 * examples (Apache-2.0) are held by the project in test/data/asyncapi-spec-examples, so a fresh
 * clone checks their rows; the providers' webhook specs have no reuse licence and stay beside the
 * project in ../shared/corpus, so without it their rows are skipped, saying so.
 */
export interface Row {
  document: string;
  events?: number;
  stops?: string;
}

export const DATA = path.join(ROOT, 'test/data');
export const HELD = 'asyncapi-spec-examples';

export const ROWS: Row[] = [...readFileSync(path.join(ROOT, 'CORPUS.md'), 'utf8').matchAll(/^\| `([^`]+)` \| (generates (\d+) events?|stops: (.*)) \|$/gm)].map(
  (m) => (m[3] !== undefined ? { document: m[1]!, events: Number(m[3]) } : { document: m[1]!, stops: m[4]! }),
);

/** The folder a row's document is named from: the project's copy or the corpus beside it. */
export const home = (document: string): string => (document.startsWith(`${HELD}/`) ? DATA : CORPUS);
export const present = (document: string): boolean => existsSync(path.join(home(document), document));
export const skipReason = (document: string): string | false =>
  present(document) || home(document) === DATA ? false : `third-party document not present: no corpus at ${CORPUS}`;

/** A run of the CLI on a row's document did what the row says: generated that many events into `out`, or stopped with that message and wrote nothing. */
export async function assertRow(row: Row, result: CliRun, out: string): Promise<void> {
  if (row.stops !== undefined) {
    assert.equal(result.code, 2, result.stderr);
    assert.equal(result.stderr.split('\n')[0], `error: ${row.stops}`);
    assert.doesNotMatch(result.stderr, /\n\s+at /, 'a stack trace');
    assert.equal(existsSync(out), false, 'wrote output');
    return;
  }
  assert.equal(result.code, 0, result.stderr);
  const index = JSON.parse(await readFile(path.join(out, 'fixtures/index.json'), 'utf8')) as { requests: object };
  assert.equal(Object.keys(index.requests).length, row.events, 'events');
}
