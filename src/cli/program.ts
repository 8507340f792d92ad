import { Command, CommanderError, Option } from 'commander';
import { VERSION } from '../generate.js';

/** The command line, declared once: `--help` is printed from this and the README is tested against it. */

export interface GenerateFlags {
  out: string;
  check?: boolean;
  lenient?: boolean;
  discriminator?: string;
  channel?: string[];
  templates?: string;
  verbose?: boolean;
  quiet?: boolean;
}

const collect = (value: string, previous: string[] = []) => [...previous, value];

export function buildProgram(write: { out: (s: string) => void; err: (s: string) => void }): Command {
  const program = new Command('leonardo-webhook-gen')
    .description('Generate TypeScript models for the webhook events of an AsyncAPI document.')
    .argument('[spec]', 'AsyncAPI 2.x or 3.x document, YAML or JSON (default: the bundled Leonardo spec)')
    .requiredOption('-o, --out <dir>', 'output folder')
    .option('--check', 'compare <dir> with what would be generated; write nothing, exit 1 on drift')
    .option('--lenient', 'report structural errors in the spec as warnings instead of stopping')
    .option('--discriminator <field>', 'body field that tells events apart (default: found in the spec)')
    .addOption(new Option('--channel <name>', 'generate only this channel (key or address); repeatable').argParser(collect))
    .option('--verbose', 'also print the AsyncAPI linter hints')
    .option('-q, --quiet', 'print only errors')
    .version(VERSION, '-V, --version', 'print the version')
    .helpOption('-h, --help', 'print this help')
    .addHelpText(
      'after',
      '\nExit codes:\n  0  done (or --check found no drift)\n  1  --check found drift\n  2  usage error or unusable spec\n  3  internal error (a bug: please report it)',
    )
    // A fixed width, so --help reads the same in every terminal and matches the README.
    .configureHelp({ helpWidth: 80 })
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride()
    .configureOutput({ writeOut: write.out, writeErr: write.err });
  return program;
}

export { CommanderError };
