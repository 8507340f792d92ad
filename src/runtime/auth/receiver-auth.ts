import { afterScheme, requestPath } from '../request-path.js';
import type { AuthResult, HeaderList, SenderAuth, SignedRequest, VerifierOptions, VerifyRequest } from './scheme.js';

/**
 * The receiver's side of sender authentication: which schemes the spec declares, which secrets
 * the user gave for them, and the decision (made once, when the receiver is created) whether
 * that is enough to start. A configuration that would let unauthenticated deliveries through
 * without the user saying so throws here, naming what is missing.
 */
export interface SenderAuthFacts {
  /** The schemes the receiver can check (the bearer token has its own `token` option). */
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

type SenderResult = AuthResult & { scheme?: string };
export type SenderCheck = (request: DeliveryView, rawBody: Uint8Array) => SenderResult | Promise<SenderResult>;

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

function fail(message: string): never {
  throw new Error(`createWebhookHandler: ${message}`);
}

function list(value: unknown, option: string): string[] {
  const items =
    typeof value === 'string' ? [value] : Array.isArray(value) ? [...(value as unknown[])] : fail(`\`${option}\` must be a string or an array of strings`);
  return items.map((s) => {
    if (typeof s !== 'string' || s === '') return fail(`\`${option}\` must hold non-empty strings`);
    // A secret read from a file or an env var often keeps its line break: it could never match, and every delivery would be a 401.
    if (s.trim() === '') return fail(`\`${option}\` is blank (only spaces or line breaks); no sender signs with that, so every delivery would be refused`);
    if (s.trim() !== s)
      return fail(`\`${option}\` has spaces or line breaks around it; no sender signs with those, so every delivery would be refused: trim it`);
    return s;
  });
}

function secretsByScheme(facts: SenderAuthFacts, options: SenderAuthOptions): Map<string, string[]> {
  const ids = facts.schemes.map((s) => s.id);
  const out = new Map<string, string[]>();
  if (options.secret !== undefined && options.secrets !== undefined) fail('set `secret` or `secrets`, not both');
  if (options.secret !== undefined) {
    if (ids.length === 0) fail('`secret` is set, but the spec declares no signature or shared secret (a bearer token goes in `token`)');
    if (ids.length > 1)
      fail(
        `the spec declares ${ids.length} sender schemes (${ids.join(', ')}): give each its secret in \`secrets: { ${ids.map((id) => `${JSON.stringify(id)}: ...`).join(', ')} }\``,
      );
    out.set(ids[0]!, list(options.secret, 'secret'));
  }
  if (options.secrets !== undefined) {
    if (typeof options.secrets !== 'object' || options.secrets === null) fail('`secrets` must be an object of scheme id -> secret');
    for (const [id, value] of Object.entries(options.secrets)) {
      if (!ids.includes(id)) fail(`\`secrets[${JSON.stringify(id)}]\` names no sender scheme of the spec; its schemes are: ${ids.join(', ') || 'none'}`);
      out.set(id, list(value, `secrets[${JSON.stringify(id)}]`));
    }
  }
  return out;
}

/**
 * The check to run on each delivery's raw body (undefined: none configured), or a throw saying
 * what to set. `allowUnauthenticated` is the receiver's explicit "accept any caller".
 */
export function resolveSenderAuth(
  facts: SenderAuthFacts,
  options: SenderAuthOptions,
  context: { allowUnauthenticated: boolean; hasToken: boolean },
): SenderCheck | undefined {
  if (options.verify !== undefined && typeof options.verify !== 'function') fail('`verify` must be a function (request, rawBody) => boolean');
  if (options.allowUnverified !== undefined && typeof options.allowUnverified !== 'boolean') fail('`allowUnverified` must be true or false');
  const tolerance = options.signatureToleranceSeconds;
  if (tolerance !== undefined && (typeof tolerance !== 'number' || !Number.isInteger(tolerance) || tolerance < 1))
    fail('`signatureToleranceSeconds` must be a whole number of seconds, 1 or more');
  if (options.now !== undefined && typeof options.now !== 'function') fail('`now` must be a function returning milliseconds');

  const secrets = secretsByScheme(facts, options);
  const verifiers: Array<{ id: string; verify: SenderVerifier }> = [];
  for (const auth of facts.schemes) {
    const given = secrets.get(auth.id);
    if (given === undefined) continue;
    if (facts.verifier === undefined) throw new Error(`sender auth ${auth.id}: the spec's facts give no verifier to build`);
    try {
      verifiers.push({
        id: auth.id,
        verify: facts.verifier(auth, given, {
          ...(tolerance !== undefined ? { toleranceSeconds: tolerance } : {}),
          ...(options.now ? { now: options.now } : {}),
        }),
      });
    } catch (error) {
      fail((error as Error).message);
    }
  }
  const custom = options.verify;
  const open = context.allowUnauthenticated;
  if (facts.schemes.length > 0 && verifiers.length === 0 && custom === undefined && !context.hasToken && !open) {
    const ids = facts.schemes.map((s) => s.id);
    fail(
      `set \`secret\` (the sender's ${ids.length === 1 ? `${ids[0]} secret` : `secrets: ${ids.join(', ')}`}), or \`allowUnauthenticated: true\` to accept any caller`,
    );
  }
  if (facts.unenforced.length > 0 && custom === undefined && options.allowUnverified !== true && !open) {
    const what = facts.unenforced.map((u) => `${u.id} (${u.reason})`).join('; ');
    fail(
      `the spec's sender authenticates with ${what}, which this receiver cannot check by itself: pass \`verify(request, rawBody)\` that checks it, or \`allowUnverified: true\``,
    );
  }
  if (verifiers.length === 0 && custom === undefined) return undefined;
  const runCustom = async (request: DeliveryView, rawBody: Uint8Array): Promise<SenderResult> => {
    let passed = false;
    try {
      passed = (await custom!(verifyRequestOf(request), rawBody)) === true;
    } catch {
      passed = false;
    }
    return passed ? PASSED : CUSTOM_FAILED;
  };
  // Synchronous while each verifier is (node:crypto): a Node receiver awaits nothing to check a sender.
  const from = (i: number, request: DeliveryView, rawBody: Uint8Array): SenderResult | Promise<SenderResult> => {
    for (; i < verifiers.length; i++) {
      const { id, verify } = verifiers[i]!;
      const result = verify(request, rawBody);
      if (result instanceof Promise) {
        const next = i + 1;
        return result.then((r) => (r.ok ? from(next, request, rawBody) : { ...r, scheme: id }));
      }
      if (!result.ok) return { ...result, scheme: id };
    }
    return custom === undefined ? PASSED : runCustom(request, rawBody);
  };
  return (request, rawBody) => from(0, request, rawBody);
}

const PASSED: SenderResult = { ok: true };
const CUSTOM_FAILED: SenderResult = { ok: false, reason: 'mismatch', scheme: 'verify' };

/**
 * The receiver's gate on the raw body: true to go on; false after logging why (never the
 * secret), for a 401. A check that throws (a runtime without Web Crypto) refuses too: a delivery
 * that could not be verified is not let through.
 */
export function senderGate(
  check: SenderCheck | undefined,
  warn: (message: string, fields?: Record<string, unknown>) => void,
): (request: DeliveryView, rawBody: Uint8Array) => boolean | Promise<boolean> {
  if (check === undefined) return () => true;
  const failed = (error: unknown): false => {
    warn('refused: sender authentication could not run', { error: (error as Error)?.name ?? 'Error' });
    return false;
  };
  const decide = (verdict: SenderResult): boolean => {
    if (!verdict.ok) warn(`refused: sender authentication failed (${verdict.reason})`, { scheme: verdict.scheme });
    return verdict.ok;
  };
  return (request, rawBody) => {
    let verdict: ReturnType<SenderCheck>;
    try {
      verdict = check(request, rawBody);
    } catch (error) {
      return failed(error);
    }
    return verdict instanceof Promise ? verdict.then(decide, failed) : decide(verdict);
  };
}
