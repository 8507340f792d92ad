import path from 'node:path';

/**
 * Policy for what the AsyncAPI parser reports. The parser refuses documents with any
 * error-severity diagnostic; we decide ourselves which of those stop the run.
 *
 * - Syntax, "not AsyncAPI", unresolvable `$ref` and parser crashes: always fatal.
 * - Examples that do not match their schema (the seed's redacted `XXXXXXXX-…` ids): warnings,
 *   since examples feed fixtures (which repair them) and never the generated types.
 * - An unexpected property under a documentation-only object (`info`, `servers`, `tags`,
 *   `externalDocs`; for example `info.externalDocs` in a 2.6 document): warnings, since nothing
 *   generated reads those objects.
 * - Every other structural error: fatal, unless `--lenient` turns it into a warning.
 * - Lint hints (missing `id`, `tags`, `messageId`...): hidden unless `--verbose`.
 */

export interface RawDiagnostic {
  code: string | number;
  message: string;
  severity: number;
  path?: ReadonlyArray<string | number>;
  source?: string;
  range?: { start: { line: number; character: number } };
}

export type DiagnosticClass = 'fatal' | 'error' | 'example' | 'documentation' | 'keyword' | 'hint';

export interface Diagnostic {
  class: DiagnosticClass;
  code: string;
  message: string;
  /** `file:line:column`, relative to the working directory. */
  location: string;
  /** The document path, `components.messages.X.payload`. */
  where: string;
}

const FATAL_CODES = new Set(['parser', 'asyncapi-is-asyncapi', 'uncaught-error', 'invalid-ref']);
const DOCUMENTATION_ROOTS = new Set(['info', 'servers', 'tags', 'externalDocs']);

export function classify(raw: RawDiagnostic): DiagnosticClass {
  const code = String(raw.code);
  if (raw.severity !== 0) return 'hint';
  if (FATAL_CODES.has(code)) return 'fatal';
  if (/-examples$/.test(code)) return 'example';
  const root = raw.path?.[0];
  if (typeof root === 'string' && DOCUMENTATION_ROOTS.has(root) && /is not expected to be here/.test(raw.message)) {
    return 'documentation';
  }
  return 'error';
}

export function describeLocation(raw: RawDiagnostic, fallbackFile: string, cwd: string): string {
  const file = raw.source ? raw.source : fallbackFile;
  const shown = path.isAbsolute(file) ? path.relative(cwd, file) || file : file;
  const start = raw.range?.start;
  return start ? `${shown}:${start.line + 1}:${start.character + 1}` : shown;
}

/** The parser's crash messages carry a stack; people need its first sentence only. */
function firstLine(message: string): string {
  const text = message.replace(/, stack: [\s\S]*$/, '');
  return text.split('\n')[0]!.trim();
}

export function toDiagnostic(raw: RawDiagnostic, file: string, cwd: string): Diagnostic {
  return {
    class: classify(raw),
    code: String(raw.code),
    message: firstLine(raw.message),
    location: describeLocation(raw, file, cwd),
    where: (raw.path ?? []).join('.'),
  };
}

/** One line per diagnostic, as the CLI prints it. */
export function formatDiagnostic(d: Diagnostic): string {
  const where = d.where === '' ? '' : ` at ${d.where}`;
  const kind: Record<DiagnosticClass, string> = {
    fatal: 'error',
    error: 'error',
    example: 'warning: example does not match its schema',
    documentation: 'warning: ignored in a documentation-only object',
    keyword: 'warning: unknown schema keyword, ignored',
    hint: 'hint',
  };
  return `${d.location}: ${kind[d.class]}: ${d.message}${where} [${d.code}]`;
}
