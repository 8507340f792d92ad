import { specDigest } from '../hash.js';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { AsyncAPIDocumentInterface } from '@asyncapi/parser';
import { GenError } from '../errors.js';
import {
  diagnosticKey,
  formatDiagnostic,
  toDiagnostic,
  withoutDiscriminatorObjects,
  withoutExamples,
  type Diagnostic,
  type RawDiagnostic,
} from './diagnostics.js';
import { applyOverlays, parseYaml, readOverlay, type LoadedOverlay } from './overlay.js';

export interface LoadOptions {
  /** Turn structural errors into warnings (see diagnostics.ts for the policy). */
  lenient?: boolean;
  /** Also run the AsyncAPI style rules (missing `id`, `tags`...): about 40% of parse time. */
  hints?: boolean;
  /** Overlay files applied, in order, before anything reads the spec (see overlay.ts). */
  overlays?: readonly string[];
  cwd?: string;
}

export interface LoadedSpec {
  document: AsyncAPIDocumentInterface;
  /** The spec's path as shown to people and written in headers: relative, forward slashes. */
  displayPath: string;
  sha256: string;
  /** The document as written (refs unresolved), for tools that propose edits to it. */
  raw: Record<string, unknown>;
  /** The overlays applied to it, in order (`--overlay`): `verify --suggest` builds on their actions. */
  overlays: LoadedOverlay[];
  warnings: Diagnostic[];
  hints: Diagnostic[];
  /** `file:line:column` of a JSON path in the document as written (the closest existing node). */
  locate(at: readonly string[]): string;
}

