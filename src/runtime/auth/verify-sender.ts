import type { HmacEngine } from './hmac-engine.js';
import { hmacVerifier } from './hmac.js';
import type { AuthResult, SenderAuth, SignedRequest, VerifierOptions } from './scheme.js';
import { basicVerifier, fieldVerifier, tokenVerifier } from './token.js';

/** A promise only where the computation needs one (Web Crypto); on Node each check is synchronous. */
export type SenderVerifier = (request: SignedRequest, body: Uint8Array) => AuthResult | Promise<AuthResult>;

/** A description the verifier cannot follow: a setup error, said when the receiver is built. */
function checkDescription(auth: SenderAuth): void {
  const problems: string[] = [];
  if ((auth.kind === 'token' || auth.kind === 'hmac') && (auth.header === '' || auth.header !== auth.header.toLowerCase()))
    problems.push('header must be a lower-case name');
  if (auth.kind === 'field' && auth.field === '') problems.push('field must be named');
  if (auth.kind === 'hmac') {
    if (auth.signs !== 'body' && auth.format !== 'pairs' && !auth.timestampHeader) problems.push(`signs "${auth.signs}" but names no timestampHeader`);
    if (auth.signs === 'id.timestamp.body' && !auth.idHeader) problems.push('signs the delivery id but names no idHeader');
    if (auth.format === 'pairs' && auth.signs === 'body') problems.push('format "pairs" carries a timestamp, so it must be signed');
    if (auth.format !== 'single' && auth.prefix === '') problems.push(`format "${auth.format}" needs a prefix to find its signatures`);
    for (const [name, other] of Object.entries(auth.fallbackHeaders ?? {}))
      if (other === '' || other !== other.toLowerCase() || name !== name.toLowerCase()) problems.push('fallbackHeaders must map lower-case names');
  }
  if (problems.length > 0) throw new Error(`sender auth ${auth.id}: ${problems.join('; ')}`);
}

/**
 * The one function that checks a sender: builds, once, a verifier for `auth` accepting any of
 * `secrets` (several during a rotation), which then runs on the raw body bytes of each request,
 * before anything parses them.
 */
export function createSenderVerifier(auth: SenderAuth, secrets: readonly string[], options: VerifierOptions & { engine?: HmacEngine } = {}): SenderVerifier {
  checkDescription(auth);
  if (secrets.length === 0) throw new Error(`sender auth ${auth.id}: no secret given`);
  if (secrets.some((s) => s === '')) throw new Error(`sender auth ${auth.id}: a secret must not be empty`);
  switch (auth.kind) {
    case 'token': {
      return tokenVerifier(auth, secrets);
    }
    case 'basic': {
      if (secrets.some((s) => !s.includes(':'))) throw new Error(`sender auth ${auth.id}: a Basic secret is user:password`);
      return basicVerifier(auth, secrets);
    }
    case 'field': {
      return fieldVerifier(auth, secrets);
    }
    case 'hmac':
      return hmacVerifier(auth, secrets, options);
  }
}
