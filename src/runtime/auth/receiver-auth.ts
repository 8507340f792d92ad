import { afterScheme, requestPath } from '../request-path.js';
import {
  AUTH_MISMATCH,
  AUTH_PASSED,
  type AuthResult,
  type HeaderList,
  type SenderAuth,
  type SignedRequest,
  type TokenAuth,
  type VerifierOptions,
  type VerifyRequest,
} from './scheme.js';
import { apiKeys, checkSenderOptionTypes, failOption, requireSenderCheck, secretsByScheme } from './sender-options.js';
import { senderGate, type RefusalLog, type SchemeCheck, type SenderGate } from './sender-gate.js';
import { tokenVerifier } from './token.js';

export type { SenderGate, SenderRefusal } from './sender-gate.js';

/**
 * The receiver's side of sender authentication: which schemes the spec declares, which secrets
 * the user gave for them (the API key in `token` is one more scheme), and the decision (made
 * once, when the receiver is created) whether that is enough to start. A configuration that would
 * let unauthenticated deliveries through without the user saying so throws here, naming what is
 * missing. What it builds is the one gate every delivery passes (SenderGate).
 */
export interface SenderAuthFacts {
  /** The schemes the spec declares that the receiver can check (the API key is the `token` option's). */
  schemes: readonly SenderAuth[];
  /** Schemes the spec declares that no built-in verifier can check: `{ id, reason }`. */
  unenforced: ReadonlyArray<{ id: string; reason: string }>;
  /**
   * Builds a scheme's verifier: createSenderVerifier (verify-sender.ts), given by the spec's
   * sender-auth.ts where it names a scheme, so a receiver of a spec without one never loads (nor
   * copies) the verifiers. Needed whenever `schemes` is not empty.
   */
  verifier?: VerifierFactory | undefined;
}

type SenderVerifier = (request: SignedRequest, body: Uint8Array) => AuthResult | Promise<AuthResult>;
export type VerifierFactory = (auth: SenderAuth, secrets: readonly string[], options: VerifierOptions) => SenderVerifier;

export interface SenderAuthOptions {
  /** The webhook API key; `Authorization` must be exactly `Bearer <token>`. Several during a rotation. */
  token?: string | readonly string[] | undefined;
  /** Accept requests without a token. Without a token and without this, the factory throws. */
  allowUnauthenticated?: boolean | undefined;
  /** The shared secret of the spec's signature or token scheme; several during a rotation (any one passes). */
  secret?: string | readonly string[] | undefined;
  /** Secrets per scheme id, when the spec declares several schemes. */
  secrets?: Readonly<Record<string, string | readonly string[]>> | undefined;
  /**
   * Your own check, for what no built-in verifier can check: the request's method, target,
   * headers and address, and the raw body bytes; runs after the built-in checks. False or a throw answers 401.
   */
  verify?: ((request: VerifyRequest, rawBody: Uint8Array) => boolean | Promise<boolean>) | undefined;
  /** Start although the spec declares a scheme this receiver cannot check; it then goes unchecked. */
  allowUnverified?: boolean | undefined;
  /** How far a signed timestamp may be from the receiver's clock, either way; default 300 seconds. */
  signatureToleranceSeconds?: number | undefined;
  /** The receiver's clock for signed timestamps, in milliseconds (tests set it); default Date.now. */
  now?: (() => number) | undefined;
}

/**
 * The request as the receiver holds it (IncomingDelivery has this shape): what built-in verifiers
 * read (`header`) and what a VerifyRequest is made of, only when a `verify` runs.
 */
export interface DeliveryView extends SignedRequest {
  method: string;
  remoteAddress: string | undefined;
  path?: string | undefined;
  /** The URL as the server gave it: a path and query, or absolute (Request.url). */
  url?: string | undefined;
  /** Every header; absent in an adapter that does not give it, and `headers` then lists none. */
  headerList?: (() => HeaderList) | undefined;
}

const NO_HEADERS: HeaderList = { get: () => null, [Symbol.iterator]: () => [][Symbol.iterator]() };

/** The path and query of a URL that may be absolute. */
function requestTarget(url: string): string {
  const authority = afterScheme(url);
  if (authority < 0) return url === '' ? '/' : url;
  const start = url.indexOf('/', authority);
  const query = url.indexOf('?', authority);
  if (start < 0 || (query >= 0 && query < start)) return query < 0 ? '/' : `/${url.slice(query)}`;
  return url.slice(start);
}

/** What a `verify` receives: built per call, so receivers without one pay nothing for it. */
export function verifyRequestOf(delivery: DeliveryView): VerifyRequest {
  const url = requestTarget(delivery.url ?? delivery.path ?? '/');
  return {
    method: delivery.method,
    url,
    path: delivery.path ?? requestPath(url),
    header: (name) => delivery.header(name.toLowerCase()),
    headers: delivery.headerList?.() ?? NO_HEADERS,
    remoteAddress: delivery.remoteAddress,
  };
}

/** The `token` option's scheme: the API key as `Authorization: Bearer <token>`. */
const API_KEY: TokenAuth = { kind: 'token', id: 'token', header: 'authorization', prefix: 'Bearer ' };

/** A check for each of the spec's schemes the user gave secrets for. */
function schemeChecks(facts: SenderAuthFacts, options: SenderAuthOptions): SchemeCheck[] {
  const secrets = secretsByScheme(facts, options);
  const tolerance = options.signatureToleranceSeconds;
  const verifierOptions: VerifierOptions = {
    ...(tolerance !== undefined ? { toleranceSeconds: tolerance } : {}),
    ...(options.now ? { now: options.now } : {}),
  };
  const checks: SchemeCheck[] = [];
  for (const auth of facts.schemes) {
    const given = secrets.get(auth.id);
    if (given === undefined) continue;
    if (facts.verifier === undefined) throw new Error(`sender auth ${auth.id}: the spec's facts give no verifier to build`);
    try {
      checks.push({ id: auth.id, verify: facts.verifier(auth, given, verifierOptions) });
    } catch (error) {
      failOption((error as Error).message);
    }
  }
  return checks;
}

/** The user's `verify` as one more check, after the built-in ones: false or a throw is a mismatch. */
function customCheck(verify: NonNullable<SenderAuthOptions['verify']>): SchemeCheck {
  const run = async (request: DeliveryView, rawBody: Uint8Array): Promise<AuthResult> => {
    try {
      return (await verify(verifyRequestOf(request), rawBody)) === true ? AUTH_PASSED : AUTH_MISMATCH;
    } catch {
      return AUTH_MISMATCH;
    }
  };
  return { id: 'verify', verify: run };
}

/**
 * The gate every delivery passes, or a throw saying what to set. `log` hears why a delivery was
 * refused on its body (never the secret).
 */
export function resolveSenderAuth(facts: SenderAuthFacts, options: SenderAuthOptions, log: RefusalLog): SenderGate {
  const keys = apiKeys(options.token);
  checkSenderOptionTypes(options);
  const bodyChecks = schemeChecks(facts, options);
  if (options.verify !== undefined) bodyChecks.push(customCheck(options.verify));
  requireSenderCheck(facts, options, { apiKeys: keys.length, bodyChecks: bodyChecks.length });
  return senderGate(keys.length > 0 ? tokenVerifier(API_KEY, keys) : undefined, bodyChecks, log);
}
