import type { DeliveryView } from './receiver-auth.js';
import { AUTH_PASSED, type AuthResult, type SignedRequest } from './scheme.js';

/**
 * The one gate between a delivery and its parsing: the API key (`token`) on the headers, before
 * the receiver reads a byte of the body; then each scheme given a secret, and `verify`, on the raw
 * body bytes, before anything decodes them. Built once by resolveSenderAuth (receiver-auth.ts).
 */

/** Why a delivery was refused: answered 401, with `challenge` as its WWW-Authenticate when there is one. */
export interface SenderRefusal {
  readonly challenge: string | undefined;
}

/** Where the gate says why it refused a body (never the secret): the receiver's logger. */
export type RefusalLog = (message: string, fields?: Record<string, unknown>) => void;

/** A scheme the receiver was given what it needs to check: its id (logged on refusal) and verifier. */
export interface SchemeCheck {
  id: string;
  /** A promise only where the computation needs one (Web Crypto, `verify`). */
  verify: (request: DeliveryView, rawBody: Uint8Array) => AuthResult | Promise<AuthResult>;
}

export interface SenderGate {
  /** On the headers alone, before the size check and the body read: undefined to go on. */
  onHeaders(request: SignedRequest): SenderRefusal | undefined;
  /** On the raw bytes; a check that cannot run (a runtime without Web Crypto) refuses too. */
  onBody(request: DeliveryView, rawBody: Uint8Array): SenderRefusal | undefined | Promise<SenderRefusal | undefined>;
}

/** A bad signature or secret: logged with its reason; there is no challenge a sender would answer. */
const REFUSED: SenderRefusal = { challenge: undefined };
/**
 * A missing or wrong API key: RFC 6750's challenge, and no log line, as the receiver has always
 * answered it (a public endpoint hears many callers without the key).
 */
const REFUSED_API_KEY: SenderRefusal = { challenge: 'Bearer' };
const NO_REFUSAL = (): undefined => undefined;

type Verdict = AuthResult & { scheme?: string };

/** The first failure from check `from` on, with its scheme; synchronous while each check is (node:crypto). */
function firstFailure(checks: readonly SchemeCheck[], from: number, request: DeliveryView, rawBody: Uint8Array): Verdict | Promise<Verdict> {
  for (let i = from; i < checks.length; i++) {
    const { id, verify } = checks[i]!;
    const result = verify(request, rawBody);
    if (result instanceof Promise) {
      const next = i + 1;
      return result.then((r) => (r.ok ? firstFailure(checks, next, request, rawBody) : { ...r, scheme: id }));
    }
    if (!result.ok) return { ...result, scheme: id };
  }
  return AUTH_PASSED;
}

/** The gate over the API key's check (undefined: no `token`) and the body's checks, in order. */
export function senderGate(
  apiKey: ((request: SignedRequest) => AuthResult) | undefined,
  bodyChecks: readonly SchemeCheck[],
  logRefusal: RefusalLog,
): SenderGate {
  // A logger that throws must not turn a refusal into a 500: the sender is still answered 401.
  const log: RefusalLog = (message, fields) => {
    try {
      logRefusal(message, fields);
    } catch {
      // The refusal itself is the answer; the receiver's reporter handles logger failures elsewhere.
    }
  };
  const onHeaders = apiKey === undefined ? NO_REFUSAL : (request: SignedRequest) => (apiKey(request).ok ? undefined : REFUSED_API_KEY);
  if (bodyChecks.length === 0) return { onHeaders, onBody: NO_REFUSAL };
  const couldNotRun = (error: unknown): SenderRefusal => {
    log('refused: sender authentication could not run', { error: (error as Error)?.name ?? 'Error' });
    return REFUSED;
  };
  const decide = (verdict: Verdict): SenderRefusal | undefined => {
    if (verdict.ok) return undefined;
    log(`refused: sender authentication failed (${verdict.reason})`, { scheme: verdict.scheme });
    return REFUSED;
  };
  const onBody = (request: DeliveryView, rawBody: Uint8Array): SenderRefusal | undefined | Promise<SenderRefusal | undefined> => {
    let verdict: Verdict | Promise<Verdict>;
    try {
      verdict = firstFailure(bodyChecks, 0, request, rawBody);
    } catch (error) {
      return couldNotRun(error);
    }
    return verdict instanceof Promise ? verdict.then(decide, couldNotRun) : decide(verdict);
  };
  return { onHeaders, onBody };
}
