import { boundedKey, type ClaimOutcome } from './idempotency.js';
import type { ReceiverConfig } from './receiver-config.js';
import type { HandlerContext, ReceiverOptions } from './receiver-options.js';
import { HandlerTimeout, type Reporter } from './receiver-report.js';
import type { DriftEntry } from './validation-context.js';

/**
 * One valid event to its handler, at most once across every process sharing the store: claim the
 * key, run the handler within handlerTimeoutMs, then mark the key done or release it. Never
 * rejects: every failure is reported and becomes an outcome.
 */

export type Outcome = 'handled' | 'duplicate' | 'in-flight' | 'failed' | 'timeout';

export interface Job {
  name: string;
  event: unknown;
  /** The key as idempotencyKey gave it; undefined for none. */
  key: string | undefined;
  drift: DriftEntry[];
  header(name: string): string | null;
}

type AnyHandler = (event: unknown, context: HandlerContext) => unknown;

export function createDispatcher(
  config: ReceiverConfig,
  options: ReceiverOptions<Record<string, unknown>>,
  report: Reporter,
): (job: Job, claimed: (won: boolean) => void) => Promise<Outcome> {
  const { store } = config;

  const release = async (key: string | undefined, job: Job) => {
    if (key === undefined) return;
    try {
      await store.release(key);
    } catch (error) {
      await report('idempotency-store', error, job.name, job.key, 'release');
    }
  };
  const complete = async (key: string | undefined, job: Job) => {
    if (key === undefined) return;
    try {
      await store.complete(key, config.ttlMs);
    } catch (error) {
      await report('idempotency-store', error, job.name, job.key, 'complete');
    }
  };

  /** Claims the key; `claimed` hears at once whether this delivery will run the handler. */
  const claim = async (job: Job, claimed: (won: boolean) => void): Promise<{ key: string | undefined } | Outcome> => {
    if (job.key === undefined) {
      claimed(true);
      return { key: undefined };
    }
    let outcome: ClaimOutcome;
    let key: string;
    try {
      key = await boundedKey(job.key);
      outcome = await store.claim(key, config.leaseMs);
      if (outcome !== 'claimed' && outcome !== 'in-flight' && outcome !== 'done') {
        throw new TypeError(`claim() answered ${JSON.stringify(outcome)}, not 'claimed', 'in-flight' or 'done'`);
      }
    } catch (error) {
      claimed(false);
      await report('idempotency-store', error, job.name, job.key, 'claim');
      return 'failed';
    }
    claimed(outcome === 'claimed');
    return outcome === 'claimed' ? { key } : outcome === 'done' ? 'duplicate' : 'in-flight';
  };

  return async (job, claimed) => {
    const claim_ = await claim(job, claimed);
    if (typeof claim_ === 'string') return claim_;
    const { key } = claim_;
    const handler = options.handlers[job.name] as AnyHandler;
    const controller = new AbortController();
    const context: HandlerContext = { name: job.name, drift: job.drift, idempotencyKey: job.key, header: job.header, signal: controller.signal };
    const settled = (async () => handler(job.event, context))().then(
      () => ({ ok: true as const }),
      (error: unknown) => ({ ok: false as const, error }),
    );
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timedOut = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), config.timeoutMs);
    });
    const result = await Promise.race([settled, timedOut]);
    clearTimeout(timer);

    if (result === 'timeout') {
      const timeout = new HandlerTimeout(`the handler did not settle within ${config.timeoutMs} ms`);
      controller.abort(timeout);
      await report('handler-timeout', timeout, job.name, job.key);
      await release(key, job);
      // It may still finish: a late success is remembered (a redelivery is then a duplicate), a late failure reported.
      void settled.then((late) => (late.ok ? complete(key, job) : report('handler', late.error, job.name, job.key, 'after its timeout')));
      return 'timeout';
    }
    if (!result.ok) {
      await report('handler', result.error, job.name, job.key);
      await release(key, job);
      return 'failed';
    }
    await complete(key, job);
    if (job.drift.length > 0 && options.onDrift) {
      try {
        await options.onDrift(job.drift, { name: job.name });
      } catch (error) {
        // The event was handled: answering 500 would only make the sender repeat it.
        await report('hook', error, job.name, job.key, 'onDrift');
      }
    }
    return 'handled';
  };
}
