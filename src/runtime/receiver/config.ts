import { resolveSenderAuth, senderGate, type DeliveryView, type SenderAuthFacts } from '../auth/receiver-auth.js';
import type { DeliveryKeyRule } from '../delivery-key.js';
import { isIdempotencyStore, MemoryIdempotencyStore, type IdempotencyStore } from '../idempotency.js';
import { addressMatcher } from './addresses.js';
import type { Logger, ReceiverOptions } from './options.js';

/**
 * Every option is checked when the receiver is created: a value that could never work throws
 * here, naming the option and the problem, so no request ever fails because of configuration.
 */

/** What the spec fixes about the receiver; the generated receiver.ts supplies it. */
export interface ReceiverSpecFacts {
  method: string;
  /** How the spec's sender signs, beyond a bearer token; absent when it says nothing more. */
  senderAuth?: SenderAuthFacts | undefined;
  /** What names a delivery, for the default idempotency key (delivery-key.ts); a digest of the body alone when absent. */
  idempotency?: DeliveryKeyRule | undefined;
  documentedAddresses: readonly string[];
  eventNames: readonly string[];
  channels: readonly string[];
}

export interface ReceiverConfig {
  /** `Bearer <token>` for each accepted token; empty when unauthenticated requests are allowed. */
  expected: string[];
  /** The sender's signature or secret, checked on the raw body (true when none is configured); logs each refusal. A promise only when the check needs one. */
  authenticate: (request: DeliveryView, rawBody: Uint8Array) => boolean | Promise<boolean>;
  /** What names a delivery when the user's `idempotencyKey` does not decide. */
  keyRule: DeliveryKeyRule;
  allowed: ((address: string) => boolean) | undefined;
  trust: false | { hops: number } | { trusted: (address: string) => boolean };
  maxBodyBytes: number;
  store: IdempotencyStore;
  ttlMs: number;
  leaseMs: number;
  timeoutMs: number;
  /** How long a body may take to arrive, from the moment the receiver starts reading it. */
  bodyTimeoutMs: number;
  unknownEventStatus: number;
  invalidEventStatus: number;
  logger: Logger;
}

const KNOWN_OPTIONS = new Set([
  'token',
  'allowUnauthenticated',
  'allowedIps',
  'trustProxy',
  'handlers',
  'onUnknownEvent',
  'onInvalidEvent',
  'onError',
  'onDrift',
  'onUnhandledEvent',
  'onRecord',
  'maxBodyBytes',
  'bodyTimeoutMs',
  'mode',
  'channel',
  'acknowledge',
  'idempotencyKey',
  'idempotencyStore',
  'idempotencyTtlMs',
  'idempotencyLeaseMs',
  'handlerTimeoutMs',
  'unknownEventStatus',
  'invalidEventStatus',
  'logger',
  'secret',
  'secrets',
  'verify',
  'allowUnverified',
  'signatureToleranceSeconds',
  'now',
]);
const NO_SENDER_AUTH: SenderAuthFacts = { schemes: [], unenforced: [] };
const HOOKS = ['onUnknownEvent', 'onInvalidEvent', 'onError', 'onDrift', 'onUnhandledEvent', 'onRecord', 'idempotencyKey'] as const;
/** setTimeout's limit: a longer delay fires at once. */
const MAX_DELAY = 2 ** 31 - 1;

const consoleLogger: Logger = {
  warn: (message, fields) => console.warn(`[webhook] ${message}`, fields ?? ''),
  error: (message, fields) => console.error(`[webhook] ${message}`, fields ?? ''),
};

function fail(option: string, problem: string): never {
  throw new Error(`createWebhookHandler: \`${option}\` ${problem}`);
}

function whole(options: Record<string, unknown>, option: string, fallback: number, unit: string, max = Number.MAX_SAFE_INTEGER): number {
  const value = options[option] ?? fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > max) {
    fail(option, `must be a whole number of ${unit} from 1 to ${max}, not ${JSON.stringify(value)}`);
  }
  return value;
}

function status(options: Record<string, unknown>, option: string, fallback: number): number {
  const value = options[option] ?? fallback;
  // 204, 205 and 304 cannot carry the JSON body every answer has (the Response constructor throws).
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 200 || value > 599 || [204, 205, 304].includes(value)) {
    fail(option, `must be an HTTP status from 200 to 599 that carries a body (not 204, 205 or 304), not ${JSON.stringify(value)}`);
  }
  return value;
}

function tokens(token: unknown): string[] {
  const list =
    token === undefined
      ? []
      : typeof token === 'string'
        ? [token]
        : Array.isArray(token)
          ? [...(token as unknown[])]
          : fail('token', 'must be a string or an array of strings');
  return list.map((t) => {
    if (typeof t !== 'string') return fail('token', 'must be a string or an array of strings');
    if (t === '') return fail('token', 'must not be empty');
    // Servers trim header values, so such a token could never match.
    if (t.trim() !== t) return fail('token', 'has spaces or line breaks around it; header values arrive trimmed, so it could never match');
    if (!/^[\x21-\x7e]+(?: [\x21-\x7e]+)*$/.test(t)) return fail('token', 'has characters a header value cannot carry (only visible ASCII and single spaces)');
    return `Bearer ${t}`;
  });
}

