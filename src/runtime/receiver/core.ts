import { matchAny } from '../auth/token.js';
import { clientAddress } from './addresses.js';
import { deliveryKey } from '../delivery-key.js';
import { BODY_TIMED_OUT, DUPLICATE, FAILED, firstIssues, isJsonType, json, OK, refusal, SHUTTING_DOWN } from './answers.js';
import { resolveConfig } from './config.js';
import { createDispatcher, type Outcome } from './dispatch.js';
import type { ReceiverOptions } from './options.js';
import { createReporter } from './report.js';
import { bodyReads } from './body-reads.js';
import { BodyTimedOut, BodyTooLarge, BodyUnavailable, recordingOf, WebDelivery } from './support.js';
import type { DeliveryResponse, IncomingDelivery, ReceiverBinding, WebhookRequestHandler } from './types.js';

/**
 * The receiver for any spec: the status ladder (method, content type, sender address, token,
 * size, JSON, validation), then dispatch. The generated receiver.ts binds it to the spec's events
 * and validators; everything here is the same for every spec.
 */

export type { DeliveryResponse, IncomingDelivery, ParseOutcome, ReceiverBinding, WebhookRequestHandler } from './types.js';

const UTF8 = new TextDecoder('utf-8', { fatal: true });
const NOTHING = (): void => undefined;

