import type { HeaderList } from '../auth/scheme.js';
import type { ReceiverConfig, ReceiverSpecFacts } from './config.js';
import type { Logger, ReceiverOptions } from './options.js';
import type { Reporter } from './report.js';
import type { OnStop } from './support.js';
import type { DriftEntry, ValidationIssue } from '../validation-context.js';

/**
 * The receiver's shapes, whatever the server and the spec: the request as it sees it, its answer,
 * the handler it returns, and what the generated receiver.ts binds it to. receiver/core.ts
 * exports them again, and the generated receiver.ts exports the ones users need from there.
 */

/** A request as the receiver sees it, whatever the server: the Web handler and toNodeListener both translate to this. */
export interface IncomingDelivery {
  method: string;
  /** A header by lower-case name. */
  header(name: string): string | null;
  /**
   * Reads the body, rejecting with BodyTooLarge as soon as it passes `limit` bytes. The reader
   * hands `onStop` the function that stops it: the receiver calls that when the read takes too
   * long or close() is called (and answers at once, whether or not the reader stops).
   */
  body(limit: number, onStop?: OnStop): Promise<Uint8Array>;
  remoteAddress: string | undefined;
  /** The request path, for specs whose events are told apart by the address they are posted to. */
  path?: string | undefined;
  /** The URL as received (path and query, or absolute): what `verify` sees as `request.url`. */
  url?: string | undefined;
  /** Every header, for `verify`'s `request.headers`; asked for only when a `verify` runs. */
  headerList?: (() => HeaderList) | undefined;
}

export interface DeliveryResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

export interface WebhookRequestHandler {
  (request: Request, context?: { remoteAddress?: string | undefined }): Promise<Response>;
  /** The same handler for servers that are not Web-standard (toNodeListener uses it). */
  deliver(delivery: IncomingDelivery): Promise<DeliveryResponse>;
  /**
   * Stops taking requests (they are answered 503), ends the body reads in progress (answered 503
   * too), and resolves once every delivery in flight is answered and handled.
   */
  close(): Promise<void>;
  /** The receiver's logger (`logger`, console by default): toNodeListener logs through it. */
  readonly logger: Logger;
}

/** What the spec's parseWebhookEvent answers, as the receiver needs it. */
export type ParseOutcome<M> =
  | { ok: true; name: keyof M & string; event: M[keyof M]; drift: DriftEntry[] }
  | { ok: false; kind: 'invalid'; name: keyof M & string; issues: ValidationIssue[] }
  | { ok: false; kind: 'unknown-event'; unknownEvent: string; issues: ValidationIssue[] }
  | { ok: false; kind: 'unrecognized'; issues: ValidationIssue[] };

export interface ReceiverBinding<M, C extends string> extends ReceiverSpecFacts {
  channels: readonly C[];
  /** Request headers that name events (lower-case): kept in recordings, so verify can read them. */
  identityHeaders?: readonly string[];
  parse(body: unknown, options: ParseOptions<C>): ParseOutcome<M>;
}

/** What the receiver hands parseWebhookEvent: where the spec says so, the headers and path name the event. */
interface ParseOptions<C> {
  mode: 'tolerant' | 'strict';
  channel?: C | undefined;
  headers?: (name: string) => string | null;
  path?: string | undefined;
}

/** What every rung of the ladder reads, made once per receiver: the spec's binding, the options as given and as resolved. */
export interface ReceiverContext {
  binding: ReceiverBinding<Record<string, unknown>, string>;
  options: ReceiverOptions<Record<string, unknown>>;
  config: ReceiverConfig;
  report: Reporter;
  /** The 405, its Allow the spec's method. */
  methodNotAllowed: () => DeliveryResponse;
  /** The 403 for a caller outside the allowlist, logging each address once. */
  refuseAddress: (address: string | undefined) => DeliveryResponse;
  /** How deliveries are parsed, and the channel they are read as: fixed when the receiver is built. */
  parseMode: 'tolerant' | 'strict';
  channel: string | undefined;
}
