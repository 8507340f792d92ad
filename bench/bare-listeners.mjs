// The baselines the receiver benches measure against, defined once, so bench:receiver (over the
// network) and bench:receiver-micro (without it) divide by the same server: read the body,
// JSON.parse it, answer. `work` adds something per request after the parse: the generated
// parseWebhookEvent (the floor for a server that validates) or a fixed busy loop (calibration).
const ok = '{"status":"ok"}';

/** A node:http listener: read, JSON.parse, `work(body)` (its answer: whether to say 200 or 422), answer. */
/** @param {(event: unknown) => boolean} [work] what the server does with the event: true answers 200, false 422 */
export function bareListener(work = () => true) {
  return (req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      const fine = work(JSON.parse(Buffer.concat(chunks).toString('utf8')));
      res.writeHead(fine ? 200 : 422, { 'content-type': 'application/json' });
      res.end(ok);
    });
  };
}

/** Work for bareListener: the generated parseWebhookEvent on the parsed body. */
export const validating = (parseWebhookEvent) => (body) => parseWebhookEvent(body).ok;

/** Work for bareListener: a busy loop of `micros` µs. */
export function busy(micros) {
  const work = BigInt(Math.round(micros * 1000));
  return () => {
    const start = process.hrtime.bigint();
    while (process.hrtime.bigint() - start < work);
    return true;
  };
}
