import { isThenable, StoreCalls, type Claim } from './claims.js';
import type { ReceiverConfig } from './config.js';
import type { HandlerContext, ReceiverOptions } from './options.js';
import { HandlerTimeout, type Reporter } from './report.js';
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

/**
 * The dispatch of one receiver: claim, run, complete or release. Each step answers without a
 * promise when it can (no key or a synchronous store, a synchronous handler, no onDrift to
 * await), so the common path allocates no promise and waits for no microtask.
 */
class Dispatcher {
  private readonly store: StoreCalls;

  constructor(
    private readonly config: ReceiverConfig,
    private readonly options: ReceiverOptions<Record<string, unknown>>,
    private readonly report: Reporter,
  ) {
    this.store = new StoreCalls(config.store, config, report);
  }

  dispatch(job: Job, claimed: (won: boolean) => void): Outcome | Promise<Outcome> {
    try {
      const claiming = this.store.claim(job, claimed);
      return claiming instanceof Promise ? claiming.then((claim) => this.afterClaim(job, claim)) : this.afterClaim(job, claiming);
    } catch (error) {
      return Promise.reject(error);
    }
  }

  private afterClaim(job: Job, claim: Claim): Outcome | Promise<Outcome> {
    if (typeof claim === 'string') return claim;
    const { key } = claim;
    const running = this.run(job, key);
    return running === undefined ? this.finish(job, key) : running.then((failure) => failure ?? this.finish(job, key));
  }

  /** Undefined at once when a synchronous handler succeeded; else a promise raced against the timeout. */
  private run(job: Job, key: string | undefined): Promise<Outcome | undefined> | undefined {
    const handler = this.options.handlers[job.name] as AnyHandler;
    const context = new Context(job);
    let value: unknown;
    try {
      value = handler(job.event, context);
    } catch (error) {
      value = Promise.reject(error);
    }
    if (!isThenable(value)) return undefined;
    return this.race(job, key, value, () => controllerOf(context));
  }

  private async race(job: Job, key: string | undefined, value: PromiseLike<unknown>, abortable: () => AbortController): Promise<Outcome | undefined> {
    const settled = Promise.resolve(value).then(
      () => ({ ok: true as const }),
      (error: unknown) => ({ ok: false as const, error }),
    );
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timedOut = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), this.config.timeoutMs);
    });
    const result = await Promise.race([settled, timedOut]);
    clearTimeout(timer);
    if (result === 'timeout') {
      const timeout = new HandlerTimeout(`the handler did not settle within ${this.config.timeoutMs} ms`);
      abortable().abort(timeout);
      await this.report('handler-timeout', timeout, job.name, job.key);
      await this.store.release(key, job);
      // It may still finish: a late success is remembered (a redelivery is then a duplicate), a
      // late failure reported. Not awaited: the answer (503) goes now; neither branch rejects.
      void settled.then((late) =>
        late.ok ? (key === undefined ? undefined : this.store.complete(key, job)) : this.report('handler', late.error, job.name, job.key, 'after its timeout'),
      );
      return 'timeout';
    }
    if (!result.ok) {
      await this.report('handler', result.error, job.name, job.key);
      await this.store.release(key, job);
      return 'failed';
    }
    return undefined;
  }

  private finish(job: Job, key: string | undefined): Outcome | Promise<Outcome> {
    const completing = key === undefined ? undefined : this.store.complete(key, job);
    return completing === undefined ? this.handled(job) : completing.then(() => this.handled(job));
  }

  private handled(job: Job): Outcome | Promise<Outcome> {
    return job.drift.length > 0 && this.options.onDrift ? this.drifted(job) : 'handled';
  }

  /** onDrift, for a handled event that drifted from the spec; its failure is reported, not answered. */
  private async drifted(job: Job): Promise<Outcome> {
    try {
      await this.options.onDrift?.(job.drift, { name: job.name });
    } catch (error) {
      // The event was handled: answering 500 would only make the sender repeat it.
      await this.report('hook', error, job.name, job.key, 'onDrift');
    }
    return 'handled';
  }
}

/** Never rejects but for a bug: every failure is reported and becomes an outcome. */
export function createDispatcher(
  config: ReceiverConfig,
  options: ReceiverOptions<Record<string, unknown>>,
  report: Reporter,
): (job: Job, claimed: (won: boolean) => void) => Outcome | Promise<Outcome> {
  const dispatcher = new Dispatcher(config, options, report);
  return (job, claimed) => dispatcher.dispatch(job, claimed);
}
