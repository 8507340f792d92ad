import path from 'node:path';
import { GenError } from '../errors.js';
import { readManifest } from '../output/disk.js';

/**
 * The options an output folder was generated with, read back from its manifest, so `verify`,
 * `send` and `diff` pointed at it with `--out` read events exactly as the generated receiver does:
 * the same spec, overlays, discriminator, channels and sender scheme, without repeating flags.
 * What a command's own flags say wins over what the folder recorded.
 */

export interface ReadingOptions {
  /** The spec, relative to the working folder; null for the bundled spec. */
  specPath: string | null;
  overlays: string[];
  lenient: boolean;
  discriminator?: string;
  channels?: string[];
  auth?: string;
}

export interface ReadingFlags {
  spec?: string;
  out?: string;
  overlay?: string[];
  lenient?: boolean;
  discriminator?: string;
  channel?: string[];
  auth?: string;
}

/** The recorded words (`--discriminator x`, `--overlay ../fix.yaml`), paths made relative to `cwd`. */
function fromWords(words: readonly string[], outDir: string, cwd: string): Omit<ReadingOptions, 'specPath'> {
  const rebase = (p: string) => path.relative(cwd, path.resolve(outDir, p)) || '.';
  const options: Omit<ReadingOptions, 'specPath'> = { overlays: [], lenient: false };
  for (let i = 0; i < words.length; i++) {
    const word = words[i]!;
    const value = words[i + 1];
    if (word === '--lenient') options.lenient = true;
    else if (value === undefined) continue;
    else if (word === '--discriminator') options.discriminator = value;
    else if (word === '--channel') options.channels = [...(options.channels ?? []), value];
    else if (word === '--auth') options.auth = value;
    else if (word === '--overlay') options.overlays.push(rebase(value));
    // --templates and --idempotency-key shape the code, not how a payload is read.
    if (word !== '--lenient') i++;
  }
  return options;
}

export async function readingOptions(flags: ReadingFlags, cwd: string): Promise<ReadingOptions> {
  let recorded: ReadingOptions = { specPath: null, overlays: [], lenient: false };
  if (flags.out !== undefined) {
    const outDir = path.resolve(cwd, flags.out);
    const manifest = await readManifest(outDir);
    if (manifest === null) {
      throw new GenError(`--out ${flags.out}: no leonardo-webhook-gen manifest there`, [
        'point --out at a folder the generator wrote (it holds leonardo-webhook-gen.manifest.json), or pass --spec',
      ]);
    }
    let words: unknown;
    try {
      words = JSON.parse(manifest.options);
    } catch {
      words = undefined;
    }
    if (!Array.isArray(words) || !words.every((w) => typeof w === 'string'))
      throw new GenError(`--out ${flags.out}: its manifest's options are unreadable; regenerate the folder`);
    const specPath = manifest.spec === '(bundled)' ? null : path.relative(cwd, path.resolve(outDir, manifest.spec));
    recorded = { specPath, ...fromWords(words, outDir, cwd) };
  }
  const lenient = flags.lenient === true || recorded.lenient;
  const discriminator = flags.discriminator ?? recorded.discriminator;
  const channels = flags.channel ?? recorded.channels;
  const auth = flags.auth ?? recorded.auth;
  return {
    specPath: flags.spec ?? recorded.specPath,
    overlays: flags.overlay ?? recorded.overlays,
    lenient,
    ...(discriminator !== undefined ? { discriminator } : {}),
    ...(channels !== undefined ? { channels } : {}),
    ...(auth !== undefined ? { auth } : {}),
  };
}
