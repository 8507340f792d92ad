import { resolveSenderAuth, type SenderAuthFacts, type SenderGate } from '../auth/receiver-auth.js';
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
  /** The HTTP method the spec's binding names. */
  method: string;
  /** The API key on the headers, then the sender's signature or secret on the raw body (auth/sender-gate.ts). */
  sender: SenderGate;
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

/** A count of milliseconds or bytes: a whole number from 1 to `max`. */
function positiveIntegerOption(options: Record<string, unknown>, option: string, fallback: number, unit: string, max = Number.MAX_SAFE_INTEGER): number {
  const value = options[option] ?? fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > max) {
    fail(option, `must be a whole number of ${unit} from 1 to ${max}, not ${JSON.stringify(value)}`);
  }
  return value;
}

/** A status the receiver answers with its JSON body. */
function bodyStatusOption(options: Record<string, unknown>, option: string, fallback: number): number {
  const value = options[option] ?? fallback;
  // 204, 205 and 304 cannot carry the JSON body every answer has (the Response constructor throws).
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 200 || value > 599 || [204, 205, 304].includes(value)) {
    fail(option, `must be an HTTP status from 200 to 599 that carries a body (not 204, 205 or 304), not ${JSON.stringify(value)}`);
  }
  return value;
}

function checkOptionNames(options: ReceiverOptions<Record<string, unknown>>): Record<string, unknown> {
  if (typeof options !== 'object' || options === null) throw new Error('createWebhookHandler: pass an options object');
  const raw = options as unknown as Record<string, unknown>;
  for (const key of Object.keys(raw)) if (!KNOWN_OPTIONS.has(key)) fail(key, 'is not an option of the receiver');
  return raw;
}

function checkHandlers(facts: ReceiverSpecFacts, options: ReceiverOptions<Record<string, unknown>>, raw: Record<string, unknown>): void {
  if (typeof options.handlers !== 'object' || options.handlers === null) fail('handlers', 'must be an object of event name -> function');
  for (const [name, handler] of Object.entries(options.handlers)) {
    if (!facts.eventNames.includes(name))
      fail(`handlers[${JSON.stringify(name)}]`, `is not an event of the spec; the events are: ${facts.eventNames.join(', ')}`);
    if (typeof handler !== 'function') fail(`handlers[${JSON.stringify(name)}]`, 'must be a function');
  }
  for (const hook of HOOKS) if (raw[hook] !== undefined && typeof raw[hook] !== 'function') fail(hook, 'must be a function');
}

/** `allowedIps`: the addresses let through (undefined: every address), the spec's documented ones by default. */
function allowlistOption(facts: ReceiverSpecFacts, allowedIps: unknown): ReceiverConfig['allowed'] {
  if (allowedIps !== undefined && allowedIps !== false && !Array.isArray(allowedIps))
    fail('allowedIps', 'must be an array of addresses or CIDR ranges, or false');
  const entries = allowedIps === false ? [] : ((allowedIps as readonly string[] | undefined) ?? facts.documentedAddresses);
  if (allowedIps === false || (allowedIps === undefined && entries.length === 0)) return undefined;
  return addressMatcher(entries, 'createWebhookHandler: `allowedIps`');
}

function trustProxyOption(trustProxy: unknown): ReceiverConfig['trust'] {
  if (trustProxy === undefined || trustProxy === null || trustProxy === false) return false;
  const shape = typeof trustProxy === 'object' && trustProxy !== null ? Object.keys(trustProxy).join(',') : '';
  if (shape === 'hops') {
    const hops = (trustProxy as { hops: unknown }).hops;
    if (typeof hops !== 'number' || !Number.isInteger(hops) || hops < 0)
      fail('trustProxy.hops', `must be a whole number of proxies, 0 or more, not ${JSON.stringify(hops)}`);
    return { hops };
  }
  if (shape === 'proxies') {
    const proxies = (trustProxy as { proxies: unknown }).proxies;
    if (!Array.isArray(proxies) || proxies.length === 0) fail('trustProxy.proxies', 'must be a non-empty array of addresses or CIDR ranges');
    return { trusted: addressMatcher(proxies as string[], 'createWebhookHandler: `trustProxy.proxies`') };
  }
  return fail('trustProxy', 'must be false, { proxies: [...] } or { hops: n }');
}

