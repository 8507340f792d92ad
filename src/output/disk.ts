import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { MANIFEST_PATH, parseManifest, type Manifest } from './manifest.js';

/** Reading the current state of an output folder, shared by write and `--check`. */

export async function readIfExists(file: string): Promise<string | undefined> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return undefined;
    throw error;
  }
}

export async function readManifest(outDir: string): Promise<Manifest | null> {
  return parseManifest(await readIfExists(path.join(outDir, MANIFEST_PATH)));
}

/** Output paths always use `/`; the disk may not. */
export const onDisk = (outDir: string, relative: string): string => path.join(outDir, ...relative.split('/'));
