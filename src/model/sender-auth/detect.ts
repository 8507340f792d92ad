import type { SenderAuthModel, SenderScheme, UnenforcedScheme } from '../types.js';
import type { AuthEvidence, SchemeEvidence } from './evidence.js';
import { isPresetName, PRESETS } from './presets.js';
import { parseAuthChoice, type ChoiceSource } from './stated.js';
import { coveredHeaders, isSignatureHeader, PRESET_HEADERS, readHeader, readScheme, wordPattern, type Reading } from './read-scheme.js';

/**
 * Decides how the receiver authenticates the sender: from the declared schemes, then from the
 * signature headers no scheme covers (declared, or named in the prose). What the user states wins
 * over what is read: `--auth` first, then the spec's top-level `x-webhook-auth` (each replaces
 * what the spec says), and a scheme's own `x-webhook-auth` says what that scheme is.
 */

/** Delivery-id headers senders document; each stays the same across retries of one delivery. */
const DELIVERY_ID_HEADERS = ['x-github-delivery', 'webhook-id', 'svix-id', 'x-shopify-webhook-id', 'idempotency-key'];
const DELIVERY_ID_TEXT = /dedup|idempoten|unique (?:identifier|id) (?:for|of) (?:the|this|each) (?:webhook )?(?:delivery|event|message)/i;

function deliveryIdHeader(evidence: AuthEvidence, schemes: SenderScheme[]): string | null {
  for (const { auth } of schemes) if (auth.kind === 'hmac' && auth.idHeader) return auth.idHeader;
  const declared = evidence.headers.map((h) => ({ ...h, lower: h.name.toLowerCase() }));
  const known = declared.find((h) => DELIVERY_ID_HEADERS.includes(h.lower));
  if (known) return known.lower;
  // "The UUID of the delivery attempt" changes on each retry: no use for recognizing a redelivery.
  const described = declared.find((h) => DELIVERY_ID_TEXT.test(h.description) && !/\battempt\b/i.test(h.description));
  if (described) return described.lower;
  for (const { preset } of schemes) if (preset !== null && isPresetName(preset) && PRESETS[preset].deliveryIdHeader) return PRESETS[preset].deliveryIdHeader;
  return null;
}

export function detectSenderAuth(evidence: AuthEvidence, options: { auth?: string; isAllowlist: (scheme: SchemeEvidence) => boolean }): SenderAuthModel {
  const stated: { value: unknown; source: ChoiceSource } | undefined =
    options.auth !== undefined
      ? { value: options.auth, source: { name: '--auth' } }
      : evidence.stated && { value: evidence.stated.value, source: { name: 'x-webhook-auth', place: evidence.stated.place } };
  if (stated !== undefined) {
    const chosen = parseAuthChoice(stated.value, stated.source);
    const schemes: SenderScheme[] = [{ auth: chosen.auth, preset: chosen.preset, source: stated.source.name, optional: false }];
    const said = typeof stated.value === 'string' ? stated.value : JSON.stringify(stated.value);
    const place = stated.source.place === undefined ? '' : ` (${stated.source.place})`;
    return {
      schemes,
      unenforced: [],
      deliveryIdHeader: deliveryIdHeader(evidence, schemes),
      notes: [`${stated.source.name} ${said}${place}: used in place of what the spec says`],
    };
  }
  const readings: Array<{ id: string; source: string; optional: boolean; reading: Reading }> = [];
  const covered = new Set<string>();
  for (const scheme of evidence.schemes) {
    if (scheme.stated === undefined && options.isAllowlist(scheme)) continue;
    const reading: Reading =
      scheme.stated === undefined
        ? readScheme(evidence, scheme)
        : statedReading(scheme.id, parseAuthChoice(scheme.stated, { name: 'x-webhook-auth', place: `on securitySchemes.${scheme.id}` }));
    readings.push({ id: scheme.id, source: `securitySchemes.${scheme.id}`, optional: scheme.optional, reading });
    for (const header of coveredHeaders(evidence, scheme)) covered.add(header);
    if (reading.kind === 'auth' && (reading.auth.kind === 'token' || reading.auth.kind === 'hmac')) covered.add(reading.auth.header);
  }
  // Signature headers with no scheme: declared on the messages, or named where the prose explains them.
  const loose = [
    ...evidence.headers.map((h) => h.name).filter((name) => isSignatureHeader(name) || PRESET_HEADERS.some((p) => p.header === name.toLowerCase())),
    ...PRESET_HEADERS.map((p) => p.header).filter((name) => wordPattern(name).test(evidence.prose)),
  ];
  for (const header of loose) {
    const lower = header.toLowerCase();
    if (covered.has(lower) || lower === 'authorization') continue;
    covered.add(lower);
    readings.push({ id: header, source: `header ${header}`, optional: false, reading: readHeader(evidence, header, header, '') });
  }

  const schemes: SenderScheme[] = [];
  const unenforced: UnenforcedScheme[] = [];
  const notes: string[] = [];
  for (const { id, source, optional, reading } of readings) {
    if (reading.kind === 'auth') {
      schemes.push({ auth: reading.auth, preset: reading.preset, source, optional });
      notes.push(`${source}: ${reading.preset !== null ? `the ${reading.preset} preset` : describe(reading.auth)}${optional ? ' (optional)' : ''}`);
    } else if (reading.kind === 'unenforced') {
      unenforced.push({
        id,
        reason: reading.reason.startsWith(`${id}: `) ? reading.reason.slice(id.length + 2) : reading.reason,
        kind: reading.unenforceable ? 'unenforceable' : 'unclear',
      });
    } else {
      notes.push(reading.note);
    }
  }
  return { schemes, unenforced, deliveryIdHeader: deliveryIdHeader(evidence, schemes), notes };
}

/** A scheme's own `x-webhook-auth`: the choice, under the scheme's id (its secret's key). */
function statedReading(id: string, choice: ReturnType<typeof parseAuthChoice>): Reading {
  return { kind: 'auth', auth: { ...choice.auth, id }, preset: choice.preset !== null && isPresetName(choice.preset) ? choice.preset : null };
}

/** `Authorization: Bearer <token>`: the scheme the receiver's `token` option (and REQUEST_TOKEN) stands for. */
export function isBearerToken(auth: SenderScheme['auth']): boolean {
  return auth.kind === 'token' && auth.header === 'authorization' && auth.prefix === 'Bearer ';
}

/** One phrase per scheme, for notes and reports. */
export function describe(auth: SenderScheme['auth']): string {
  switch (auth.kind) {
    case 'token':
      return auth.prefix === 'Bearer ' ? 'a bearer token' : `a token in ${auth.header}`;
    case 'basic':
      return 'HTTP Basic';
    case 'field':
      return `a secret in the body field ${auth.field}`;
    case 'hmac':
      return `HMAC-${auth.algorithm.toUpperCase()} (${auth.encoding}) of ${auth.signs === 'body' ? 'the body' : `"${auth.signs}"`} in ${auth.header}${auth.prefix !== '' ? ` after ${auth.prefix}` : ''}`;
  }
}
