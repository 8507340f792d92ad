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
 * - Errors that go away when the messages' `examples` are removed (a placeholder example makes
 *   the parser reject the message around it): warnings, like other example errors.
 * - A structural error in a part nothing generated reads: a `discriminator` keyword in a schema
 *   (the 3.0 object form in a 2.x document), or an `oauth2` / `openIdConnect` security scheme
 *   (those authorize calls to the provider's API, never the sender's deliveries): warnings.
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

export type DiagnosticClass =
  'fatal' | 'error' | 'example' | 'documentation' | 'unused' | 'keyword' | 'loosened' | 'identity' | 'identity-read' | 'overlay' | 'hint';

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

export function classify(raw: RawDiagnostic, document?: unknown): DiagnosticClass {
  const code = String(raw.code);
  if (raw.severity !== 0) return 'hint';
  if (FATAL_CODES.has(code)) return 'fatal';
  if (/-examples$/.test(code)) return 'example';
  const root = raw.path?.[0];
  if (typeof root === 'string' && DOCUMENTATION_ROOTS.has(root) && /is not expected to be here/.test(raw.message)) {
    return 'documentation';
  }
  if (unused(raw.path ?? [], document)) return 'unused';
  return 'error';
}

/** A path into a part the generator never reads (see the policy above). */
function unused(path: ReadonlyArray<string | number>, document: unknown): boolean {
  if (path.includes('discriminator') && path[0] === 'components' && path[1] === 'schemas') return true;
  if (path[0] === 'components' && path[1] === 'securitySchemes' && typeof path[2] === 'string') {
    const schemes = (document as { components?: { securitySchemes?: Record<string, { type?: unknown }> } } | undefined)?.components?.securitySchemes;
    const type = schemes?.[path[2]]?.type;
    return type === 'oauth2' || type === 'openIdConnect';
  }
  return false;
}

/** Identifies a diagnostic across two parses of the same document. */
export const diagnosticKey = (d: Diagnostic): string => `${d.code}\u0000${d.where}\u0000${d.message}`;

/** A copy of the written document with every message's `examples` removed. */
export function withoutExamples(document: unknown): unknown {
  const copy = JSON.parse(JSON.stringify(document)) as Record<string, unknown>;
  const strip = (message: unknown) => {
    if (typeof message !== 'object' || message === null) return;
    const m = message as Record<string, unknown>;
    delete m.examples;
    if (Array.isArray(m.oneOf)) m.oneOf.forEach(strip);
  };
  const values = (node: unknown): unknown[] => (typeof node === 'object' && node !== null ? Object.values(node) : []);
  const components = copy.components as Record<string, unknown> | undefined;
  values(components?.messages).forEach(strip);
  values(components?.messageTraits).forEach(strip);
  for (const channel of values(copy.channels) as Array<Record<string, unknown>>) {
    values(channel?.messages).forEach(strip);
    for (const op of [channel?.publish, channel?.subscribe] as Array<Record<string, unknown> | undefined>) strip(op?.message);
  }
  return copy;
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

export function toDiagnostic(raw: RawDiagnostic, file: string, cwd: string, document?: unknown): Diagnostic {
  return {
    class: classify(raw, document),
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
    unused: 'warning: in a part nothing generated reads',
    keyword: 'warning: unknown schema keyword, ignored',
    loosened: 'warning: contradictory field, generated looser',
    identity: 'warning: events the spec does not tell apart',
    'identity-read': 'warning: event identity read where the spec does not state it',
    overlay: 'warning: overlay action skipped',
    hint: 'hint',
  };
  return `${d.location}: ${kind[d.class]}: ${d.message}${where} [${d.code}]`;
}

/** A copy of the written document without object-valued `discriminator` keywords (the 3.0 form). */
export function withoutDiscriminatorObjects(document: unknown): unknown {
  return JSON.parse(JSON.stringify(document), (_key, value: unknown) =>
    typeof value === 'object' && value !== null && !Array.isArray(value) && typeof (value as { discriminator?: unknown }).discriminator === 'object'
      ? Object.fromEntries(Object.entries(value).filter(([k]) => k !== 'discriminator'))
      : value,
  ) as unknown;
}
