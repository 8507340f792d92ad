import type { HashAlgorithm } from './hmac-engine.js';

/**
 * How a sender proves who it is: one description per scheme, written into the generated receiver
 * by the generator and read by createSenderVerifier (verify-sender.ts), the fixtures and `send`.
 * Header names are lower-case.
 */
export type SenderAuth = TokenAuth | BasicAuth | FieldAuth | HmacAuth;

/** A shared secret sent as it is: `Authorization: Bearer <token>`, or `X-Gitlab-Token: <token>`. */
export interface TokenAuth {
  kind: 'token';
  /** The scheme's name in the spec (or the preset's), used in messages and option keys. */
  id: string;
  header: string;
  /** What comes before the token in the header: `Bearer ` or nothing. */
  prefix: string;
}

/**
 * A shared secret the sender puts in a top-level field of the JSON body (Figma's `passcode`). The
 * body is parsed to read it; nothing else about the body is authenticated.
 */
export interface FieldAuth {
  kind: 'field';
  id: string;
  field: string;
}

/** HTTP Basic; the secret is `user:password`. */
export interface BasicAuth {
  kind: 'basic';
  id: string;
}

/**
 * An HMAC of the raw body bytes (and, for some senders, a timestamp and a delivery id), keyed with
 * a shared secret.
 */
export interface HmacAuth {
  kind: 'hmac';
  id: string;
  algorithm: HashAlgorithm;
  /** How the MAC is written in the header. */
  encoding: 'hex' | 'base64';
  /** The header that carries the signature(s). */
  header: string;
  /**
   * How signatures sit in the header:
   * `single`: `<prefix><mac>` (GitHub `sha256=`, Slack `v0=`, Shopify no prefix);
   * `list`: space-separated `<prefix><mac>` entries, other versions ignored (Standard Webhooks `v1,`);
   * `pairs`: comma-separated `key=value` with the timestamp under `t` and each MAC under the
   * prefix's key (Stripe `t=...,v1=...,v1=...`).
   */
  format: 'single' | 'list' | 'pairs';
  prefix: string;
  /**
   * The bytes signed: the `body`; `timestamp.body` (Stripe); `v0:timestamp:body` (Slack);
   * `id.timestamp.body` (Standard Webhooks, Svix).
   */
  signs: 'body' | 'timestamp.body' | 'v0:timestamp:body' | 'id.timestamp.body';
  /** Where the timestamp (Unix seconds) is, unless `format` is `pairs`. */
  timestampHeader?: string;
  /** Where the delivery id is, when it is signed. */
  idHeader?: string;
  /** `text`: the secret's UTF-8 bytes are the key; `whsec`: base64 after an optional `whsec_`. */
  secretFormat: 'text' | 'whsec';
  /**
   * For each header above, another name the sender may use for it, read when the request lacks
   * the first (Svix sends `webhook-id`, `webhook-timestamp`, `webhook-signature` as well as its
   * `svix-*` ones, and its own library accepts either). Signing uses the names above.
   */
  fallbackHeaders?: Readonly<Record<string, string>>;
}

/** Why a request was refused; the caller logs it and answers the same 401 to all of them. */
export type AuthFailure = 'missing' | 'malformed' | 'stale' | 'mismatch';

export type AuthResult = { ok: true } | { ok: false; reason: AuthFailure };

// One object per verdict, shared: a check answers a delivery without allocating.
export const AUTH_PASSED: AuthResult = { ok: true };
export const AUTH_MISSING: AuthResult = { ok: false, reason: 'missing' };
export const AUTH_MALFORMED: AuthResult = { ok: false, reason: 'malformed' };
export const AUTH_MISMATCH: AuthResult = { ok: false, reason: 'mismatch' };

/** The request as a verifier sees it. */
export interface SignedRequest {
  /** A header by lower-case name. */
  header(name: string): string | null;
}

/** A request's headers: read one, or go through all (names lower-case; repeated ones joined with ", "). */
export interface HeaderList extends Iterable<[string, string]> {
  /** A header by name, in any case; null when absent. */
  get(name: string): string | null;
}

/**
 * What your `verify(request, rawBody)` receives: the same on toNodeListener and on the Web handler,
 * so one check serves both. The body is the second argument, as raw bytes.
 */
export interface VerifyRequest {
  /** `POST`, as sent. */
  readonly method: string;
  /** The request target as sent: path and query (`/hooks/x?tenant=1`), never the scheme and host. */
  readonly url: string;
  /** The path alone, without the query. */
  readonly path: string;
  /** A header by name, in any case; null when absent. */
  header(name: string): string | null;
  /** Every header. */
  readonly headers: HeaderList;
  /**
   * The address the connection came from (toNodeListener: the socket's; the Web handler: its
   * `context.remoteAddress`), before any `trustProxy`; undefined when the server did not say.
   */
  readonly remoteAddress: string | undefined;
}

export interface VerifierOptions {
  /** How far a signed timestamp may be from now, either way; default 300 (5 minutes). */
  toleranceSeconds?: number;
  /** The clock, in milliseconds since the epoch; default Date.now. */
  now?: () => number;
}

export const DEFAULT_TOLERANCE_SECONDS = 300;

/** Whether the scheme signs a timestamp, so a replay window applies. */
export function signsTimestamp(auth: SenderAuth): boolean {
  return auth.kind === 'hmac' && auth.signs !== 'body';
}
