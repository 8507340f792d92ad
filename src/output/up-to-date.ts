import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { BUNDLED_SPEC, VERSION } from '../generate.js';
import { onDisk, readIfExists, readManifest } from './disk.js';
import { sha256, specDigest } from '../hash.js';
import { manifestDigest } from './manifest.js';

/**
 * `--check` without generating: when the manifest says the folder was written by this version,
 * from this exact spec text and these options, and every file it lists still has its hash, the
 * folder is up to date. Anything else (an edited, missing or extra file, a hand-edited manifest,
 * a spec that pulls in other files by `$ref`) returns false and the full check runs, which
 * reports what differs. Parsing and Modelina are never loaded on the fast path.
 */

/** `$ref`s to other files: their content is not in the spec's hash, so they rule out the fast path. */
const EXTERNAL_REF = /\$ref["']?\s*:\s*["']?(?!#)[^\s"']/;

export interface UpToDateInput {
  /** The spec file as given (relative to cwd), or null for the bundled spec. */
  specPath: string | null;
  outDir: string;
  cwd: string;
  /** What the manifest must record for the spec and the options (manifestSpec, manifestOptions). */
  spec: string;
  options: string;
  /** `--overlay` files, absolute: their texts are part of what the manifest's spec hash covers. */
  overlays: readonly string[];
}

export async function upToDate(input: UpToDateInput): Promise<boolean> {
  const manifest = await readManifest(input.outDir);
  if (!manifest || manifest.version !== VERSION || manifest.options !== input.options) return false;
  const { digest, ...body } = manifest;
  if (digest !== manifestDigest(body)) return false;
  const specFile = input.specPath === null ? BUNDLED_SPEC : path.resolve(input.cwd, input.specPath);
  if (manifest.spec !== input.spec) return false;
  let text: string;
  try {
    text = await readFile(specFile, 'utf8');
  } catch {
    return false;
  }
  const overlays: string[] = [];
  for (const file of input.overlays) {
    const overlay = await readIfExists(file);
    if (overlay === undefined) return false;
    overlays.push(overlay);
  }
  if (EXTERNAL_REF.test(text) || specDigest(text, overlays) !== manifest.specSha256) return false;
  for (const [file, hash] of Object.entries(manifest.files)) {
    const contents = await readIfExists(onDisk(input.outDir, file));
    if (contents === undefined || sha256(contents) !== hash) return false;
  }
  return true;
}
