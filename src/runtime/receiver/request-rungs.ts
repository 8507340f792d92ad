import { clientAddress } from './addresses.js';
import { BODY_TIMED_OUT, FAILED, isJsonType, notUtf8, SHUTTING_DOWN, tooLarge, unauthorized, unsupportedType } from './answers.js';
import { BodyTimedOut, BodyTooLarge, BodyUnavailable } from './support.js';
import type { DeliveryResponse, IncomingDelivery, ReceiverContext } from './types.js';

/**
 * The rungs of the ladder up to the parsed body, in the order receiver/core.ts climbs them: each
 * answers the delivery (a refusal) or nothing (go on). The first five read only the headers, so
 * a refused caller is answered before it has sent its body.
 */

type Answer = DeliveryResponse | undefined;

export function checkMethod(receiver: ReceiverContext, delivery: IncomingDelivery): Answer {
  return delivery.method === receiver.config.method ? undefined : receiver.methodNotAllowed();
}

export function checkContentType(delivery: IncomingDelivery): Answer {
  const contentType = delivery.header('content-type') ?? '';
  return contentType === 'application/json' || isJsonType(contentType) ? undefined : unsupportedType();
}

export function checkAddress(receiver: ReceiverContext, delivery: IncomingDelivery): Answer {
  const { allowed, trust } = receiver.config;
  if (allowed === undefined) return undefined;
  const address = clientAddress(delivery.remoteAddress, delivery.header('x-forwarded-for'), trust);
  return address !== undefined && allowed(address) ? undefined : receiver.refuseAddress(address);
}

/** The sender gate's part on the headers: the API key (`token`). */
export function checkApiKey(receiver: ReceiverContext, delivery: IncomingDelivery): Answer {
  const refusal = receiver.config.sender.onHeaders(delivery);
  return refusal === undefined ? undefined : unauthorized(refusal);
}

export function checkDeclaredSize(receiver: ReceiverContext, delivery: IncomingDelivery): Answer {
  return Number(delivery.header('content-length') ?? '0') > receiver.config.maxBodyBytes ? tooLarge() : undefined;
}

/** Every rung on the headers; the address before the key, so a caller outside the allowlist learns nothing about the key. */
export function checkHeaders(receiver: ReceiverContext, delivery: IncomingDelivery): Answer {
  return (
    checkMethod(receiver, delivery) ??
    checkContentType(delivery) ??
    checkAddress(receiver, delivery) ??
    checkApiKey(receiver, delivery) ??
    checkDeclaredSize(receiver, delivery)
  );
}

/** The answer to a body that could not be read: too large, too slow (or the receiver closing), already read by another, or broken. */
export async function unreadBody(receiver: ReceiverContext, error: unknown, closing: boolean): Promise<DeliveryResponse> {
  if (error instanceof BodyTooLarge) return tooLarge();
  if (error instanceof BodyTimedOut) return closing ? SHUTTING_DOWN : BODY_TIMED_OUT;
  if (error instanceof BodyUnavailable) {
    await receiver.report('body-unavailable', error, undefined, undefined);
    return FAILED;
  }
  return notUtf8();
}

/** The sender gate's part on the raw bytes (signatures, secrets, `verify`): before anything decodes them. */
export function checkSender(receiver: ReceiverContext, delivery: IncomingDelivery, bytes: Uint8Array): Answer | Promise<Answer> {
  const refusal = receiver.config.sender.onBody(delivery, bytes);
  if (refusal instanceof Promise) return refusal.then((refused) => (refused === undefined ? undefined : unauthorized(refused)));
  return refusal === undefined ? undefined : unauthorized(refusal);
}

const UTF8 = new TextDecoder('utf-8', { fatal: true });

/** The body as text; undefined when it is not UTF-8. */
export function decodeText(bytes: Uint8Array): string | undefined {
  try {
    return UTF8.decode(bytes);
  } catch {
    return undefined;
  }
}

/** What parseJson answers for text that is not JSON (any other value, null included, is the body). */
export const NOT_JSON_TEXT: unique symbol = Symbol('not JSON');

export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return NOT_JSON_TEXT;
  }
}
