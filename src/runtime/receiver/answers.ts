import type { SenderRefusal } from '../auth/receiver-auth.js';
import { parseAddress } from './addresses.js';
import type { DeliveryResponse } from './types.js';

/**
 * What the receiver answers and the small decisions behind its ladder: the responses that are the
 * same for every receiver, the 403 for a caller outside the allowlist (which also logs each
 * refused address once), and the content-type test. Kept apart from
 * the ladder itself (receiver/core.ts) so that reads as the order of the checks.
 */

export const json = (status: number, body: Record<string, unknown>, headers: Record<string, string> = {}): DeliveryResponse => ({
  status,
  headers: { 'content-type': 'application/json', ...headers },
  body: JSON.stringify(body),
});

// Typed out: the output must compile under isolatedDeclarations, which does not infer them.
export const OK: DeliveryResponse = json(200, { status: 'ok' });
export const DUPLICATE: DeliveryResponse = json(200, { status: 'ok', duplicate: true });
export const FAILED: DeliveryResponse = json(500, { error: 'internal error' });
export const SHUTTING_DOWN: DeliveryResponse = json(503, { error: 'shutting down' }, { 'retry-after': '10' });
/** The body did not arrive within bodyTimeoutMs: the connection is not worth keeping. */
export const BODY_TIMED_OUT: DeliveryResponse = json(408, { error: 'the body did not arrive in time' }, { connection: 'close' });
// Built per answer, as they always were: `deliver()` hands the object to the caller's adapter,
// and a header one adapter adds must not reach the next sender's answer.
export const unsupportedType = (): DeliveryResponse => json(415, { error: 'content type must be application/json' });
export const tooLarge = (): DeliveryResponse => json(413, { error: 'body too large' });
export const notUtf8 = (): DeliveryResponse => json(400, { error: 'body could not be read as UTF-8 text' });
export const notJson = (): DeliveryResponse => json(400, { error: 'body is not valid JSON' });
export const unhandled = (): DeliveryResponse => json(202, { status: 'accepted', note: 'no handler' });
const FORBIDDEN = json(403, { error: 'forbidden' });
/** How many validation issues a log line or an answer carries; `issueCount` says how many there were. */
export const MAX_LISTED_ISSUES = 20;
/** Refused addresses are logged once each, up to this many. */
const MAX_LOGGED_REFUSALS = 100;

/** The first issues and their number, for a log line or a 422: bounded whatever the body. */
export function firstIssues<T>(issues: readonly T[]): { issues: T[]; issueCount: number } {
  return { issues: issues.slice(0, MAX_LISTED_ISSUES), issueCount: issues.length };
}

/** The 401 for a sender the gate refused, with the gate's challenge when it gives one. */
export function unauthorized(refusal: SenderRefusal): DeliveryResponse {
  return json(401, { error: 'unauthorized' }, refusal.challenge === undefined ? {} : { 'www-authenticate': refusal.challenge });
}

/** `application/json`, any `+json` type, any case, parameters after `;` ignored. */
export function isJsonType(contentType: string): boolean {
  const type = contentType.split(';')[0]!.trim().toLowerCase();
  return type === 'application/json' || type.endsWith('+json');
}

/** The 403 for a caller outside the allowlist; the first refusals of each address are logged, never the caller's raw text. */
export function refusal(warn: (message: string) => void): (given: string | undefined) => DeliveryResponse {
  const logged = new Set<string>();
  return (given) => {
    // From X-Forwarded-For it is caller text: logged only as an address, or quoted and cut short.
    const address = given === undefined || parseAddress(given) !== undefined ? given : JSON.stringify(given.slice(0, 64));
    const seen = address ?? '(unknown)';
    if (!logged.has(seen) && logged.size < MAX_LOGGED_REFUSALS) {
      logged.add(seen);
      warn(
        address === undefined
          ? 'refused: the client address is unknown; pass context.remoteAddress (toNodeListener does), set trustProxy, or set allowedIps: false'
          : `refused a request from ${address}: not in allowedIps (add it to accept it; each address is logged once)`,
      );
    }
    return FORBIDDEN;
  };
}
