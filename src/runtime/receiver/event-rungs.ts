import { deliveryKey } from '../delivery-key.js';
import { FAILED, firstIssues, json, unhandled } from './answers.js';
import { recordingOf } from './support.js';
import type { DeliveryResponse, ParseOutcome, ReceiverContext } from './types.js';

/**
 * The rungs of the ladder after the body is parsed, in the order receiver/core.ts climbs them:
 * the recording, the answer to an event that is not valid or has no handler, and the delivery's
 * idempotency key. Each answers the delivery, or nothing to go on.
 */

type Parsed = ParseOutcome<Record<string, unknown>>;
type Header = (name: string) => string | null;

/** onRecord, for every authentic delivery; a failure to record is logged and never loses the delivery. */
export async function recordDelivery(receiver: ReceiverContext, result: Parsed, header: Header, body: unknown): Promise<void> {
  const event = result.ok || result.kind === 'invalid' ? result.name : result.kind === 'unknown-event' ? result.unknownEvent : null;
  try {
    await receiver.options.onRecord?.(recordingOf(result.ok ? 'valid' : result.kind, event, header, body, receiver.binding.identityHeaders));
  } catch {
    receiver.config.logger.error('recording failed; the delivery goes on', { event });
  }
}

/** An unknown, invalid or unrecognized event: logged, handed to its hook, answered with its configured status. */
export async function answerUnparsed(receiver: ReceiverContext, result: Parsed & { ok: false }, body: unknown, rawBody: string): Promise<DeliveryResponse> {
  const { config, options } = receiver;
  const unknown = result.kind === 'unknown-event';
  const name = unknown ? result.unknownEvent : result.kind === 'invalid' ? result.name : undefined;
  const status = unknown ? config.unknownEventStatus : config.invalidEventStatus;
  // The first issues and how many there are: one body can have any number of them.
  config.logger.warn(unknown ? 'unknown event received' : 'invalid event received', unknown ? { event: name } : { event: name, ...firstIssues(result.issues) });
  try {
    if (unknown) await options.onUnknownEvent?.(result.unknownEvent, body);
    else await options.onInvalidEvent?.({ name: result.kind === 'invalid' ? result.name : undefined, rawBody, issues: result.issues });
  } catch (error) {
    await receiver.report('hook', error, name, undefined, unknown ? 'onUnknownEvent' : 'onInvalidEvent');
    return FAILED;
  }
  if (status < 300) return json(status, { status: 'accepted', note: unknown ? 'unknown event' : 'invalid event' });
  return json(status, unknown ? { error: 'unknown event', event: name } : { error: 'invalid event', ...firstIssues(result.issues) });
}

/** A valid event with no handler: logged, handed to onUnhandledEvent, accepted. */
export async function answerUnhandled(receiver: ReceiverContext, name: string): Promise<DeliveryResponse> {
  receiver.config.logger.warn('no handler for event', { event: name });
  try {
    await receiver.options.onUnhandledEvent?.(name);
  } catch (error) {
    await receiver.report('hook', error, name, undefined, 'onUnhandledEvent');
    return FAILED;
  }
  return unhandled();
}

/**
 * The delivery's idempotency key (undefined: none), from the user's idempotencyKey or the spec's
 * rule; FAILED, reported, when that fails. A promise only when the rule needs one (a body digest
 * on Web Crypto).
 */
export function keyOf(
  receiver: ReceiverContext,
  result: Parsed & { ok: true },
  header: Header,
  body: unknown,
  bytes: Uint8Array,
): string | undefined | DeliveryResponse | Promise<string | undefined | DeliveryResponse> {
  try {
    const { idempotencyKey } = receiver.options;
    if (idempotencyKey === undefined) {
      const named = deliveryKey(receiver.config.keyRule, header, body, bytes);
      return typeof named === 'string' ? named : named.then(undefined, (error: unknown) => keyFailed(receiver, result.name, error));
    }
    const key = idempotencyKey(result.name, result.event as never);
    if (key !== undefined && typeof key !== 'string') throw new TypeError('idempotencyKey must return a string or undefined');
    return key;
  } catch (error) {
    return keyFailed(receiver, result.name, error);
  }
}

async function keyFailed(receiver: ReceiverContext, name: string, error: unknown): Promise<DeliveryResponse> {
  await receiver.report('idempotency-key', error, name, undefined);
  return FAILED;
}