export function resolveConfig(facts: ReceiverSpecFacts, options: ReceiverOptions<Record<string, unknown>>): ReceiverConfig {
  if (typeof options !== 'object' || options === null) throw new Error('createWebhookHandler: pass an options object');
  const raw = options as unknown as Record<string, unknown>;
  for (const key of Object.keys(raw)) if (!KNOWN_OPTIONS.has(key)) fail(key, 'is not an option of the receiver');
  const expected = tokens(options.token);
  if (options.allowUnauthenticated !== undefined && typeof options.allowUnauthenticated !== 'boolean') fail('allowUnauthenticated', 'must be true or false');
  const senderCheck = resolveSenderAuth(facts.senderAuth ?? NO_SENDER_AUTH, options, {
    allowUnauthenticated: options.allowUnauthenticated === true,
    hasToken: expected.length > 0,
  });
  if (expected.length === 0 && senderCheck === undefined && options.allowUnauthenticated !== true) {
    throw new Error('createWebhookHandler: set `token` (the webhook API key), or `allowUnauthenticated: true` to accept any caller');
  }
  if (typeof options.handlers !== 'object' || options.handlers === null) fail('handlers', 'must be an object of event name -> function');
  for (const [name, handler] of Object.entries(options.handlers)) {
    if (!facts.eventNames.includes(name))
      fail(`handlers[${JSON.stringify(name)}]`, `is not an event of the spec; the events are: ${facts.eventNames.join(', ')}`);
    if (typeof handler !== 'function') fail(`handlers[${JSON.stringify(name)}]`, 'must be a function');
  }
  for (const hook of HOOKS) if (raw[hook] !== undefined && typeof raw[hook] !== 'function') fail(hook, 'must be a function');

  const allowedIps = options.allowedIps;
  if (allowedIps !== undefined && allowedIps !== false && !Array.isArray(allowedIps))
    fail('allowedIps', 'must be an array of addresses or CIDR ranges, or false');
  const entries = allowedIps === false ? [] : (allowedIps ?? facts.documentedAddresses);
  const allowed =
    allowedIps === false || (allowedIps === undefined && entries.length === 0) ? undefined : addressMatcher(entries, 'createWebhookHandler: `allowedIps`');

  const trustProxy = options.trustProxy ?? false;
  let trust: ReceiverConfig['trust'] = false;
  if (trustProxy !== false) {
    const shape = typeof trustProxy === 'object' && trustProxy !== null ? Object.keys(trustProxy).join(',') : '';
    if (shape === 'hops') {
      const hops = (trustProxy as { hops: unknown }).hops;
      if (typeof hops !== 'number' || !Number.isInteger(hops) || hops < 0)
        fail('trustProxy.hops', `must be a whole number of proxies, 0 or more, not ${JSON.stringify(hops)}`);
      trust = { hops };
    } else if (shape === 'proxies') {
      const proxies = (trustProxy as { proxies: unknown }).proxies;
      if (!Array.isArray(proxies) || proxies.length === 0) fail('trustProxy.proxies', 'must be a non-empty array of addresses or CIDR ranges');
      trust = { trusted: addressMatcher(proxies as string[], 'createWebhookHandler: `trustProxy.proxies`') };
    } else {
      fail('trustProxy', 'must be false, { proxies: [...] } or { hops: n }');
    }
  }

  if (options.mode !== undefined && options.mode !== 'tolerant' && options.mode !== 'strict') fail('mode', "must be 'tolerant' or 'strict'");
  if (options.channel !== undefined && !facts.channels.includes(options.channel))
    fail('channel', `must be one of the spec's channels: ${facts.channels.join(', ')}`);
  if (options.acknowledge !== undefined && options.acknowledge !== 'after-handler' && options.acknowledge !== 'immediately') {
    fail('acknowledge', "must be 'after-handler' or 'immediately'");
  }
  const store = options.idempotencyStore ?? new MemoryIdempotencyStore();
  if (!isIdempotencyStore(store)) {
    fail(
      'idempotencyStore',
      'must have claim(key, leaseMs), complete(key, ttlMs) and release(key) (a store with has/add is the old contract: see MemoryIdempotencyStore)',
    );
  }
  const logger = options.logger ?? consoleLogger;
  if (typeof logger !== 'object' || logger === null || typeof logger.warn !== 'function' || typeof logger.error !== 'function') {
    fail('logger', 'must have warn(message, fields) and error(message, fields)');
  }
  const timeoutMs = whole(raw, 'handlerTimeoutMs', 25_000, 'milliseconds', MAX_DELAY);
  const leaseMs = whole(raw, 'idempotencyLeaseMs', timeoutMs + 5_000, 'milliseconds');
  if (leaseMs <= timeoutMs)
    fail('idempotencyLeaseMs', `must be longer than handlerTimeoutMs (${timeoutMs}), or a claim could lapse while its handler still runs`);
  const invalidEventStatus = status(raw, 'invalidEventStatus', options.onInvalidEvent ? 202 : 422);
  if (invalidEventStatus < 300 && !options.onInvalidEvent) {
    fail(
      'invalidEventStatus',
      `${invalidEventStatus} without onInvalidEvent would acknowledge invalid events that nobody sees; set onInvalidEvent, or keep the default 422`,
    );
  }
  return {
    expected,
    authenticate: senderGate(senderCheck, (message, fields) => logger.warn(message, fields)),
    keyRule: facts.idempotency ?? { header: null, field: null },
    allowed,
    trust,
    maxBodyBytes: whole(raw, 'maxBodyBytes', 1024 * 1024, 'bytes'),
    store,
    ttlMs: whole(raw, 'idempotencyTtlMs', 24 * 60 * 60 * 1000, 'milliseconds'),
    leaseMs,
    timeoutMs,
    bodyTimeoutMs: whole(raw, 'bodyTimeoutMs', 10_000, 'milliseconds', MAX_DELAY),
    unknownEventStatus: status(raw, 'unknownEventStatus', 202),
    invalidEventStatus,
    logger,
  };
}
