import type { SenderAuth } from '../../runtime/auth/scheme.js';
import type { AuthEvidence, HeaderEvidence, SchemeEvidence } from './evidence.js';
import { PRESETS, type PresetName } from './presets.js';
import { readHmac } from './read-hmac.js';

/** What one declared scheme, or one declared signature header, says about the sender. */
export type Reading =
  | { kind: 'auth'; auth: SenderAuth; preset: PresetName | null }
  | { kind: 'unenforced'; reason: string; unenforceable: boolean }
  | { kind: 'other'; note: string };

/** Signature headers that identify a preset; `needs` must be declared or named too. */
export const PRESET_HEADERS: Array<{ header: string; preset: PresetName; needs?: string[] }> = [
  { header: 'x-hub-signature-256', preset: 'github' },
  { header: 'stripe-signature', preset: 'stripe' },
  { header: 'x-slack-signature', preset: 'slack', needs: ['x-slack-request-timestamp'] },
  { header: 'webhook-signature', preset: 'standard-webhooks', needs: ['webhook-id', 'webhook-timestamp'] },
  { header: 'svix-signature', preset: 'svix', needs: ['svix-id', 'svix-timestamp'] },
  { header: 'x-shopify-hmac-sha256', preset: 'shopify' },
  { header: 'x-gitlab-token', preset: 'gitlab-token' },
  { header: 'typeform-signature', preset: 'typeform' },
];

const JWT = /\bJWT\b|JSON Web Token|\b(?:ES|RS|PS)256\b|public key/i;
const IN_BODY = /\b(?:inside|in) the (?:json |request )?(?:body|payload)\b|\bpayloads? (?:include|carr(?:y|ies)|contain)s?\b[^.]{0,40}\bfield\b/i;

/** Matches `name` where it stands alone: `webhook-signature` is not found in `X-CC-Webhook-Signature`. */
export const wordPattern = (name: string) => new RegExp(`(?<![\\w-])${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?![\\w-])`, 'i');

export const isSignatureHeader = (name: string) => /signature|hmac/i.test(name) && !/timestamp/i.test(name);

/** Whether the spec declares `name` as a header or names it anywhere in its prose. */
function mentioned(evidence: AuthEvidence, name: string): boolean {
  return evidence.headers.some((h) => h.name.toLowerCase() === name) || wordPattern(name).test(evidence.prose);
}

/** Everything the spec says about a header: its declaration, and the paragraphs that name it. */
export function textAbout(evidence: AuthEvidence, header: string, extra = ''): string {
  const declared = evidence.headers.find((h) => h.name.toLowerCase() === header.toLowerCase())?.description ?? '';
  const paragraphs = evidence.prose.split(/\n\s*\n/).filter((p) => p.toLowerCase().includes(header.toLowerCase()));
  return [extra, declared, ...paragraphs].filter((t) => t !== '').join('\n');
}

/** A header that is really a field of the body (a form post), or a header of its own. */
export function readHeader(evidence: AuthEvidence, id: string, header: string, extra: string): Reading {
  const lower = header.toLowerCase();
  if (evidence.payloadFields.some((f) => f.toLowerCase() === lower)) {
    return { kind: 'unenforced', unenforceable: true, reason: `a signature inside the body field ${header}, not a header` };
  }
  const text = textAbout(evidence, header, extra);
  // The Authorization header carries a credential as it is (Bearer when the spec says so), whatever else the prose mentions.
  if (lower === 'authorization') {
    return { kind: 'auth', auth: { kind: 'token', id, header: lower, prefix: /\bbearer\b/i.test(text) ? 'Bearer ' : '' }, preset: null };
  }
  if (JWT.test(text)) return { kind: 'unenforced', unenforceable: true, reason: `a JWT in ${header}, signed with the sender's key` };
  const known = PRESET_HEADERS.find((p) => p.header === lower && (p.needs ?? []).every((n) => mentioned(evidence, n)));
  if (known) return { kind: 'auth', auth: { ...PRESETS[known.preset].auth, id }, preset: known.preset };
  if (isSignatureHeader(header) || /\bhmac\b|\bsign(?:ed|s|ature)\b/i.test(text)) {
    const stem = lower.replace(/-?signature.*$/, '');
    const signsTimestamp = evidence.headers.some((h) => /timestamp/i.test(h.name) && h.name.toLowerCase().startsWith(stem));
    const hmac = readHmac(id, header, text, signsTimestamp);
    if (hmac.ok) return { kind: 'auth', auth: hmac.auth, preset: null };
    return { kind: 'unenforced', unenforceable: hmac.unenforceable, reason: `${header}: ${hmac.reason}` };
  }
  return { kind: 'auth', auth: { kind: 'token', id, header: lower, prefix: '' }, preset: null };
}

export function readScheme(evidence: AuthEvidence, scheme: SchemeEvidence): Reading {
  const { id, type, description } = scheme;
  if (type === 'oauth2' || type === 'openIdConnect')
    return { kind: 'other', note: `${id}: ${type} is how the receiver calls the API, not how deliveries authenticate` };
  if (JWT.test(description)) return { kind: 'unenforced', unenforceable: true, reason: `${id}: a JWT signed with the sender's key` };
  if (type === 'http') {
    const name = scheme.scheme?.toLowerCase();
    if (name === 'bearer') return { kind: 'auth', auth: { kind: 'token', id, header: 'authorization', prefix: 'Bearer ' }, preset: null };
    if (name === 'basic') return { kind: 'auth', auth: { kind: 'basic', id }, preset: null };
    return { kind: 'unenforced', unenforceable: true, reason: `${id}: HTTP ${scheme.scheme ?? 'authentication'} (only Bearer and Basic are checked)` };
  }
  if (IN_BODY.test(description)) {
    // A plain secret in a top-level field (Figma's passcode) can be compared; a signature in the body cannot be recomputed.
    const field = evidence.payloadFields.find((f) => wordPattern(f).test(description));
    if (field !== undefined && !/\bhmac\b|\bsignature\b|\bsigned\b/i.test(description))
      return { kind: 'auth', auth: { kind: 'field', id, field }, preset: null };
    return { kind: 'unenforced', unenforceable: true, reason: `${id}: a signature inside the body` };
  }
  if (type === 'userPassword') return { kind: 'auth', auth: { kind: 'basic', id }, preset: null };
  if (type === 'httpApiKey' && scheme.in === 'header' && scheme.name) return readHeader(evidence, id, scheme.name, description);
  if (type === 'httpApiKey')
    return { kind: 'unenforced', unenforceable: true, reason: `${id}: a key in the ${scheme.in ?? 'request'} (only headers are checked)` };
  // Other types (symmetricEncryption, apiKey in user, ...) say how in prose: find the header it names.
  const named = [...evidence.headers.map((h) => h.name), ...PRESET_HEADERS.map((p) => p.header)].find((h) => wordPattern(h).test(description));
  if (named) return readHeader(evidence, id, named, description);
  return { kind: 'unenforced', unenforceable: false, reason: `${id}: a ${type} scheme that names no request header` };
}

/** Headers a scheme reads (its own, the ones its description names, and numbered rotation variants). */
export function coveredHeaders(evidence: AuthEvidence, scheme: SchemeEvidence): string[] {
  const names = evidence.headers.map((h: HeaderEvidence) => h.name.toLowerCase());
  const own = scheme.name?.toLowerCase();
  return names.filter(
    (n) => n === own || wordPattern(n).test(scheme.description) || (own !== undefined && n.replace(/-\d+$/, '') === own.replace(/-\d+$/, '')),
  );
}
