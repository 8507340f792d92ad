import { FAILED, json, notJson, notUtf8, refusal, SHUTTING_DOWN } from './answers.js';
import { bodyReads, type BodyReads } from './body-reads.js';
import { resolveConfig } from './config.js';
import { createDispatcher } from './dispatch.js';
import { answerUnhandled, answerUnparsed, keyOf, recordDelivery } from './event-rungs.js';
import { InFlight } from './in-flight.js';
import type { ReceiverOptions } from './options.js';
import { createReporter } from './report.js';
import { checkHeaders, checkSender, decodeText, NOT_JSON_TEXT, parseJson, unreadBody } from './request-rungs.js';
import { BodyTimedOut, WebDelivery } from './support.js';
import type { DeliveryResponse, IncomingDelivery, ReceiverBinding, ReceiverContext, WebhookRequestHandler } from './types.js';

/**
 * The receiver for any spec: the status ladder (method, content type, sender address, API key,
 * size, sender signature, UTF-8, JSON, validation, handler, idempotency key), then dispatch. Each
 * rung is a function of its own (request-rungs.ts, event-rungs.ts) answering the delivery or
 * nothing; `handle` is their order. The generated receiver.ts binds it to the spec's events and
 * validators; everything here is the same for every spec.
 */

export type { DeliveryResponse, IncomingDelivery, ParseOutcome, ReceiverBinding, WebhookRequestHandler } from './types.js';

/** The options resolved (a throw for one that could never work) and what every rung reads. */
export function receiverContext<M, C extends string>(binding: ReceiverBinding<M, C>, options: ReceiverOptions<M, C>): ReceiverContext {
  const opts = options as unknown as ReceiverOptions<Record<string, unknown>>;
  const config = resolveConfig(binding, opts);
  return {
    binding: binding as unknown as ReceiverContext['binding'],
    options: opts,
    config,
    report: createReporter(opts.onError, config.logger),
    methodNotAllowed: () => json(405, { error: 'method not allowed' }, { allow: binding.method }),
    refuseAddress: refusal((message) => config.logger.warn(message)),
    // Read once, as the receiver was built with them: editing the options object later changes nothing.
    parseMode: opts.mode ?? 'tolerant',
    channel: opts.channel,
  };
}

/** The ladder: each rung answers the delivery or lets it climb on; the last hands the event to its handler. */
async function handle(receiver: ReceiverContext, inFlight: InFlight, reads: BodyReads, delivery: IncomingDelivery): Promise<DeliveryResponse> {
  const refused = checkHeaders(receiver, delivery);
  if (refused !== undefined) return refused;
  let bytes: Uint8Array;
  try {
    bytes = await reads.read(delivery);
  } catch (error) {
    return unreadBody(receiver, error, inFlight.closing);
  }
  const unsigned = checkSender(receiver, delivery, bytes);
  const unauthentic = unsigned instanceof Promise ? await unsigned : unsigned;
  if (unauthentic !== undefined) return unauthentic;
  const rawBody = decodeText(bytes);
  if (rawBody === undefined) return notUtf8();
  const body = parseJson(rawBody);
  if (body === NOT_JSON_TEXT) return notJson();

  const { binding, options } = receiver;
  // One header getter for everything after this point (parse, the recording, the handler's context), made once.
  const header = (name: string) => delivery.header(name);
  const result = binding.parse(body, { mode: receiver.parseMode, channel: receiver.channel, headers: header, path: delivery.path });
  if (options.onRecord) await recordDelivery(receiver, result, header, body);
  if (!result.ok) return answerUnparsed(receiver, result, body, rawBody);
  if (options.handlers[result.name] === undefined) return answerUnhandled(receiver, result.name);
  const named = keyOf(receiver, result, header, body, bytes);
  const key = named instanceof Promise ? await named : named;
  if (typeof key === 'object') return key;
  const copy = inFlight.copyOf(key);
  if (copy !== undefined) return copy;
  const answer = inFlight.answer({ name: result.name, event: result.event, key, drift: result.drift, header });
  // Awaited rather than returned: an async function resolving to a promise takes a then and two more ticks.
  return answer instanceof Promise ? await answer : answer;
}

const toResponse = (response: DeliveryResponse): Response => new Response(response.body, { status: response.status, headers: response.headers });

export function createReceiver<M, C extends string>(binding: ReceiverBinding<M, C>, options: ReceiverOptions<M, C>): WebhookRequestHandler {
  const receiver = receiverContext(binding, options);
  const { config, options: opts, report } = receiver;
  const inFlight = new InFlight(createDispatcher(config, opts, report), config.timeoutMs, opts.acknowledge === 'immediately');
  const reads = bodyReads(config);

  const answered = (response: DeliveryResponse): DeliveryResponse => {
    inFlight.leave();
    return response;
  };
  const failed = async (error: unknown): Promise<DeliveryResponse> => {
    try {
      await report('internal', error, undefined, undefined);
      return FAILED;
    } finally {
      inFlight.leave();
    }
  };
  // Not an async function: handle's promise is answered through one then, not awaited in another frame.
  const deliver = (delivery: IncomingDelivery): Promise<DeliveryResponse> => {
    if (inFlight.closing) return Promise.resolve(SHUTTING_DOWN);
    inFlight.enter();
    return handle(receiver, inFlight, reads, delivery).then(answered, failed);
  };

  // Not an async function either: the answer is one then away from the delivery's.
  const handler = (request: Request, context: { remoteAddress?: string | undefined } = {}): Promise<Response> => {
    try {
      return deliver(new WebDelivery(request, context.remoteAddress)).then(toResponse);
    } catch (error) {
      return Promise.reject(error);
    }
  };
  const close = (): Promise<void> => {
    inFlight.closing = true;
    reads.endAll(new BodyTimedOut('the receiver is closing'));
    return inFlight.whenIdle();
  };
  return Object.assign(handler, { deliver, close, logger: config.logger });
}
