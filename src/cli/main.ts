import path from 'node:path';
import { ExitCode, GenError, isGenError } from '../errors.js';
import { generate, manifestOptions, manifestSpec, provenanceOf, type GenerateOptions } from '../generate.js';
import { upToDate } from '../output/up-to-date.js';
import { regenerateCommand, type Provenance } from '../emit/header.js';
import { readManifest } from '../output/disk.js';
import { compareOutput, isClean } from '../output/compare.js';
import { writeOutput } from '../output/write.js';
import { buildProgram, CommanderError, type DiffFlags, type GenerateFlags, type SendFlags, type VerifyFlags } from './program.js';
import { runSend } from './send.js';
import { runVerify } from './verify.js';
import { runDiff } from './diff.js';
import { checkLines, summaryLines, warningLines, writeLine } from './report.js';

export interface Io {
  out: (text: string) => void;
  err: (text: string) => void;
  cwd: string;
}

const defaultIo: Io = {
  out: (t) => process.stdout.write(t),
  err: (t) => process.stderr.write(t),
  cwd: process.cwd(),
};

/** Relative, forward slashes, no trailing slash: how paths appear in headers and messages. */
function relativeDir(dir: string, cwd: string): string {
  const relative = path.relative(cwd, path.resolve(cwd, dir)).split(path.sep).join('/');
  return relative === '' ? '.' : relative;
}

async function runGenerate(specArg: string | undefined, flags: GenerateFlags, io: Io): Promise<number> {
  if (flags.out === undefined) throw new GenError("required option '-o, --out <dir>' not specified", ['(run with --help for usage)']);
  const outDir = relativeDir(flags.out, io.cwd);
  const options = generateOptions(specArg, flags, outDir, io.cwd);
  const provenance = provenanceOf(options);
  // Templates can change without the manifest knowing, so a templated check always generates.
  if (flags.check && flags.templates === undefined && (await alreadyUpToDate(specArg, flags.out, provenance, io.cwd))) {
    if (!flags.quiet) io.out(`${outDir} is up to date.\n`);
    return ExitCode.ok;
  }
  const result = await generate(options).catch((error: unknown) => {
    // A short error keeps its full analysis for --verbose.
    if (flags.verbose && isGenError(error) && error.analysis.length > 0)
      throw new GenError(error.message, [...error.details.filter((d) => !d.startsWith('(run with --verbose')), ...error.analysis], error.exitCode);
    throw error;
  });
  const say = (lines: string[]) => {
    if (!flags.quiet && lines.length > 0) io.out(`${lines.join('\n')}\n`);
  };
  // The summary (or the check's verdict) first, the warnings after it: the one line that matters is not scrolled away.
  const warn = warningLines(result, flags.verbose ?? false);
  const warnings = () => {
    if (!flags.quiet && warn.length > 0) io.err(`${warn.join('\n')}\n`);
  };
  const target = path.resolve(io.cwd, flags.out);
  const fix = regenerateCommand(provenance);
  if (flags.check) {
    const report = await compareOutput(target, result.files);
    const detail = flags.quiet ? 'quiet' : flags.verbose ? 'verbose' : 'normal';
    const lines = [...checkLines(outDir, report, fix, flags.format ?? 'text', detail), ...(await otherOptionsNote(target, provenance, outDir))];
    if (isClean(report)) {
      say(lines);
      warnings();
      return ExitCode.ok;
    }
    io.err(`${lines.join('\n')}\n`);
    warnings();
    return ExitCode.drift;
  }
  const stats = await writeOutput(target, result.files);
  say([...summaryLines(result), writeLine(outDir, stats)]);
  warnings();
  return ExitCode.ok;
}

