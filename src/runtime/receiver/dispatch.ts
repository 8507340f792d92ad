import { boundedKey, type ClaimOutcome } from '../idempotency.js';
import type { ReceiverConfig } from './config.js';
import type { HandlerContext, ReceiverOptions } from './options.js';
import { HandlerTimeout, StoreTimeout, type Reporter } from './report.js';
import type { DriftEntry } from '../validation-context.js';

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

/**
 * A handler's context: a class, its signal a getter on the prototype, because an object literal
 * with a getter is built the slow way on every delivery (about a microsecond each).
 */
class Context implements HandlerContext {
  readonly name: string;
  readonly drift: DriftEntry[];
  readonly idempotencyKey: string | undefined;
  readonly header: (name: string) => string | null;

  constructor(job: Job) {
    this.name = job.name;
    this.drift = job.drift;
    this.idempotencyKey = job.key;
    this.header = job.header;
  }

  get signal(): AbortSignal {
    return controllerOf(this).signal;
  }
}

/** Made only when the handler asks for its signal or the timeout fires: most handlers never do. */
const controllers = new WeakMap<Context, AbortController>();
function controllerOf(context: Context): AbortController {
  let controller = controllers.get(context);
  if (controller === undefined) controllers.set(context, (controller = new AbortController()));
  return controller;
}

/** A claim's result: go on with the store's key (undefined: no idempotency), or this outcome now. */
type Claim = { key: string | undefined } | Outcome;
const NO_KEY: Claim = { key: undefined };
const NOTHING = (): void => undefined;