function checkModes(facts: ReceiverSpecFacts, options: ReceiverOptions<Record<string, unknown>>): void {
  if (options.mode !== undefined && options.mode !== 'tolerant' && options.mode !== 'strict') fail('mode', "must be 'tolerant' or 'strict'");
  if (options.channel !== undefined && !facts.channels.includes(options.channel))
    fail('channel', `must be one of the spec's channels: ${facts.channels.join(', ')}`);
  if (options.acknowledge !== undefined && options.acknowledge !== 'after-handler' && options.acknowledge !== 'immediately') {
    fail('acknowledge', "must be 'after-handler' or 'immediately'");
  }
}

function idempotencyStoreOption(store: unknown): IdempotencyStore {
  const resolved = store ?? new MemoryIdempotencyStore();
  if (!isIdempotencyStore(resolved)) {
    fail(
      'idempotencyStore',
      'must have claim(key, leaseMs), complete(key, ttlMs) and release(key) (a store with has/add is the old contract: see MemoryIdempotencyStore)',
    );
  }
  return resolved;
}

function checkLogger(logger: Logger): void {
  if (typeof logger !== 'object' || logger === null || typeof logger.warn !== 'function' || typeof logger.error !== 'function') {
    fail('logger', 'must have warn(message, fields) and error(message, fields)');
  }
}

/** `invalidEventStatus`: a 2xx only with onInvalidEvent, which is then the one to see such events. */
function invalidEventStatusOption(options: ReceiverOptions<Record<string, unknown>>, raw: Record<string, unknown>): number {
  const invalidEventStatus = bodyStatusOption(raw, 'invalidEventStatus', options.onInvalidEvent ? 202 : 422);
  if (invalidEventStatus < 300 && !options.onInvalidEvent) {
    fail(
      'invalidEventStatus',
      `${invalidEventStatus} without onInvalidEvent would acknowledge invalid events that nobody sees; set onInvalidEvent, or keep the default 422`,
    );
  }
  return invalidEventStatus;
}

export function resolveConfig(facts: ReceiverSpecFacts, options: ReceiverOptions<Record<string, unknown>>): ReceiverConfig {
  const raw = checkOptionNames(options);
  const logger = options.logger ?? consoleLogger;
  const sender = resolveSenderAuth(facts.senderAuth ?? NO_SENDER_AUTH, options, (message, fields) => logger.warn(message, fields));
  checkHandlers(facts, options, raw);
  const allowed = allowlistOption(facts, options.allowedIps);
  const trust = trustProxyOption(options.trustProxy);
  checkModes(facts, options);
  const store = idempotencyStoreOption(options.idempotencyStore);
  checkLogger(logger);
  const timeoutMs = positiveIntegerOption(raw, 'handlerTimeoutMs', 25_000, 'milliseconds', MAX_DELAY);
  const leaseMs = positiveIntegerOption(raw, 'idempotencyLeaseMs', timeoutMs + 5_000, 'milliseconds');
  if (leaseMs <= timeoutMs)
    fail('idempotencyLeaseMs', `must be longer than handlerTimeoutMs (${timeoutMs}), or a claim could lapse while its handler still runs`);
  const invalidEventStatus = invalidEventStatusOption(options, raw);
  return {
    method: facts.method,
    sender,
    keyRule: facts.idempotency ?? { header: null, field: null },
    allowed,
    trust,
    maxBodyBytes: positiveIntegerOption(raw, 'maxBodyBytes', 1024 * 1024, 'bytes'),
    store,
    ttlMs: positiveIntegerOption(raw, 'idempotencyTtlMs', 24 * 60 * 60 * 1000, 'milliseconds'),
    leaseMs,
    timeoutMs,
    bodyTimeoutMs: positiveIntegerOption(raw, 'bodyTimeoutMs', 10_000, 'milliseconds', MAX_DELAY),
    unknownEventStatus: bodyStatusOption(raw, 'unknownEventStatus', 202),
    invalidEventStatus,
    logger,
  };
}