function generateOptions(specArg: string | undefined, flags: GenerateFlags, outDir: string, cwd: string): GenerateOptions {
  return {
    specPath: specArg ?? null,
    outDir,
    cwd,
    ...(flags.lenient ? { lenient: true } : {}),
    ...(flags.discriminator !== undefined ? { discriminator: flags.discriminator } : {}),
    ...(flags.channel !== undefined ? { channels: flags.channel } : {}),
    ...(flags.auth !== undefined ? { auth: flags.auth } : {}),
    ...(flags.templates !== undefined ? { templates: path.resolve(cwd, flags.templates) } : {}),
    ...(flags.overlay !== undefined ? { overlays: flags.overlay } : {}),
    ...(flags.idempotencyKey !== undefined ? { idempotencyKey: flags.idempotencyKey } : {}),
    ...(flags.verbose ? { hints: true } : {}),
  };
}

/** --check's shortcut: the manifest says this spec and these options made the folder as it is. */
function alreadyUpToDate(specArg: string | undefined, out: string, provenance: Provenance, cwd: string): Promise<boolean> {
  return upToDate({
    specPath: specArg ?? null,
    outDir: path.resolve(cwd, out),
    cwd,
    spec: manifestSpec(provenance),
    options: manifestOptions(provenance),
    overlays: provenance.options.overlays ?? [],
  });
}

/**
 * When the folder was generated with other options than this check's (say with --templates),
 * its fix command would replace that output: say what the manifest recorded instead.
 */
async function otherOptionsNote(target: string, provenance: Provenance, outDir: string): Promise<string[]> {
  const manifest = await readManifest(target);
  if (!manifest || manifest.options === manifestOptions(provenance)) return [];
  let recorded: string[];
  try {
    recorded = JSON.parse(manifest.options) as string[];
    if (!Array.isArray(recorded)) return [];
  } catch {
    return [];
  }
  return [
    `note: ${outDir} was generated with other options (${recorded.length === 0 ? 'none' : recorded.join(' ')}, paths relative to ${outDir}); check with the same options to compare like with like`,
  ];
}

/**
 * `help` and `help <command>` as people type them, read as `--help` and `<command> --help`
 * (commander would take a lone `help` for the spec argument).
 */
function helpCommand(argv: string[], commands: string[]): string[] {
  if (argv[0] !== 'help') return argv;
  const topic = argv[1];
  if (topic === undefined) return ['--help'];
  if (!commands.includes(topic)) {
    throw new GenError(`no command ${topic}; commands: ${commands.join(', ')}`, ['(run with --help for usage)']);
  }
  return [topic, '--help'];
}

/** Runs the CLI and returns its exit code; never throws, never prints a bare stack trace. */
export async function main(argv: string[], io: Io = defaultIo): Promise<number> {
  const { program, send, verify, diff } = buildProgram({ out: io.out, err: io.err });
  let code: number = ExitCode.ok;
  program.action(async (spec: string | undefined, flags: GenerateFlags) => {
    code = await runGenerate(spec, flags, io);
  });
  send.action(async (target: string, flags: SendFlags) => {
    code = await runSend(target, flags, io);
  });
  verify.action(async (inputs: string[], flags: VerifyFlags) => {
    code = await runVerify(inputs, flags, io);
  });
  diff.action(async (oldSpec: string, newSpec: string, flags: DiffFlags) => {
    code = await runDiff(oldSpec, newSpec, flags, io);
  });
  try {
    await program.parseAsync(
      helpCommand(
        argv,
        [send, verify, diff].map((c) => c.name()),
      ),
      { from: 'user' },
    );
    return code;
  } catch (error) {
    if (error instanceof CommanderError) {
      return error.exitCode === 0 ? ExitCode.ok : ExitCode.usage;
    }
    if (isGenError(error)) {
      // Usage errors we raise ourselves read like commander's own: the hint unindented.
      const details = error.details.map((d) => (d.startsWith('(') ? `${d}\n` : `  ${d}\n`)).join('');
      io.err(`error: ${error.message}\n${details}`);
      return error.exitCode;
    }
    io.err(
      `internal error: ${(error as Error)?.message ?? String(error)}\n` +
        `  this is a bug in leonardo-webhook-gen; set LEONARDO_WEBHOOK_GEN_DEBUG=1 for the stack trace\n`,
    );
    if (process.env.LEONARDO_WEBHOOK_GEN_DEBUG) io.err(`${(error as Error)?.stack ?? ''}\n`);
    return ExitCode.internal;
  }
}
