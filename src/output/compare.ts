import type { OutputFile } from '../emit/output-file.js';
import { onDisk, readIfExists, readManifest } from './disk.js';
import { MANIFEST_PATH } from './manifest.js';
import { unifiedPatch } from './patch.js';

/**
 * `--check`: compares the in-memory output with the folder and lists every difference, never
 * stopping at the first, so one CI run shows everything that is stale.
 */

export interface OutputComparison {
  missing: string[];
  changed: Array<{ path: string; patch: string }>;
  /** Files a previous run wrote (per the manifest on disk) that this run would not write. */
  extra: string[];
}

export async function compareOutput(outDir: string, files: OutputFile[]): Promise<OutputComparison> {
  const report: OutputComparison = { missing: [], changed: [], extra: [] };
  for (const file of files) {
    const current = await readIfExists(onDisk(outDir, file.path));
    if (current === undefined) report.missing.push(file.path);
    else if (current !== file.contents) report.changed.push({ path: file.path, patch: unifiedPatch(current, file.contents, file.path) });
  }
  const manifest = await readManifest(outDir);
  const produced = new Set(files.map((f) => f.path));
  for (const listed of Object.keys(manifest?.files ?? {}).sort()) {
    if (!produced.has(listed) && listed !== MANIFEST_PATH) report.extra.push(listed);
  }
  return report;
}

export const isClean = (r: OutputComparison): boolean => r.missing.length + r.changed.length + r.extra.length === 0;
