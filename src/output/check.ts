import type { OutputFile } from '../emit/output-file.js';
import { onDisk, readIfExists, readManifest } from './disk.js';
import { MANIFEST_PATH } from './manifest.js';
import { unifiedDiff } from './unified-diff.js';

/**
 * `--check`: compares the in-memory output with the folder and lists every difference, never
 * stopping at the first, so one CI run shows everything that is stale.
 */

export interface CheckReport {
  missing: string[];
  changed: Array<{ path: string; diff: string }>;
  /** Files a previous run wrote (per the manifest on disk) that this run would not write. */
  extra: string[];
}

export async function checkOutput(outDir: string, files: OutputFile[]): Promise<CheckReport> {
  const report: CheckReport = { missing: [], changed: [], extra: [] };
  for (const file of files) {
    const current = await readIfExists(onDisk(outDir, file.path));
    if (current === undefined) report.missing.push(file.path);
    else if (current !== file.contents) report.changed.push({ path: file.path, diff: unifiedDiff(current, file.contents, file.path) });
  }
  const manifest = await readManifest(outDir);
  const produced = new Set(files.map((f) => f.path));
  for (const listed of Object.keys(manifest?.files ?? {}).sort()) {
    if (!produced.has(listed) && listed !== MANIFEST_PATH) report.extra.push(listed);
  }
  return report;
}

export const isClean = (r: CheckReport): boolean => r.missing.length + r.changed.length + r.extra.length === 0;
