import type { Logger, ReceiverOptions, FailureStage } from './options.js';

/**
 * Every failure is reported once: to onError when there is one, else as one error line through
 * the logger (console by default). The line names the cause and the error's class, never its
 * message, which may hold payload values or secrets.
 */

/** A handler ran past handlerTimeoutMs. */
export class HandlerTimeout extends Error {
  override name: string = 'HandlerTimeout';
}

/** The idempotency store did not answer within handlerTimeoutMs. */
export class StoreTimeout extends Error {
  override name: string = 'StoreTimeout';
}

const CAUSES: Record<FailureStage, string> = {
  handler: 'a handler failed; answered 500 so the sender retries',
  'handler-timeout': 'a handler ran past handlerTimeoutMs; answered 503 and released the claim so a redelivery can be handled',
  'idempotency-key': 'idempotencyKey failed; answered 500',
  'idempotency-store': 'the idempotency store failed',
  hook: 'a hook failed',
  'body-unavailable':
    'the request body was already read before the receiver (a body parser such as express.json() mounted first?); mount the webhook route before body parsers; answered 500',
  internal: 'the receiver failed unexpectedly; answered 500',
};

function className(error: unknown): string {
  return error instanceof Error ? error.name : typeof error;
}

export type Reporter = (stage: FailureStage, error: unknown, name: string | undefined, key: string | undefined, detail?: string) => Promise<void>;

export function createReporter(onError: ReceiverOptions<Record<string, unknown>>['onError'], logger: Logger): Reporter {
  const log = (stage: FailureStage, fields: Record<string, unknown>) => {
    try {
      logger.error(CAUSES[stage], fields);
    } catch {
      // A logger that throws must not turn a report into a crash.
    }
  };
  return async (stage, error, name, idempotencyKey, detail) => {
    const fields: Record<string, unknown> = { event: name, error: className(error) };
    if (detail !== undefined) fields.detail = detail;
    if (onError) {
      try {
        // Not awaited: an onError that never settles must not hold the answer back.
        const pending = onError(error, { stage, name, idempotencyKey });
        if (typeof (pending as { then?: unknown } | null)?.then === 'function') {
          (pending as PromiseLike<unknown>).then(undefined, (hookError: unknown) => log(stage, { ...fields, onError: `rejected (${className(hookError)})` }));
        }
        return;
      } catch (hookError) {
        fields.onError = `threw too (${className(hookError)})`;
      }
    } else {
      fields.hint = 'pass onError to receive the error itself';
    }
    log(stage, fields);
  };
}
