import type { IncomingDelivery } from './types.js';
import { BodyTimedOut } from './support.js';

/**
 * Body reads with a deadline: a sender that drips its body (or never finishes it) is answered 408
 * at `bodyTimeoutMs` instead of holding a delivery, and `close()` ends the reads in progress, so
 * neither waits on a slow uploader. One timer serves every read, running only while there are
 * some (a timer per request costs more than the rest of a small delivery's reading): a read
 * ends within `sweepMs` after its deadline.
 */

/** A body being read: when it must be done by, how to stop its reader, how to answer without it. */
interface BodyRead {
  deadline: number;
  stop: ((reason: Error) => void) | undefined;
  fail: (reason: Error) => void;
}

export interface BodyReads {
  /** The body within the deadline, at most `maxBodyBytes`. */
  read(delivery: IncomingDelivery): Promise<Uint8Array>;
  /** Ends every read in progress with `reason`. */
  endAll(reason: Error): void;
}

export function bodyReads(config: { bodyTimeoutMs: number; maxBodyBytes: number }): BodyReads {
  const reads = new Set<BodyRead>();
  const sweepMs = Math.min(config.bodyTimeoutMs, 1_000);
  let sweeper: ReturnType<typeof setTimeout> | undefined;

  const end = (read: BodyRead, reason: Error) => {
    reads.delete(read);
    read.stop?.(reason);
    read.fail(reason);
  };
  const sweep = () => {
    sweeper = undefined;
    const now = Date.now();
    for (const read of reads) if (read.deadline <= now) end(read, new BodyTimedOut(`the body took longer than ${config.bodyTimeoutMs} ms`));
    if (reads.size > 0) sweepLater();
  };
  const sweepLater = () => {
    sweeper = setTimeout(sweep, sweepMs);
    // A read in progress has its connection, which keeps a server's process alive; this timer need not.
    sweeper.unref?.();
  };

  const read = (delivery: IncomingDelivery): Promise<Uint8Array> =>
    new Promise((resolve, reject) => {
      const current: BodyRead = { deadline: Date.now() + config.bodyTimeoutMs, stop: undefined, fail: reject };
      reads.add(current);
      if (sweeper === undefined) sweepLater();
      delivery
        .body(config.maxBodyBytes, (stop) => (current.stop = stop))
        .then(
          (bytes) => {
            reads.delete(current);
            resolve(bytes);
          },
          (error: unknown) => {
            reads.delete(current);
            reject(error);
          },
        );
    });
  const endAll = (reason: Error) => {
    for (const current of reads) end(current, reason);
  };
  return { read, endAll };
}
