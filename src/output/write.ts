import { lstat, mkdir, mkdtemp, rename, rm, rmdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { OutputFile } from '../emit/output-file.js';
import { GenError } from '../errors.js';
import { onDisk, readIfExists, readManifest } from './disk.js';
import { MANIFEST_PATH } from './manifest.js';

/**
 * All-or-nothing writing. Everything is staged in a sibling temporary folder first; then the
 * files to replace or remove are moved aside, the staged files moved in, and only when every move
 * succeeded are the old ones deleted. Any failure moves everything back. Files the previous
 * manifest does not list belong to the user and are never touched. A folder that does not exist
 * yet is staged whole and moved into place in one rename.
 */

export interface WriteStats {
  added: string[];
  changed: string[];
  unchanged: string[];
  removed: string[];
}

export async function writeOutput(outDir: string, files: OutputFile[]): Promise<WriteStats> {
  if (!(await exists(outDir))) return writeFresh(outDir, files);
  const { stats, toWrite } = await planWrite(outDir, files);
  if (toWrite.length === 0 && stats.removed.length === 0) return stats;
  await replaceInPlace(outDir, toWrite, stats);
  for (const relative of stats.removed) await removeEmptyParents(outDir, relative);
  return stats;
}

/** What each file becomes in an existing folder; refuses before anything is written. */
async function planWrite(outDir: string, files: OutputFile[]): Promise<{ stats: WriteStats; toWrite: OutputFile[] }> {
  const previous = await readManifest(outDir);
  const owned = new Set(previous ? [...Object.keys(previous.files), MANIFEST_PATH] : [MANIFEST_PATH]);
  const stats: WriteStats = { added: [], changed: [], unchanged: [], removed: [] };
  const toWrite: OutputFile[] = [];
  // Thousands of small files: read them concurrently, decide in order.
  const currents = await Promise.all(files.map((file) => readIfExists(onDisk(outDir, file.path))));
  for (const [i, file] of files.entries()) {
    const current = currents[i];
    if (current === undefined) stats.added.push(file.path);
    else if (current === file.contents) stats.unchanged.push(file.path);
    else if (!owned.has(file.path)) {
      throw new GenError(`refusing to overwrite ${path.join(outDir, file.path)}: leonardo-webhook-gen did not write it`, [
        `it is not listed in ${path.join(outDir, MANIFEST_PATH)}; move it away or choose another output folder`,
      ]);
    } else stats.changed.push(file.path);
    if (current !== file.contents) toWrite.push(file);
  }
  const produced = new Set(files.map((f) => f.path));
  for (const stale of owned) {
    if (!produced.has(stale) && (await readIfExists(onDisk(outDir, stale))) !== undefined) stats.removed.push(stale);
  }
  return { stats, toWrite };
}

/** Stage, move the old aside, move the new in; on any failure, put everything back. */
async function replaceInPlace(outDir: string, toWrite: OutputFile[], stats: WriteStats): Promise<void> {
  const parent = path.dirname(path.resolve(outDir));
  await mkdir(parent, { recursive: true });
  const staging = await mkdtemp(path.join(parent, '.leonardo-webhook-gen-stage-'));
  const backup = await mkdtemp(path.join(parent, '.leonardo-webhook-gen-backup-'));
  const placed: string[] = [];
  const movedAside: string[] = [];
  try {
    await makeParents(
      staging,
      toWrite.map((f) => f.path),
    );
    await settleAll(toWrite.map((file) => writeFile(onDisk(staging, file.path), file.contents)));
    await mkdir(outDir, { recursive: true });
    const aside = [...stats.changed, ...stats.removed];
    await makeParents(backup, aside);
    await settleAll(
      aside.map(async (relative) => {
        await rename(onDisk(outDir, relative), onDisk(backup, relative));
        movedAside.push(relative);
      }),
    );
    await makeParents(
      outDir,
      toWrite.map((f) => f.path),
    );
    await settleAll(
      toWrite.map(async (file) => {
        await rename(onDisk(staging, file.path), onDisk(outDir, file.path));
        placed.push(file.path);
      }),
    );
  } catch (error) {
    for (const relative of placed) await rm(onDisk(outDir, relative), { force: true });
    for (const relative of movedAside) await rename(onDisk(backup, relative), onDisk(outDir, relative)).catch(() => undefined);
    await rm(staging, { recursive: true, force: true });
    await rm(backup, { recursive: true, force: true });
    throw new GenError(`could not write ${outDir}: ${(error as Error).message}`, ['the output folder was left as it was']);
  }
  await rm(staging, { recursive: true, force: true });
  await rm(backup, { recursive: true, force: true });
}

/**
 * A new folder: staged whole, then renamed into place, one step that either happens or not (a
 * large output is thousands of files, and moving each one cost more than writing it). It is
 * staged as a child of the temporary folder, made by mkdir: mkdtemp's own folder is owner-only,
 * and renamed into place it would make the output unreadable to anyone else.
 */
async function writeFresh(outDir: string, files: OutputFile[]): Promise<WriteStats> {
  const parent = path.dirname(path.resolve(outDir));
  await mkdir(parent, { recursive: true });
  const temporary = await mkdtemp(path.join(parent, '.leonardo-webhook-gen-stage-'));
  const staging = path.join(temporary, 'out');
  try {
    await mkdir(staging);
    await makeParents(
      staging,
      files.map((f) => f.path),
    );
    await settleAll(files.map((file) => writeFile(onDisk(staging, file.path), file.contents)));
    // Fails where something has appeared at outDir since (unless it is an empty folder): nothing is lost.
    await rename(staging, outDir);
  } catch (error) {
    await rm(temporary, { recursive: true, force: true });
    throw new GenError(`could not write ${outDir}: ${(error as Error).message}`, ['nothing was written']);
  }
  await rmdir(temporary);
  return { added: files.map((f) => f.path), changed: [], unchanged: [], removed: [] };
}

/** Anything at all at that path, a link to nothing included (it is the user's: never replaced). */
async function exists(file: string): Promise<boolean> {
  try {
    await lstat(file);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw error;
  }
}

/**
 * Like Promise.all, but waits for every operation to finish before failing: a rollback must not
 * start while moves are still under way.
 */
async function settleAll(operations: Array<Promise<unknown>>): Promise<void> {
  const failed = (await Promise.allSettled(operations)).find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed) throw failed.reason;
}

/** Creates each distinct parent folder once, concurrently, before files are written or moved in. */
async function makeParents(base: string, relatives: string[]): Promise<void> {
  const dirs = new Set(relatives.map((r) => path.dirname(onDisk(base, r))));
  // Only the deepest: a recursive mkdir makes the folders above it (and tolerates a sibling's race).
  const above = new Set([...dirs].map((dir) => path.dirname(dir)));
  const leaves = [...dirs].filter((dir) => !above.has(dir)).sort();
  await settleAll(leaves.map((dir) => mkdir(dir, { recursive: true })));
}

/** Folders that only held stale generated files go too; a folder with anything else stays. */
async function removeEmptyParents(outDir: string, relative: string): Promise<void> {
  let dir = path.dirname(relative);
  while (dir !== '.' && dir !== '') {
    try {
      await rmdir(onDisk(outDir, dir));
    } catch {
      return;
    }
    dir = path.dirname(dir);
  }
}
