import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { ExitCode, GenError } from '../errors.js';
import { BUNDLED_SPEC } from '../generate.js';
import { loadSpec } from '../load/load-spec.js';
import { buildModel } from '../model/build-model.js';
import { readPayloads } from '../verify/payloads.js';
import { parseFailOn, renderGithub, renderJson, renderText } from '../verify/report.js';
import { suggestSpec } from '../verify/suggest.js';
import { verifyPayloads } from '../verify/verify.js';
import type { VerifyFlags } from './program.js';

/** `verify`: how captured payloads differ from the spec, with an exit code a pipeline can act on. */
export async function runVerify(inputs: string[], flags: VerifyFlags, io: { out: (s: string) => void; cwd: string }): Promise<number> {
  let failOn;
  try {
    failOn = parseFailOn(flags.failOn);
  } catch (error) {
    throw new GenError(`--fail-on: ${(error as Error).message}`);
  }
  const spec = await loadSpec(flags.spec ?? BUNDLED_SPEC, { cwd: io.cwd });
  const { model } = buildModel(spec);
  const payloads = await readPayloads(inputs, io.cwd);
  const report = verifyPayloads(model, payloads);
  const shown = spec.displayPath;
  if (flags.suggest !== undefined) {
    const suggested = suggestSpec(spec.raw, model, report, payloads);
    const target = path.resolve(io.cwd, flags.suggest);
    if (target === path.resolve(io.cwd, flags.spec ?? BUNDLED_SPEC)) throw new GenError('--suggest writes a new file; it must not be the spec itself');
    await writeFile(target, `${JSON.stringify(suggested, null, 2)}\n`);
  }
  io.out(flags.format === 'json' ? renderJson(report, shown) : flags.format === 'github' ? renderGithub(report, shown, failOn) : renderText(report, shown));
  if (flags.suggest !== undefined && flags.format === 'text')
    io.out(`proposed spec written to ${flags.suggest} (JSON, a valid AsyncAPI document): review it, then regenerate\n`);
  return report.drift.some((d) => failOn.has(d.kind)) ? ExitCode.drift : ExitCode.ok;
}
