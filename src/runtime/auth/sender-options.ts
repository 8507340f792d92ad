import type { SenderAuthFacts, SenderAuthOptions } from './receiver-auth.js';

/**
 * The sender-auth options as the user wrote them, checked once when the receiver is created: a
 * value that could never match a delivery throws here, naming the option, rather than answering
 * every delivery 401.
 */

export function failOption(message: string): never {
  throw new Error(`createWebhookHandler: ${message}`);
}

/** `token`: the API keys the `Authorization: Bearer` header may carry (none when unset). */
export function apiKeys(token: unknown): string[] {
  const list =
    token === undefined
      ? []
      : typeof token === 'string'
        ? [token]
        : Array.isArray(token)
          ? [...(token as unknown[])]
          : failOption('`token` must be a string or an array of strings');
  return list.map((t) => {
    if (typeof t !== 'string') return failOption('`token` must be a string or an array of strings');
    if (t === '') return failOption('`token` must not be empty');
    // Servers trim header values, so such a token could never match.
    if (t.trim() !== t) return failOption('`token` has spaces or line breaks around it; header values arrive trimmed, so it could never match');
    if (!/^[\x21-\x7e]+(?: [\x21-\x7e]+)*$/.test(t))
      return failOption('`token` has characters a header value cannot carry (only visible ASCII and single spaces)');
    return t;
  });
}

/** One scheme's secrets: a string or a rotation of them, each non-empty and as the sender uses it. */
function secretList(value: unknown, option: string): string[] {
  const items =
    typeof value === 'string'
      ? [value]
      : Array.isArray(value)
        ? [...(value as unknown[])]
        : failOption(`\`${option}\` must be a string or an array of strings`);
  return items.map((s) => {
    if (typeof s !== 'string' || s === '') return failOption(`\`${option}\` must hold non-empty strings`);
    // A secret read from a file or an env var often keeps its line break: it could never match, and every delivery would be a 401.
    if (s.trim() === '')
      return failOption(`\`${option}\` is blank (only spaces or line breaks); no sender signs with that, so every delivery would be refused`);
    if (s.trim() !== s)
      return failOption(`\`${option}\` has spaces or line breaks around it; no sender signs with those, so every delivery would be refused: trim it`);
    return s;
  });
}

/** The options that are flags, functions and numbers: their types, before any secret is read. */
export function checkSenderOptionTypes(options: SenderAuthOptions): void {
  if (options.allowUnauthenticated !== undefined && typeof options.allowUnauthenticated !== 'boolean')
    failOption('`allowUnauthenticated` must be true or false');
  if (options.verify !== undefined && typeof options.verify !== 'function') failOption('`verify` must be a function (request, rawBody) => boolean');
  if (options.allowUnverified !== undefined && typeof options.allowUnverified !== 'boolean') failOption('`allowUnverified` must be true or false');
  const tolerance = options.signatureToleranceSeconds;
  if (tolerance !== undefined && (typeof tolerance !== 'number' || !Number.isInteger(tolerance) || tolerance < 1))
    failOption('`signatureToleranceSeconds` must be a whole number of seconds, 1 or more');
  if (options.now !== undefined && typeof options.now !== 'function') failOption('`now` must be a function returning milliseconds');
}

/** `secret` or `secrets`, by the id of the spec's scheme each is for. */
export function secretsByScheme(facts: SenderAuthFacts, options: SenderAuthOptions): Map<string, string[]> {
  const ids = facts.schemes.map((s) => s.id);
  const secrets = new Map<string, string[]>();
  if (options.secret !== undefined && options.secrets !== undefined) failOption('set `secret` or `secrets`, not both');
  if (options.secret !== undefined) {
    if (ids.length === 0) failOption('`secret` is set, but the spec declares no signature or shared secret (a bearer token goes in `token`)');
    if (ids.length > 1)
      failOption(
        `the spec declares ${ids.length} sender schemes (${ids.join(', ')}): give each its secret in \`secrets: { ${ids.map((id) => `${JSON.stringify(id)}: ...`).join(', ')} }\``,
      );
    secrets.set(ids[0]!, secretList(options.secret, 'secret'));
  }
  if (options.secrets !== undefined) {
    if (typeof options.secrets !== 'object' || options.secrets === null) failOption('`secrets` must be an object of scheme id -> secret');
    for (const [id, value] of Object.entries(options.secrets)) {
      if (!ids.includes(id)) failOption(`\`secrets[${JSON.stringify(id)}]\` names no sender scheme of the spec; its schemes are: ${ids.join(', ') || 'none'}`);
      secrets.set(id, secretList(value, `secrets[${JSON.stringify(id)}]`));
    }
  }
  return secrets;
}

/**
 * Throws, saying what to set, when the options leave a delivery unchecked without the user
 * having said so (`allowUnauthenticated`, or `allowUnverified` for what no verifier can check).
 */
export function requireSenderCheck(facts: SenderAuthFacts, options: SenderAuthOptions, configured: { apiKeys: number; bodyChecks: number }): void {
  const open = options.allowUnauthenticated === true;
  const custom = options.verify !== undefined;
  const secretChecks = configured.bodyChecks - (custom ? 1 : 0);
  if (facts.schemes.length > 0 && secretChecks === 0 && !custom && configured.apiKeys === 0 && !open) {
    const ids = facts.schemes.map((s) => s.id);
    failOption(
      `set \`secret\` (the sender's ${ids.length === 1 ? `${ids[0]} secret` : `secrets: ${ids.join(', ')}`}), or \`allowUnauthenticated: true\` to accept any caller`,
    );
  }
  if (facts.unenforced.length > 0 && !custom && options.allowUnverified !== true && !open) {
    const what = facts.unenforced.map((u) => `${u.id} (${u.reason})`).join('; ');
    failOption(
      `the spec's sender authenticates with ${what}, which this receiver cannot check by itself: pass \`verify(request, rawBody)\` that checks it, or \`allowUnverified: true\``,
    );
  }
  if (configured.apiKeys === 0 && configured.bodyChecks === 0 && !open) {
    failOption('set `token` (the webhook API key), or `allowUnauthenticated: true` to accept any caller');
  }
}