/** A spec that names no `asyncapi` version at its top level is not one, whatever else it holds. */
const ASYNCAPI_KEY = /^(?:asyncapi|"asyncapi"|'asyncapi')\s*:|^\s*\{[\s\S]*"asyncapi"\s*:/m;
const REMOTE_REF = /["']?\$ref["']?\s*:\s*["']?(https?:\/\/[^\s"',}]+)/;

export function displayPathOf(file: string, cwd: string): string {
  const relative = path.relative(cwd, path.resolve(cwd, file));
  return (relative === '' ? path.basename(file) : relative).split(path.sep).join('/');
}

async function readSpec(file: string, shown: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new GenError(`spec not found: ${shown}`, ['check the path, or omit it to use the bundled Leonardo spec']);
    if (code === 'EISDIR') throw new GenError(`spec is a directory, not a file: ${shown}`);
    throw new GenError(`cannot read spec ${shown}: ${(error as Error).message}`);
  }
}

/**
 * One parser per rule set, kept for the process, its schema validators shared. Its resolver would
 * also keep every file a spec refers to by `$ref` for the life of the process; that cache is off,
 * so a second load (tests, a program calling generate twice) reads the files as they are now.
 */
const parsers = new Map<boolean, Promise<InstanceType<typeof import('@asyncapi/parser').Parser>>>();
function parserFor(hints: boolean): Promise<InstanceType<typeof import('@asyncapi/parser').Parser>> {
  let parser = parsers.get(hints);
  if (parser === undefined) {
    parser = Promise.all([import('@asyncapi/parser'), import('./shared-validators.js')]).then(([{ Parser }, { shareSchemaValidators }]) => {
      shareSchemaValidators();
      return new Parser({ ruleset: ruleset(hints), __unstable: { resolver: { cache: false } } });
    });
    parsers.set(hints, parser);
  }
  return parser;
}

export async function loadSpec(file: string, options: LoadOptions = {}): Promise<LoadedSpec> {
  const cwd = options.cwd ?? process.cwd();
  const absolute = path.resolve(cwd, file);
  const displayPath = displayPathOf(file, cwd);
  const written = await readSpec(absolute, displayPath);
  const overlays = await Promise.all((options.overlays ?? []).map((o) => readOverlay(o, cwd)));
  refuseBeforeParsing(written, displayPath);
  const { text, skipped } = overlaid(written, displayPath, overlays);
  // Line numbers would point into the overlaid text, which is on no disk: name the file and the path instead.
  const shownAt = overlays.length === 0 ? displayPath : `${displayPath} (with ${overlays.map((o) => o.shown).join(', ')})`;
  const parser = await parserFor(options.hints ?? false);
  const { document, diagnostics, extras } = await parser.parse(text, parseOptions(absolute));
  const reading: Reading = { parser, absolute, displayPath, cwd, overlaid: overlays.length > 0 };
  const all = (diagnostics as RawDiagnostic[]).map((d) => toDiagnostic(reading.overlaid ? unplaced(d) : d, displayPath, cwd, extras?.document.data));
  await demoteCausedErrors(reading, all, extras?.document.data);
  if (overlays.length > 0) for (const d of all) d.location = shownAt;
  all.push(...skipped.map((message) => ({ class: 'overlay' as const, code: 'overlay-target-unmatched', message, location: shownAt, where: '' })));
  sortDiagnostics(all);
  const fatal = all.filter((d) => d.class === 'fatal' || (d.class === 'error' && !options.lenient));
  if (fatal.length > 0 || document === undefined) throw loadError(displayPath, fatal.length > 0 ? fatal : all.filter((d) => d.class !== 'hint'));
  const source = extras?.document;
  return {
    document,
    displayPath,
    locate: (at) => {
      if (overlays.length > 0) return shownAt;
      const range = source?.getRangeForJsonPath([...at], true);
      return range ? `${displayPath}:${range.start.line + 1}:${range.start.character + 1}` : displayPath;
    },
    // A copy: the parser freezes its own.
    raw: JSON.parse(JSON.stringify(extras?.document.data ?? {})) as Record<string, unknown>,
    sha256: specDigest(
      written,
      overlays.map((o) => o.text),
    ),
    overlays,
    warnings: all.filter((d) => d.class !== 'hint' && !(d.class === 'fatal')),
    hints: all.filter((d) => d.class === 'hint'),
  };
}

/** What stops before parsing: a file that is no AsyncAPI document, or one that reaches the network. */
function refuseBeforeParsing(written: string, displayPath: string): void {
  if (!ASYNCAPI_KEY.test(written)) {
    throw new GenError(`not an AsyncAPI document: ${displayPath} has no top-level "asyncapi" field`, [
      'leonardo-webhook-gen reads AsyncAPI 2.x and 3.x documents (YAML or JSON)',
    ]);
  }
  const remote = REMOTE_REF.exec(written);
  if (remote) {
    // Generation must not depend on the network: same spec, same bytes, on any machine.
    throw new GenError(`remote $ref not supported: ${remote[1]} in ${displayPath}`, [
      'download the referenced document next to the spec and refer to it by a relative path',
    ]);
  }
}

type SpecParser = Awaited<ReturnType<typeof parserFor>>;

/** What a parse needs besides the text, and how its diagnostics are placed. */
interface Reading {
  parser: SpecParser;
  absolute: string;
  displayPath: string;
  cwd: string;
  /** Overlays were applied: the parser's lines point into text on no disk. */
  overlaid: boolean;
}

/** allowedSeverity.error lets us have the document despite errors; classify() decides what stops. */
function parseOptions(absolute: string) {
  return { source: absolute, validateOptions: { allowedSeverity: { error: true, warning: true, info: true, hint: true } } };
}

/**
 * A part nothing generated reads can make the parser reject the objects around it too
 * (a placeholder example fails its whole message). What goes away once that part is removed
 * was caused by it: a warning, with its location, like the part itself.
 */
async function demoteCausedErrors(reading: Reading, all: Diagnostic[], data: unknown): Promise<void> {
  for (const [strip, as] of [
    [withoutExamples, 'example'],
    [withoutDiscriminatorObjects, 'unused'],
  ] as const) {
    if (!all.some((d) => d.class === 'error') || data === undefined) break;
    const again = await reading.parser.parse(strip(data) as never, parseOptions(reading.absolute));
    const remaining = new Set(
      (again.diagnostics as RawDiagnostic[]).map((d) => diagnosticKey(toDiagnostic(reading.overlaid ? unplaced(d) : d, reading.displayPath, reading.cwd))),
    );
    for (const d of all) if (d.class === 'error' && !remaining.has(diagnosticKey(d))) d.class = as;
  }
}

/** The spec with each overlay applied, as YAML text for the parser; and the actions that matched nothing. */
function overlaid(written: string, displayPath: string, overlays: LoadedOverlay[]): { text: string; skipped: string[] } {
  if (overlays.length === 0) return { text: written, skipped: [] };
  const doc = parseYaml(written, displayPath);
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) throw new GenError(`not an AsyncAPI document: ${displayPath} is not a mapping`);
  const skipped = applyOverlays(doc as Record<string, unknown>, overlays);
  return { text: JSON.stringify(doc, null, 2), skipped };
}

/** A parser diagnostic without its line and column, which would point into the overlaid text. */
const unplaced = (d: RawDiagnostic): RawDiagnostic => {
  const { range: _range, ...rest } = d;
  return rest;
};

/**
 * The parser's rules to run. Its recommended (style) rules only make hints, so they run only when
 * hints are asked for. So does the one core rule that is not an error, `asyncapi-latest-version`
 * (an info-level note that a newer AsyncAPI exists): it is also the only rule that validates with
 * Spectral's single-error ajv instance, so turning it off spares building that instance (about a
 * tenth of a second). Every error-level rule still runs: what stops a run is unchanged.
 */
function ruleset(hints: boolean): { recommended: boolean; rules?: Record<string, 'off'> } {
  return hints ? { recommended: true } : { recommended: false, rules: { 'asyncapi-latest-version': 'off' } };
}

/** The most specific message for what stopped the run: syntax first, then references, then the rest. */
function loadError(displayPath: string, stopping: Diagnostic[]): GenError {
  const count = (n: number, what: string) => `${n} ${what}${n === 1 ? '' : 's'}`;
  const syntax = stopping.filter((d) => d.code === 'parser');
  if (syntax.length > 0) {
    return new GenError(`${displayPath} is not valid YAML or JSON (${count(syntax.length, 'syntax error')})`, syntax.map(formatDiagnostic));
  }
  const refs = stopping.filter((d) => d.code === 'invalid-ref');
  if (refs.length > 0) {
    return new GenError(`${displayPath} has ${count(refs.length, 'unresolvable $ref')}`, refs.map(formatDiagnostic));
  }
  const notAsyncApi = stopping.find((d) => d.code === 'asyncapi-is-asyncapi');
  if (notAsyncApi) return new GenError(`not an AsyncAPI document: ${displayPath}`, [formatDiagnostic(notAsyncApi)]);
  return new GenError(`${displayPath} is not a usable AsyncAPI document (${count(stopping.length, 'error')})`, [
    ...stopping.map(formatDiagnostic),
    ...(stopping.some((d) => d.class === 'error') ? ['--lenient accepts structural schema errors as warnings'] : []),
  ]);
}

/** Diagnostics in document order, so output is stable whatever order the linter ran in. */
function sortDiagnostics(list: Diagnostic[]): void {
  const key = (d: Diagnostic) => d.location.replace(/:(\d+)/g, (_, n: string) => `:${n.padStart(8, '0')}`);
  list.sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : a.message < b.message ? -1 : 1));
}
