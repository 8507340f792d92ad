import { sha256 } from '../hash.js';
import type { OutputFile } from '../emit/output-file.js';

/**
 * The manifest lists what the generator wrote, with hashes. Regeneration removes a file only if
 * the previous manifest lists it, so files a user keeps in the output folder are never touched.
 */
export const MANIFEST_PATH = 'leonardo-webhook-gen.manifest.json';

export interface Manifest {
  generator: 'leonardo-webhook-gen';
  version: string;
  spec: string;
  specSha256: string;
  /** The options that shape the output (`--lenient`, `--discriminator`, `--channel`), canonical. */
  options: string;
  files: Record<string, string>;
  /** A hash of everything above: a hand-edited manifest no longer matches it. */
  digest: string;
}

export function manifestDigest(m: Omit<Manifest, 'digest'>): string {
  return sha256(JSON.stringify([m.generator, m.version, m.spec, m.specSha256, m.options, Object.entries(m.files)]));
}

export function buildManifest(files: OutputFile[], version: string, spec: string, specSha256: string, options: string): OutputFile {
  const body: Omit<Manifest, 'digest'> = {
    generator: 'leonardo-webhook-gen',
    version,
    spec,
    specSha256,
    options,
    files: Object.fromEntries(files.map((f) => [f.path, sha256(f.contents)])),
  };
  const manifest: Manifest = { ...body, digest: manifestDigest(body) };
  return { path: MANIFEST_PATH, contents: `${JSON.stringify(manifest, null, 2)}\n` };
}

/** The previous manifest's file list, or null when there is none or it is not ours. */
export function parseManifest(text: string | undefined): Manifest | null {
  if (text === undefined) return null;
  try {
    const value = JSON.parse(text) as Partial<Manifest>;
    if (value.generator !== 'leonardo-webhook-gen' || typeof value.files !== 'object' || value.files === null) return null;
    const safe = Object.keys(value.files).every((p) => isSafeRelativePath(p));
    return safe ? (value as Manifest) : null;
  } catch {
    return null;
  }
}

/** A manifest is input too: an entry like `../../etc/passwd` must never be deleted. */
export function isSafeRelativePath(p: string): boolean {
  return p !== '' && !p.startsWith('/') && !p.includes('\\') && !p.split('/').some((s) => s === '..' || s === '.' || s === '');
}
