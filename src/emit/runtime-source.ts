import { sha256 } from '../hash.js';
import { readFileSync } from 'node:fs';
import type { OutputFile } from './output-file.js';

/**
 * Files under src/runtime/ are copied into the output as they are: the generator runs the same
 * code (fixtures are repaired with the very format checks the output will apply).
 */
export function runtimeSource(file: string): string {
  return readFileSync(new URL(`../../../src/runtime/${file}`, import.meta.url), 'utf8');
}

/** What the build formatted ahead of time: runtime file -> the SHA-256 of its source and prettier's output for it. */
export type PreformattedTable = Record<string, { source: string; formatted: string }>;

/** Where scripts/bundle.mjs writes the table: beside the bundled CLI, which the package ships. */
export const PREFORMATTED_TABLE = new URL('../../bin/runtime-formatted.json', import.meta.url);

let table: PreformattedTable | null | undefined;
function loadTable(): PreformattedTable | null {
  if (table === undefined) {
    try {
      table = JSON.parse(readFileSync(PREFORMATTED_TABLE, 'utf8')) as PreformattedTable;
    } catch {
      // No build beside these sources (tsc output only): everything is formatted at run time.
      table = null;
    }
  }
  return table;
}

/**
 * The runtime file as it is once formatted, when the build formatted this very source (same
 * SHA-256); null otherwise (never built, or the source edited since), so a stale table can only
 * cost time, never change the output.
 */
export function preformatted(source: string, entry: PreformattedTable[string] | undefined): string | null {
  return entry !== undefined && entry.source === sha256(source) ? entry.formatted : null;
}

/**
 * A runtime file as an output file. The runtime is half of the TypeScript we write and the same
 * for every spec, so prettier's output for it is computed once, at build time, with the options and
 * the prettier run time uses (src/output/format.ts); the file then skips the formatter.
 */
export function runtimeFile(outPath: string, file: string = outPath): OutputFile {
  const source = runtimeSource(file);
  const formatted = preformatted(source, loadTable()?.[file]);
  return formatted === null ? { path: outPath, contents: source } : { path: outPath, contents: formatted, formatted: true };
}
