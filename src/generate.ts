import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { TemplateSet } from './codegen/templates.js';
import { emitEvents } from './emit/events.js';
import { emitFixtures } from './emit/fixtures.js';
import { optionWords, relativeTo, tsHeader, type Provenance } from './emit/header.js';
import { emitReceiver } from './emit/receiver.js';
import { emitSenderAuth } from './emit/sender-auth.js';
import { emitValidators } from './emit/validators.js';
import { sortFiles, type OutputFile } from './emit/output-file.js';
import type { Diagnostic } from './load/diagnostics.js';
import { loadSpec } from './load/load-spec.js';
import { buildModel } from './model/build-model.js';
import type { GenModel } from './model/types.js';
import { formatFiles } from './output/format.js';
import { buildManifest } from './output/manifest.js';

/**
 * The pipeline, end to end and in memory: load → model → emit → header → format → manifest.
 * Writing and `--check` both start from this one result, so they can never disagree.
 */

export const BUNDLED_SPEC = fileURLToPath(new URL('../../spec/leonardo.asyncapi.yaml', import.meta.url));

export const VERSION: string = (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;

export interface GenerateOptions {
  /** The spec as given on the command line; null means the bundled Leonardo spec. */
  specPath: string | null;
  outDir: string;
  lenient?: boolean;
  discriminator?: string;
  channels?: string[];
  /** `--auth`: a sender-auth preset or HMAC description, in place of what the spec says. */
  auth?: string;
  templates?: string;
  /** `--overlay`: Overlay documents applied to the spec, in order, before it is read. */
  overlays?: string[];
  /** `--idempotency-key`: a body path or `header:<Name>` that names a delivery, where the spec does not say. */
  idempotencyKey?: string;
  /** Run the AsyncAPI style rules too (slower; their hints are shown with --verbose). */
  hints?: boolean;
  cwd?: string;
}

/** Where the output comes from and every option that shapes it. */
export function provenanceOf(options: GenerateOptions): Provenance {
  const cwd = path.resolve(options.cwd ?? process.cwd());
  return {
    cwd,
    specPath: options.specPath === null ? null : path.resolve(cwd, options.specPath),
    outDir: path.resolve(cwd, options.outDir),
    options: {
      ...(options.lenient ? { lenient: true } : {}),
      ...(options.discriminator !== undefined ? { discriminator: options.discriminator } : {}),
      ...(options.channels !== undefined && options.channels.length > 0 ? { channels: options.channels } : {}),
      ...(options.auth !== undefined ? { auth: options.auth } : {}),
      ...(options.templates !== undefined ? { templates: path.resolve(cwd, options.templates) } : {}),
      ...(options.overlays !== undefined && options.overlays.length > 0 ? { overlays: options.overlays.map((o) => path.resolve(cwd, o)) } : {}),
      ...(options.idempotencyKey !== undefined ? { idempotencyKey: options.idempotencyKey } : {}),
    },
  };
}

/** The manifest's record of the spec: relative to the output folder, so it holds wherever the tool runs. */
export const manifestSpec = (p: Provenance): string => (p.specPath === null ? '(bundled)' : relativeTo(p.outDir, p.specPath));

/** The manifest's record of the options that change the output, paths relative to the output folder. */
export const manifestOptions = (p: Provenance): string => JSON.stringify(optionWords(p.options, (file) => relativeTo(p.outDir, file)));

export interface GenerateResult {
  files: OutputFile[];
  model: GenModel;
  warnings: Diagnostic[];
  hints: Diagnostic[];
  notes: string[];
}

export async function generate(options: GenerateOptions): Promise<GenerateResult> {
  const cwd = options.cwd ?? process.cwd();
  const spec = await loadSpec(options.specPath ?? BUNDLED_SPEC, {
    lenient: options.lenient ?? false,
    hints: options.hints ?? false,
    cwd,
    ...(options.overlays !== undefined ? { overlays: options.overlays } : {}),
  });
  const { model, notes, warnings } = buildModel(spec, {
    ...(options.discriminator !== undefined ? { discriminator: options.discriminator } : {}),
    ...(options.channels !== undefined ? { channels: options.channels } : {}),
    ...(options.auth !== undefined ? { auth: options.auth } : {}),
    ...(options.idempotencyKey !== undefined ? { idempotencyKey: options.idempotencyKey } : {}),
  });
  const provenance = provenanceOf({ ...options, cwd });
  const templates = new TemplateSet(options.templates);

  // Modelina takes about half a second to import: only a run that emits models pays for it.
  const { emitModels } = await import('./emit/models.js');
  const emitted = [
    ...(await emitModels(model)),
    ...emitEvents(model, templates),
    ...emitValidators(model, templates),
    ...emitFixtures(model, templates),
    ...emitReceiver(model, templates),
    ...emitSenderAuth(model, templates),
  ];
  const headed = emitted.map((f) => (f.path.endsWith('.ts') ? { ...f, contents: tsHeader(provenance) + f.contents } : f));
  const formatted = sortFiles(await formatFiles(headed));
  const manifest = buildManifest(formatted, VERSION, manifestSpec(provenance), spec.sha256, manifestOptions(provenance));
  return { files: sortFiles([...formatted, manifest]), model, warnings: [...spec.warnings, ...warnings], hints: spec.hints, notes };
}
