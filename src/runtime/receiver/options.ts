import type { SenderAuthOptions } from '../auth/receiver-auth.js';
export type { HeaderList, VerifyRequest } from '../auth/scheme.js';
import { type IdempotencyStore } from '../idempotency.js';
import type { TrustProxy } from './addresses.js';
import type { DriftEntry, ValidationIssue } from '../validation-context.js';

/**
 * The receiver's options, for any spec: `M` maps event names to payload types, `C` names the
 * channels. The generated receiver.ts fixes both (WebhookHandlerOptions).
 */

export interface HandlerContext<N extends string = string> {
  name: N;
  /** Unknown properties and format mismatches (tolerant mode). */
  drift: DriftEntry[];
  /** The key under which this delivery is remembered, if it has one. */
  idempotencyKey: string | undefined;
  /** A request header, by lower-case name. */
  header(name: string): string | null;
  /** Aborted when the handler runs past `handlerTimeoutMs`: stop, the claim has been released. */
  signal: AbortSignal;
}

export type EventHandlers<M> = { [N in keyof M & string]?: (event: M[N], context: HandlerContext<N>) => unknown };

export interface Logger {
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

/** Where a failure happened, as onError hears it. */
export type FailureStage = 'handler' | 'handler-timeout' | 'idempotency-key' | 'idempotency-store' | 'hook' | 'body-unavailable' | 'internal';

export interface FailureContext {
  stage: FailureStage;
  /** The event name, when it is known. */
  name: string | undefined;
  idempotencyKey: string | undefined;
}

/** What onRecord receives; `verify` reads files of this shape. */
export interface DeliveryRecording {
  leonardoWebhookRecording: 1;
  receivedAt: string;
  outcome: 'valid' | 'invalid' | 'unknown-event' | 'unrecognized';
  event: string | null;
  headers: Record<string, string>;
  body: unknown;
}

/**
 * `token` and `allowUnauthenticated`, and `secret`, `secrets`, `verify`, `allowUnverified`,
 * `signatureToleranceSeconds` and `now`: who may deliver, checked as the spec says its sender
 * authenticates (auth/receiver-auth.ts).
 */
export interface ReceiverOptions<M, C extends string = string> extends SenderAuthOptions {
  /** Sender addresses or CIDR ranges (IPv4, IPv6); default the spec's documented addresses; false turns the check off. */
  allowedIps?: readonly string[] | false | undefined;
  /**
   * How the client address is found: the socket address (default, `false`); or through
   * `X-Forwarded-For` as written by proxies you name (`{ proxies: [...] }`) or a known number of
   * proxy hops in front of this process (`{ hops: 1 }`). The header's first value is never trusted on its own.
   */
  trustProxy?: TrustProxy | undefined;
  handlers: EventHandlers<M>;
  /** An event name the spec does not list. Responds `unknownEventStatus` (202) after it. */
  onUnknownEvent?: ((name: string, body: unknown) => unknown) | undefined;
  /**
   * An authentic body that fails validation, with the raw body and the issues. Responds
   * `invalidEventStatus` after it (202); without this hook the answer is 422 and a log line.
   */
  onInvalidEvent?: ((report: { name: (keyof M & string) | undefined; rawBody: string; issues: ValidationIssue[] }) => unknown) | undefined;
  /** Every failure: each 500, a handler past its timeout, a late or background failure, a failing hook or store. */
  onError?: ((error: unknown, context: FailureContext) => unknown) | undefined;
  /** Drift in an event that was handled. */
  onDrift?: ((drift: DriftEntry[], context: { name: string }) => unknown) | undefined;
  /** A valid event with no handler in `handlers`. Responds 202 after it. */
  onUnhandledEvent?: ((name: string) => unknown) | undefined;
  /**
   * Opt-in: every authentic delivery (valid, invalid or unknown), with `authorization` and secret
   * fields redacted, so `leonardo-webhook-gen verify` has real payloads; see recordToFolder().
   * A failure to record is logged and never loses the delivery.
   */
  onRecord?: ((recording: DeliveryRecording) => unknown) | undefined;
  /** Default 1 MiB. */
  maxBodyBytes?: number | undefined;
  /**
   * How long the body may take to arrive once the receiver starts reading it; default 10 s (checked
   * every second, or every bodyTimeoutMs if shorter). A body still arriving then is answered 408
   * and its connection closed; close() ends reads at once.
   */
  bodyTimeoutMs?: number | undefined;
  /** Default `tolerant`. */
  mode?: 'tolerant' | 'strict' | undefined;
  /** The channel this endpoint serves, for specs with several; needed for events without a discriminator. */
  channel?: C | undefined;
  /** `after-handler` (default): respond once the handler resolved. `immediately`: respond 200 once claimed, then handle. */
  acknowledge?: 'after-handler' | 'immediately' | undefined;
  /**
   * The key that identifies a delivery; default the spec's delivery-id header where it declares
   * one (X-GitHub-Delivery, webhook-id, ...) and the request has it; else the body field the spec
   * says names the event itself (an envelope's `id`); else a SHA-256 of the raw body, so only an
   * exact redelivery is merged (see IDEMPOTENCY_KEY in receiver.ts). Return undefined for none.
   */
  idempotencyKey?: ((name: keyof M & string, event: M[keyof M]) => string | undefined) | undefined;
  /** Default a MemoryIdempotencyStore (one process); RedisIdempotencyStore for several. */
  idempotencyStore?: IdempotencyStore | undefined;
  /** How long a handled key is remembered; default 24 hours. */
  idempotencyTtlMs?: number | undefined;
  /** How long a claim lasts if its process dies while handling; default `handlerTimeoutMs` + 5 s. */
  idempotencyLeaseMs?: number | undefined;
  /** Past this the request answers 503, onError hears, and the claim is released; default 25 s. */
  handlerTimeoutMs?: number | undefined;
  /** Default 202. Any status from 200 to 599 that may carry a body. */
  unknownEventStatus?: number | undefined;
  /** Default 202 with onInvalidEvent, 422 without; a 2xx needs onInvalidEvent (else events would vanish). */
  invalidEventStatus?: number | undefined;
  /** Default: console, with a `[webhook]` prefix. */
  logger?: Logger | undefined;
}
