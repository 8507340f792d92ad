import { DUPLICATE, FAILED, json, OK } from './answers.js';
import type { Job, Outcome } from './dispatch.js';
import type { DeliveryResponse } from './types.js';

/**
 * The deliveries a receiver is answering and the handlers still running after their answer:
 * a copy of a delivery being handled in this process waits for the first one's answer, and
 * close() waits for every one of them.
 */

type Dispatch = (job: Job, claimed: (won: boolean) => void) => Outcome | Promise<Outcome>;
const NOTHING = (): void => undefined;

export class InFlight {
  /** Set by close(): new deliveries are answered 503, and a body read it ends too. */
  closing = false;
  /** The answer to each outcome of the dispatch. */
  readonly answers: Record<Outcome, DeliveryResponse>;
  /** Deliveries of a key being handled in this process, by key. */
  private readonly byKey = new Map<string, Promise<Outcome>>();
  private active = 0;
  private idle: (() => void) | undefined;
  private drained: Promise<void> | undefined;

  constructor(
    private readonly dispatch: Dispatch,
    timeoutMs: number,
    private readonly acknowledgeImmediately: boolean,
  ) {
    const retryAfter = String(Math.ceil(timeoutMs / 1000));
    const inFlight = json(503, { error: 'this event is being handled; retry later' }, { 'retry-after': retryAfter });
    const timedOut = json(503, { error: 'the handler timed out' }, { 'retry-after': retryAfter });
    this.answers = { handled: OK, duplicate: DUPLICATE, 'in-flight': inFlight, failed: FAILED, timeout: timedOut };
  }

  /** A delivery is being answered (or a handler runs on after its answer). */
  enter(): void {
    this.active++;
  }

  /** One of them is done. */
  leave(): void {
    if (--this.active === 0 && this.idle !== undefined) this.idle();
  }

  /** Resolves once every delivery entered has left. */
  whenIdle(): Promise<void> {
    this.drained ??= this.active === 0 ? Promise.resolve() : new Promise<void>((resolve) => (this.idle = resolve));
    return this.drained;
  }

  /** The first delivery's answer, for a copy of one being handled here; undefined when none is. */
  copyOf(key: string | undefined): Promise<DeliveryResponse> | undefined {
    const first = key === undefined ? undefined : this.byKey.get(key);
    return first?.then((outcome) => (outcome === 'handled' ? DUPLICATE : this.answers[outcome]));
  }

  /** The job dispatched, answered when handled (or, with acknowledge 'immediately', once claimed). */
  answer(job: Job): DeliveryResponse | Promise<DeliveryResponse> {
    if (this.acknowledgeImmediately) return this.acknowledgeOnClaim(job);
    const finished = this.dispatch(job, NOTHING);
    // Settled already (a synchronous store and handler): no copy can have arrived in between, so
    // there is nothing to share with one.
    if (typeof finished === 'string') return this.answers[finished];
    return this.shared(job.key, finished);
  }

  private async shared(key: string | undefined, finished: Promise<Outcome>): Promise<DeliveryResponse> {
    if (key !== undefined) this.byKey.set(key, finished);
    const outcome = await finished;
    this.forget(key, finished);
    return this.answers[outcome];
  }

  /** Answered once claimed; the handling goes on after the answer, and close() waits for it. */
  private async acknowledgeOnClaim(job: Job): Promise<DeliveryResponse> {
    let claimed!: (won: boolean) => void;
    const won = new Promise<boolean>((resolve) => (claimed = resolve));
    this.enter();
    const finished = Promise.resolve(this.dispatch(job, claimed));
    if (job.key !== undefined) this.byKey.set(job.key, finished);
    // The dispatch turns every failure into an outcome; were it ever to reject (a bug), close()
    // must still not wait for it forever, so both ends leave.
    const done = (): void => {
      this.forget(job.key, finished);
      this.leave();
    };
    void finished.then(done, done);
    return (await won) ? OK : this.answers[await finished];
  }

  private forget(key: string | undefined, finished: Promise<Outcome>): void {
    if (key !== undefined && this.byKey.get(key) === finished) this.byKey.delete(key);
  }
}
