/**
 * Errors the CLI turns into a message and an exit code. Anything else that escapes is a bug in the
 * generator and is reported as such (exit 3), never as a bare stack trace.
 */
export const ExitCode = {
  ok: 0,
  drift: 1,
  usage: 2,
  internal: 3,
  /** verify: payloads that name no event the spec can read. */
  unrecognized: 4,
} as const;

export type ExitCodeValue = (typeof ExitCode)[keyof typeof ExitCode];

export class GenError extends Error {
  readonly exitCode: ExitCodeValue;
  /** Extra lines printed under the message: locations, colliding names, hints. */
  readonly details: readonly string[];

  /** The full analysis behind a short error, printed under the details with --verbose. */
  readonly analysis: readonly string[];

  constructor(message: string, details: readonly string[] = [], exitCode: ExitCodeValue = ExitCode.usage, analysis: readonly string[] = []) {
    super(message);
    this.name = 'GenError';
    this.exitCode = exitCode;
    this.details = details;
    this.analysis = analysis;
  }
}

export function isGenError(value: unknown): value is GenError {
  return value instanceof GenError;
}
