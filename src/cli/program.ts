import { Command, CommanderError, Option } from 'commander';
import { VERSION } from '../generate.js';
import { PRESET_NAMES } from '../model/sender-auth/presets.js';
import type { ReadingFlags } from './recorded-options.js';

/** The command line, declared once: `--help` is printed from this and the README is tested against it. */

export interface GenerateFlags {
  out?: string;
  check?: boolean;
  lenient?: boolean;
  discriminator?: string;
  channel?: string[];
  auth?: string;
  templates?: string;
  overlay?: string[];
  idempotencyKey?: string;
  format?: 'text' | 'github';
  verbose?: boolean;
  quiet?: boolean;
}

/** verify's reading options (--spec, --out, --overlay, --discriminator, ...) are ReadingFlags: generation's own. */
export interface VerifyFlags extends ReadingFlags {
  suggest?: string;
  suggestSpec?: string;
  format: 'text' | 'json' | 'github';
  failOn?: string;
}

export interface DiffFlags {
  overlay?: string[];
  format: 'text' | 'json' | 'github';
  failOn?: string;
}

export interface SendFlags {
  url: string;
  spec?: string;
  out?: string;
  overlay?: string[];
  token?: string;
  secret?: string;
  auth?: string;
  set?: string[];
}

type Write = { out: (s: string) => void; err: (s: string) => void };

const collect = (value: string, previous: string[] = []) => [...previous, value];

/** Settings every command shares: fixed help width (so help matches the README), no process.exit. */
function configure(command: Command, write: Write): Command {
  return command
    .helpOption('-h, --help', 'print this help')
    .configureHelp({ helpWidth: 80 })
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride()
    .configureOutput({ writeOut: write.out, writeErr: write.err });
}

export function buildProgram(write: Write): { program: Command; send: Command; verify: Command; diff: Command } {
  const program = rootCommand(write);
  // Registered in this order, which is the order --help lists them in.
  const send = sendCommand(program, write);
  const verify = verifyCommand(program, write);
  const diff = diffCommand(program, write);
  return { program, send, verify, diff };
}

/** Generation: the command with no subcommand. */
function rootCommand(write: Write): Command {
  return (
    configure(new Command('leonardo-webhook-gen'), write)
      // Subcommands have options of the same name (--format, --spec): after a subcommand, they are its own.
      .enablePositionalOptions()
      .description('Generate TypeScript models, validators, a typed receiver and fixtures for the\nwebhook events of an AsyncAPI document.')
      .argument('[spec]', 'AsyncAPI 2.x or 3.x document, YAML or JSON (default: the bundled Leonardo spec)')
      // Checked by the action rather than by commander, which would also demand it of `send`.
      .option('-o, --out <dir>', 'output folder (required)')
      .option('--check', 'compare <dir> with what would be generated; write nothing, exit 1 on drift')
      .option('--lenient', 'report structural errors in the spec as warnings instead of stopping')
      .option(
        '--discriminator <where>',
        'where events are named: a body path (event.type), paths joined by + (a+b), or header:<Name> (default: found in the spec)',
      )
      .option(
        '--auth <preset>',
        `how the sender authenticates, where the spec does not say: ${PRESET_NAMES.join(', ')}, or hmac:<sha256|sha1|sha512>:<hex|base64>:<header>[:<prefix>]`,
      )
      .addOption(new Option('--channel <name>', 'generate only this channel (key or address); repeatable').argParser(collect))
      .addOption(
        new Option('--overlay <file>', 'apply this Overlay 1.0 document to the spec first (corrections kept beside it); repeatable, in order').argParser(
          collect,
        ),
      )
      .option(
        '--idempotency-key <where>',
        'what names a delivery: a body path (id), header:<Name>, or body (default: found in the spec, else a digest of the body)',
      )
      .option('--templates <dir>', 'use templates from <dir> in place of built-in ones of the same name')
      .addOption(new Option('--format <format>', 'how --check reports: text, or github (workflow annotations)').choices(['text', 'github']).default('text'))
      .option('--verbose', 'print every warning (not one of each kind), the diffs of a stale --check, and the AsyncAPI linter hints')
      .option('-q, --quiet', 'print only errors')
      .version(VERSION, '-V, --version', 'print the version')
      .addHelpText(
        'after',
        '\nExit codes:\n  0  done (or --check found no drift)\n  1  --check found drift\n  2  usage error or unusable spec\n  3  internal error (a bug: please report it)',
      )
  );
}