export function createDispatcher(
  config: ReceiverConfig,
  options: ReceiverOptions<Record<string, unknown>>,
  report: Reporter,
): (job: Job, claimed: (won: boolean) => void) => Outcome | Promise<Outcome> {
  const { store } = config;

  const isThenable = (value: unknown): value is PromiseLike<unknown> => typeof (value as { then?: unknown } | null)?.then === 'function';
  /**
   * A store that does not answer (a Redis client queueing commands while disconnected) must not
   * hold requests forever: each call gets handlerTimeoutMs.
   */
  const withinTimeout = <T>(work: PromiseLike<T>, operation: string): Promise<T> => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new StoreTimeout(`${operation}() did not answer within ${config.timeoutMs} ms`)), config.timeoutMs);
    });
    return Promise.race([Promise.resolve(work), timeout]).finally(() => clearTimeout(timer));
  };
  const release = async (key: string | undefined, job: Job) => {
    if (key === undefined) return;
    try {
      const done = store.release(key);
      if (isThenable(done)) await withinTimeout(done, 'release');
    } catch (error) {
      await report('idempotency-store', error, job.name, job.key, 'release');
    }
  };
  /** Undefined when done at once (a synchronous store, the memory one): only a promise is awaited. */
  const complete = (key: string, job: Job): Promise<void> | undefined => {
    try {
      const done = store.complete(key, config.ttlMs);
      if (isThenable(done))
        return withinTimeout(done, 'complete').then(NOTHING, (error: unknown) => report('idempotency-store', error, job.name, job.key, 'complete'));
    } catch (error) {
      return report('idempotency-store', error, job.name, job.key, 'complete');
    }
    return undefined;
  };

  const checked = (outcome: unknown): ClaimOutcome => {
    if (outcome !== 'claimed' && outcome !== 'in-flight' && outcome !== 'done') {
      throw new TypeError(`claim() answered ${JSON.stringify(outcome)}, not 'claimed', 'in-flight' or 'done'`);
    }
    return outcome;
  };
  const claimFailed = async (job: Job, claimed: (won: boolean) => void, error: unknown): Promise<Outcome> => {
    claimed(false);
    await report('idempotency-store', error, job.name, job.key, 'claim');
    return 'failed';
  };
  const claimedAs = (claimed: (won: boolean) => void, key: string, outcome: ClaimOutcome): Claim => {
    claimed(outcome === 'claimed');
    return outcome === 'claimed' ? { key } : outcome === 'done' ? 'duplicate' : 'in-flight';
  };
  /** A store's promised answer, within handlerTimeoutMs. */
  const awaitClaim = async (job: Job, claimed: (won: boolean) => void, key: string, answer: PromiseLike<ClaimOutcome>): Promise<Claim> => {
    try {
      const outcome = await withinTimeout(answer, 'claim').catch((error: unknown) => {
        // If the claim lands after all, give it back so a redelivery need not wait for the lease.
        if (error instanceof StoreTimeout) {
          Promise.resolve(answer)
            .then((late) => (late === 'claimed' ? store.release(key) : undefined))
            .catch(() => undefined);
        }
        throw error;
      });
      return claimedAs(claimed, key, checked(outcome));
    } catch (error) {
      return claimFailed(job, claimed, error);
    }
  };
  const claimKey = (job: Job, claimed: (won: boolean) => void, key: string): Claim | Promise<Claim> => {
    try {
      const outcome = store.claim(key, config.leaseMs);
      return isThenable(outcome) ? awaitClaim(job, claimed, key, outcome) : claimedAs(claimed, key, checked(outcome));
    } catch (error) {
      return claimFailed(job, claimed, error);
    }
  };
  /**
   * Claims the key; `claimed` hears at once whether this delivery will run the handler. A
   * synchronous store answers without a promise, so the common path awaits nothing.
   */
  const claim = (job: Job, claimed: (won: boolean) => void): Claim | Promise<Claim> => {
    if (job.key === undefined) {
      claimed(true);
      return NO_KEY;
    }
    const bounded = boundedKey(job.key);
    if (typeof bounded === 'string') return claimKey(job, claimed, bounded);
    return bounded.then(
      (key) => claimKey(job, claimed, key),
      (error: unknown) => claimFailed(job, claimed, error),
    );
  };

  /** Undefined at once when a synchronous handler succeeded; else a promise raced against the timeout. */
  const run = (job: Job, key: string | undefined): Promise<Outcome | undefined> | undefined => {
    const handler = options.handlers[job.name] as AnyHandler;
    const context = new Context(job);
    let value: unknown;
    try {
      value = handler(job.event, context);
    } catch (error) {
      value = Promise.reject(error);
    }
    if (!isThenable(value)) return undefined;
    return race(job, key, value, () => controllerOf(context));
  };

  const race = async (job: Job, key: string | undefined, value: PromiseLike<unknown>, abortable: () => AbortController): Promise<Outcome | undefined> => {
    const settled = Promise.resolve(value).then(
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
      abortable().abort(timeout);
      await report('handler-timeout', timeout, job.name, job.key);
      await release(key, job);
      // It may still finish: a late success is remembered (a redelivery is then a duplicate), a late failure reported.
      void settled.then((late) =>
        late.ok ? (key === undefined ? undefined : complete(key, job)) : report('handler', late.error, job.name, job.key, 'after its timeout'),
      );
      return 'timeout';
    }
    if (!result.ok) {
      await report('handler', result.error, job.name, job.key);
      await release(key, job);
      return 'failed';
    }
    return undefined;
  };

  /** onDrift, for a handled event that drifted from the spec; its failure is reported, not answered. */
  const drifted = async (job: Job): Promise<Outcome> => {
    try {
      await options.onDrift?.(job.drift, { name: job.name });
    } catch (error) {
      // The event was handled: answering 500 would only make the sender repeat it.
      await report('hook', error, job.name, job.key, 'onDrift');
    }
    return 'handled';
  };
  const handled = (job: Job): Outcome | Promise<Outcome> => (job.drift.length > 0 && options.onDrift ? drifted(job) : 'handled');
  const finish = (job: Job, key: string | undefined): Outcome | Promise<Outcome> => {
    const completing = key === undefined ? undefined : complete(key, job);
    return completing === undefined ? handled(job) : completing.then(() => handled(job));
  };
  const afterClaim = (job: Job, claim_: Claim): Outcome | Promise<Outcome> => {
    if (typeof claim_ === 'string') return claim_;
    const { key } = claim_;
    const running = run(job, key);
    return running === undefined ? finish(job, key) : running.then((failure) => failure ?? finish(job, key));
  };

  /**
   * The outcome itself when nothing on the way answers with a promise (no key or a synchronous
   * store, a synchronous handler, no onDrift to await): the common path then allocates no
   * promise and waits for no microtask. Otherwise a promise of it.
   */
  return (job, claimed) => {
    try {
      const claiming = claim(job, claimed);
      return claiming instanceof Promise ? claiming.then((claim_) => afterClaim(job, claim_)) : afterClaim(job, claiming);
    } catch (error) {
      return Promise.reject(error);
    }
  };
}
