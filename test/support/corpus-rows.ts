import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { CORPUS, ROOT } from './helpers.js';

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