function sendCommand(program: Command, write: Write): Command {
  return configure(program.command('send'), write)
    .description('post an event to a running receiver as the sender would, and print the answer')
    .argument('<event-or-file>', 'an event name (its generated request fixture), or a JSON file: a body or a request fixture')
    .requiredOption('--url <url>', 'the receiver, e.g. http://127.0.0.1:3000/leonardo/webhook')
    .option('--spec <file>', 'the spec the event comes from (default: the one --out was generated from, else the bundled Leonardo spec)')
    .option('--out <dir>', 'a generated folder: its spec and options, as its manifest records them')
    .addOption(new Option('--overlay <file>', 'apply this Overlay document to the spec first; repeatable').argParser(collect))
    .option('--token <token>', 'the bearer token (default: $LEONARDO_WEBHOOK_TOKEN)')
    .option('--secret <secret>', "sign the body now with this secret, as the spec's sender signs (default: $LEONARDO_WEBHOOK_SECRET)")
    .option('--auth <preset>', 'how the sender signs, as given to generation with --auth')
    .addOption(new Option('--set <path=value>', 'change one body field, e.g. data.object.status=FAILED (JSON values parsed); repeatable').argParser(collect))
    .addHelpText('after', '\nExit codes:\n  0  the receiver answered 2xx\n  1  it answered something else\n  2  usage error, or no answer');
}

function verifyCommand(program: Command, write: Write): Command {
  return configure(program.command('verify'), write)
    .description('check captured payloads against the spec (strict mode) and report how they drift')
    .argument('<payloads...>', 'JSON files, folders of them, or JSON Lines files (.jsonl)')
    .option('--spec <file>', 'the spec (default: the one --out was generated from, else the bundled Leonardo spec)')
    .option('--out <dir>', 'a generated folder: read events as its receiver does (its spec and options, from its manifest)')
    .addOption(new Option('--overlay <file>', 'apply this Overlay document to the spec first; repeatable, in order').argParser(collect))
    .option('--discriminator <where>', 'where events are named, as given to generation')
    .addOption(new Option('--channel <name>', 'only this channel, as given to generation; repeatable').argParser(collect))
    .option('--auth <preset>', 'how the sender authenticates, as given to generation')
    .option('--lenient', 'read a spec with structural errors, as given to generation')
    .addOption(new Option('--format <format>', 'text, json, or github (workflow annotations)').choices(['text', 'json', 'github']).default('text'))
    .option(
      '--fail-on <kinds>',
      'drift kinds that fail the run, comma-separated: unknown-event, unknown-field, type-mismatch, unexpected-null, missing-required, format-mismatch (default: all)',
    )
    .option('--suggest <file>', 'also write an Overlay (YAML for .yaml, else JSON) that makes the spec accept every payload in strict mode')
    .option('--suggest-spec <file>', 'also write the whole corrected spec (JSON)')
    .addHelpText(
      'after',
      '\nExit codes:\n  0  no drift (of the --fail-on kinds)\n  1  drift\n  2  usage error, or unusable payloads or spec\n  4  payloads that name no event the spec can read (counted)',
    );
}

function diffCommand(program: Command, write: Write): Command {
  return configure(program.command('diff'), write)
    .description('the changes between two versions of a spec that matter to receiving code')
    .argument('<old-spec>', 'the spec as it was')
    .argument('<new-spec>', 'the spec as it is')
    .addOption(new Option('--overlay <file>', 'apply this Overlay document to both versions first; repeatable').argParser(collect))
    .addOption(new Option('--format <format>', 'text, json, or github (workflow annotations)').choices(['text', 'json', 'github']).default('text'))
    .option('--fail-on <kinds>', 'change kinds that fail the run, comma-separated, or breaking (default) or all')
    .addHelpText(
      'after',
      '\nExit codes:\n  0  no change of the --fail-on kinds\n  1  such a change (by default: one that breaks receiving code)\n  2  usage error or unusable spec',
    );
}

export { CommanderError };
