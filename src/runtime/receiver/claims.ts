import { boundedKey, type ClaimOutcome, type IdempotencyStore } from '../idempotency.js';
import type { Job, Outcome } from './dispatch.js';
import { StoreTimeout, type Reporter } from './report.js';

/**
 * The dispatch's calls to the idempotency store: claim a delivery's key before its handler runs,
 * then mark it done or release it. Each call gets handlerTimeoutMs, and every failure is
 * reported; a synchronous store (the memory one) is answered without a promise.
 */

/** A claim's result: go on with the store's key (undefined: no idempotency), or this outcome now. */
export type Claim = { key: string | undefined } | Outcome;
const NO_KEY: Claim = { key: undefined };
const NOTHING = (): void => undefined;

export const isThenable = (value: unknown): value is PromiseLike<unknown> => typeof (value as { then?: unknown } | null)?.then === 'function';

function checkedClaim(outcome: unknown): ClaimOutcome {
  if (outcome !== 'claimed' && outcome !== 'in-flight' && outcome !== 'done') {
    throw new TypeError(`claim() answered ${JSON.stringify(outcome)}, not 'claimed', 'in-flight' or 'done'`);
  }
  return outcome;
}

export class StoreCalls {
  constructor(
    private readonly store: IdempotencyStore,
    private readonly limits: { timeoutMs: number; leaseMs: number; ttlMs: number },
    private readonly report: Reporter,
  ) {}

  /**
   * A store that does not answer (a Redis client queueing commands while disconnected) must not
   * hold requests forever: each call gets handlerTimeoutMs.
   */
  withinTimeout<T>(work: PromiseLike<T>, operation: string): Promise<T> {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const { timeoutMs } = this.limits;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new StoreTimeout(`${operation}() did not answer within ${timeoutMs} ms`)), timeoutMs);
    });
    return Promise.race([Promise.resolve(work), timeout]).finally(() => clearTimeout(timer));
  }

  async release(key: string | undefined, job: Job): Promise<void> {
    if (key === undefined) return;
    try {
      const done = this.store.release(key);
      if (isThenable(done)) await this.withinTimeout(done, 'release');
    } catch (error) {
      await this.report('idempotency-store', error, job.name, job.key, 'release');
    }
  }

  /** Undefined when done at once (a synchronous store, the memory one): only a promise is awaited. */
  complete(key: string, job: Job): Promise<void> | undefined {
    try {
      const done = this.store.complete(key, this.limits.ttlMs);
      if (isThenable(done))
        return this.withinTimeout(done, 'complete').then(NOTHING, (error: unknown) => this.report('idempotency-store', error, job.name, job.key, 'complete'));
    } catch (error) {
      return this.report('idempotency-store', error, job.name, job.key, 'complete');
    }
    return undefined;
  }

  /**
   * Claims the key; `claimed` hears at once whether this delivery will run the handler. A
   * synchronous store answers without a promise, so the common path awaits nothing.
   */
  claim(job: Job, claimed: (won: boolean) => void): Claim | Promise<Claim> {
    if (job.key === undefined) {
      claimed(true);
      return NO_KEY;
    }
    const bounded = boundedKey(job.key);
    if (typeof bounded === 'string') return this.claimKey(job, claimed, bounded);
    return bounded.then(
      (key) => this.claimKey(job, claimed, key),
      (error: unknown) => this.claimFailed(job, claimed, error),
    );
  }

  private claimKey(job: Job, claimed: (won: boolean) => void, key: string): Claim | Promise<Claim> {
    try {
      const outcome = this.store.claim(key, this.limits.leaseMs);
      return isThenable(outcome) ? this.awaitClaim(job, claimed, key, outcome) : this.claimedAs(claimed, key, checkedClaim(outcome));
    } catch (error) {
      return this.claimFailed(job, claimed, error);
    }
  }

  /** A store's promised answer, within handlerTimeoutMs. */
  private async awaitClaim(job: Job, claimed: (won: boolean) => void, key: string, answer: PromiseLike<ClaimOutcome>): Promise<Claim> {
    try {
      const outcome = await this.withinTimeout(answer, 'claim').catch((error: unknown) => {
        // If the claim lands after all, give it back so a redelivery need not wait for the lease.
        // Not awaited: this delivery is answered now; the giving back happens when it can.
        if (error instanceof StoreTimeout) {
          void Promise.resolve(answer)
            .then((late) => (late === 'claimed' ? this.store.release(key) : undefined))
            .catch(() => undefined);
        }
        throw error;
      });
      return this.claimedAs(claimed, key, checkedClaim(outcome));
    } catch (error) {
      return this.claimFailed(job, claimed, error);
    }
  }

  private claimedAs(claimed: (won: boolean) => void, key: string, outcome: ClaimOutcome): Claim {
    claimed(outcome === 'claimed');
    return outcome === 'claimed' ? { key } : outcome === 'done' ? 'duplicate' : 'in-flight';
  }

  private async claimFailed(job: Job, claimed: (won: boolean) => void, error: unknown): Promise<Outcome> {
    claimed(false);
    await this.report('idempotency-store', error, job.name, job.key, 'claim');
    return 'failed';
  }
}
