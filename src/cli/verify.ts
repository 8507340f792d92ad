import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { ExitCode, GenError } from '../errors.js';
import { BUNDLED_SPEC } from '../generate.js';
import { loadSpec } from '../load/load-spec.js';
import { applyOverlays, renderOverlay } from '../load/overlay.js';
import { buildModel } from '../model/build-model.js';
import { readPayloads } from '../drift/payloads.js';
import { parseFailOn, renderGithub, renderJson, renderText } from '../drift/report.js';
import { suggestOverlay } from '../drift/suggest.js';
import { findDrift } from '../drift/find-drift.js';
import type { VerifyFlags } from './program.js';
import { readingOptions } from './recorded-options.js';

/**
 * `verify`: how recorded payloads differ from the spec, read exactly as the generated receiver
 * reads them (the same spec, overlays and options, from `--out`'s manifest or the flags), with
 * an exit code a pipeline can act on. A payload it cannot name an event for is a failure of its
 * own (exit 4), never "no drift": a wrong discriminator must not pass CI.
 */
export async function runVerify(
  inputs: string[],
  flags: VerifyFlags,
  io: { out: (s: string) => void; err: (s: string) => void; cwd: string },
): Promise<number> {
  let failOn;
  try {
    failOn = parseFailOn(flags.failOn);
  } catch (error) {
    throw new GenError(`--fail-on: ${(error as Error).message}`);
  }
  const reading = await readingOptions(flags, io.cwd);
  const specFile = reading.specPath ?? BUNDLED_SPEC;
  const inputsOf = [specFile, ...reading.overlays].map((f) => path.resolve(io.cwd, f));
  for (const [flag, file] of [
    ['--suggest', flags.suggest],
    ['--suggest-spec', flags.suggestSpec],
  ] as const) {
    if (file !== undefined && inputsOf.includes(path.resolve(io.cwd, file)))
      throw new GenError(`${flag} writes a new file; it must not be the spec or an overlay it reads`);
  }
  const spec = await loadSpec(specFile, { cwd: io.cwd, lenient: reading.lenient, overlays: reading.overlays });
  const { model } = buildModel(spec, {
    ...(reading.discriminator !== undefined ? { discriminator: reading.discriminator } : {}),
    ...(reading.channels !== undefined ? { channels: reading.channels } : {}),
    ...(reading.auth !== undefined ? { auth: reading.auth } : {}),
  });
  const payloads = await readPayloads(inputs, io.cwd);
  const report = findDrift(model, payloads);
  const shown = spec.displayPath;
  const notes: string[] = [];
  if (flags.suggest !== undefined || flags.suggestSpec !== undefined) {
    const suggestion = suggestOverlay(spec.raw, model, report, payloads, spec.overlays);
    notes.push(...suggestion.notes);
    if (flags.suggest !== undefined) await writeFile(path.resolve(io.cwd, flags.suggest), renderOverlay(suggestion.overlay, flags.suggest));
    if (flags.suggestSpec !== undefined) {
      // The overlay applied to the spec as written (overlays given here are in it already).
      // The spec as read has the earlier overlays in it already: only the new actions are applied.
      const written = structuredClone(spec.raw);
      applyOverlays(written, [{ shown: 'suggestion', text: '', document: { ...suggestion.overlay, actions: suggestion.added } }]);
      await writeFile(path.resolve(io.cwd, flags.suggestSpec), `${JSON.stringify(written, null, 2)}\n`);
    }
  }
  io.out(flags.format === 'json' ? renderJson(report, shown) : flags.format === 'github' ? renderGithub(report, shown, failOn) : renderText(report, shown));
  if (flags.format === 'text') {
    for (const note of notes) io.out(`note: ${note}\n`);
    if (flags.suggest !== undefined) io.out(`overlay written to ${flags.suggest}: review it, then regenerate with --overlay ${flags.suggest}\n`);
    if (flags.suggestSpec !== undefined) io.out(`corrected spec written to ${flags.suggestSpec} (JSON)\n`);
  }
  const unrecognized = report.payloads.filter((p) => p.status === 'unrecognized').length;
  if (unrecognized > 0) {
    const total = report.payloads.length;
    io.err(
      `error: ${unrecognized} of ${total} payload${total === 1 ? '' : 's'} name${unrecognized === 1 ? 's' : ''} no event of ${shown} (events are read by ${model.identity.reason})\n` +
        `  verify reads events as the receiver does: pass --out <the generated folder>, or the --discriminator (--channel, --overlay) given to generation\n`,
    );
    return ExitCode.unrecognized;
  }
  return report.drift.some((d) => failOn.has(d.kind)) ? ExitCode.drift : ExitCode.ok;
}