export function createReceiver<M, C extends string>(binding: ReceiverBinding<M, C>, options: ReceiverOptions<M, C>): WebhookRequestHandler {
  const opts = options as unknown as ReceiverOptions<Record<string, unknown>>;
  const config = resolveConfig(binding, opts);
  const { logger } = config;
  const report = createReporter(opts.onError, logger);
  const dispatch = createDispatcher(config, opts, report);
  const mode = options.mode ?? 'tolerant';
  const channel = options.channel;
  const retryAfter = String(Math.ceil(config.timeoutMs / 1000));
  const IN_FLIGHT = json(503, { error: 'this event is being handled; retry later' }, { 'retry-after': retryAfter });
  const TIMED_OUT = json(503, { error: 'the handler timed out' }, { 'retry-after': retryAfter });
  const answers: Record<Outcome, DeliveryResponse> = { handled: OK, duplicate: DUPLICATE, 'in-flight': IN_FLIGHT, failed: FAILED, timeout: TIMED_OUT };
  /** Deliveries of a key being handled in this process: a copy waits for the first one's answer. */
  const local = new Map<string, Promise<Outcome>>();
  /** Deliveries being answered and handlers running after their answer: close() waits for both. */
  let active = 0;
  let idle: (() => void) | undefined;
  let closed: Promise<void> | undefined;
  let closing = false;
  const reads = bodyReads(config);

  const settle = () => {
    if (--active === 0 && idle !== undefined) idle();
  };
  const refuse = refusal((message) => logger.warn(message));

  const handle = async (delivery: IncomingDelivery): Promise<DeliveryResponse> => {
    if (delivery.method !== binding.method) return json(405, { error: 'method not allowed' }, { allow: binding.method });
    const contentType = delivery.header('content-type') ?? '';
    if (contentType !== 'application/json' && !isJsonType(contentType)) return json(415, { error: 'content type must be application/json' });
    // The address before the token: a caller outside the allowlist learns nothing about the token.
    if (config.allowed !== undefined) {
      const address = clientAddress(delivery.remoteAddress, delivery.header('x-forwarded-for'), config.trust);
      if (address === undefined || !config.allowed(address)) return refuse(address);
    }
    if (config.expected.length > 0) {
      if (!matchAny(delivery.header('authorization') ?? '', config.expected)) return json(401, { error: 'unauthorized' }, { 'www-authenticate': 'Bearer' });
    }
    if (Number(delivery.header('content-length') ?? '0') > config.maxBodyBytes) return json(413, { error: 'body too large' });
    let rawBody: string;
    let body: unknown;
    let bytes: Uint8Array;
    try {
      bytes = await reads.read(delivery);
      // A signature covers the bytes as they arrived: checked before anything decodes them.
      const authentic = config.authenticate(delivery, bytes);
      if (!(typeof authentic === 'boolean' ? authentic : await authentic)) return json(401, { error: 'unauthorized' });
      rawBody = UTF8.decode(bytes);
    } catch (error) {
      if (error instanceof BodyTooLarge) return json(413, { error: 'body too large' });
      if (error instanceof BodyTimedOut) return closing ? SHUTTING_DOWN : BODY_TIMED_OUT;
      if (error instanceof BodyUnavailable) {
        await report('body-unavailable', error, undefined, undefined);
        return FAILED;
      }
      return json(400, { error: 'body could not be read as UTF-8 text' });
    }
    try {
      body = JSON.parse(rawBody);
    } catch {
      return json(400, { error: 'body is not valid JSON' });
    }

    // One header getter for everything after this point (parse, the recording, the handler's context), made once.
    const header = (name: string) => delivery.header(name);
    const result = binding.parse(body, { mode, channel, headers: header, path: delivery.path });
    if (opts.onRecord) {
      const event = result.ok || result.kind === 'invalid' ? result.name : result.kind === 'unknown-event' ? result.unknownEvent : null;
      try {
        await opts.onRecord(recordingOf(result.ok ? 'valid' : result.kind, event, header, body, binding.identityHeaders));
      } catch {
        logger.error('recording failed; the delivery goes on', { event });
      }
    }
    if (!result.ok) {
      const unknown = result.kind === 'unknown-event';
      const name = unknown ? result.unknownEvent : result.kind === 'invalid' ? result.name : undefined;
      const status = unknown ? config.unknownEventStatus : config.invalidEventStatus;
      // The first issues and how many there are: one body can have any number of them.
      logger.warn(unknown ? 'unknown event received' : 'invalid event received', unknown ? { event: name } : { event: name, ...firstIssues(result.issues) });
      try {
        if (unknown) await opts.onUnknownEvent?.(result.unknownEvent, body);
        else await opts.onInvalidEvent?.({ name: result.kind === 'invalid' ? result.name : undefined, rawBody, issues: result.issues });
      } catch (error) {
        await report('hook', error, name, undefined, unknown ? 'onUnknownEvent' : 'onInvalidEvent');
        return FAILED;
      }
      if (status < 300) return json(status, { status: 'accepted', note: unknown ? 'unknown event' : 'invalid event' });
      return json(status, unknown ? { error: 'unknown event', event: name } : { error: 'invalid event', ...firstIssues(result.issues) });
    }
    if (opts.handlers[result.name] === undefined) {
      logger.warn('no handler for event', { event: result.name });
      try {
        await opts.onUnhandledEvent?.(result.name);
      } catch (error) {
        await report('hook', error, result.name, undefined, 'onUnhandledEvent');
        return FAILED;
      }
      return json(202, { status: 'accepted', note: 'no handler' });
    }
    let key: string | undefined;
    try {
      if (opts.idempotencyKey !== undefined) {
        key = opts.idempotencyKey(result.name, result.event as never);
        if (key !== undefined && typeof key !== 'string') throw new TypeError('idempotencyKey must return a string or undefined');
      } else {
        const named = deliveryKey(config.keyRule, header, body, bytes);
        key = typeof named === 'string' ? named : await named;
      }
    } catch (error) {
      await report('idempotency-key', error, result.name, undefined);
      return FAILED;
    }
    if (key !== undefined) {
      const first = local.get(key);
      if (first !== undefined) {
        const outcome = await first;
        return outcome === 'handled' ? DUPLICATE : answers[outcome];
      }
    }
    const job = { name: result.name, event: result.event, key, drift: result.drift, header };
    const forget = (finished: Promise<Outcome>) => {
      if (key !== undefined && local.get(key) === finished) local.delete(key);
    };
    if (opts.acknowledge === 'immediately') {
      // Answered once claimed; the handling goes on after the answer, and close() waits for it.
      let claimed!: (won: boolean) => void;
      const won = new Promise<boolean>((resolve) => (claimed = resolve));
      active++;
      const finished = Promise.resolve(dispatch(job, claimed));
      if (key !== undefined) local.set(key, finished);
      void finished.then(() => {
        forget(finished);
        settle();
      });
      return (await won) ? OK : answers[await finished];
    }
    const finished = dispatch(job, NOTHING);
    // Settled already (a synchronous store and handler): no copy can have arrived in between, so
    // there is nothing to share with one.
    if (typeof finished === 'string') return answers[finished];
    if (key !== undefined) local.set(key, finished);
    const outcome = await finished;
    forget(finished);
    return answers[outcome];
  };

  const answered = (response: DeliveryResponse): DeliveryResponse => {
    settle();
    return response;
  };
  const failed = async (error: unknown): Promise<DeliveryResponse> => {
    try {
      await report('internal', error, undefined, undefined);
      return FAILED;
    } finally {
      settle();
    }
  };
  // Not an async function: handle's promise is answered through one then, not awaited in another frame.
  const deliver = (delivery: IncomingDelivery): Promise<DeliveryResponse> => {
    if (closing) return Promise.resolve(SHUTTING_DOWN);
    active++;
    return handle(delivery).then(answered, failed);
  };

  const toResponse = (response: DeliveryResponse): Response => new Response(response.body, { status: response.status, headers: response.headers });
  // Not an async function either: the answer is one then away from the delivery's.
  const handler = (request: Request, context: { remoteAddress?: string | undefined } = {}): Promise<Response> => {
    try {
      return deliver(new WebDelivery(request, context.remoteAddress)).then(toResponse);
    } catch (error) {
      return Promise.reject(error);
    }
  };
  const close = (): Promise<void> => {
    closing = true;
    reads.endAll(new BodyTimedOut('the receiver is closing'));
    closed ??= active === 0 ? Promise.resolve() : new Promise<void>((resolve) => (idle = resolve));
    return closed;
  };
  return Object.assign(handler, { deliver, close, logger });
}
