import type { AsyncAPIDocumentInterface } from '@asyncapi/parser';
import { gatherEvidence } from './sender-auth/evidence.js';
import { detectSenderAuth, isBearerToken } from './sender-auth/detect.js';
import type { SecurityModel, SecurityScheme } from './types.js';

/**
 * Security as the receiver needs it. AsyncAPI has no allowlist scheme, so specs describe the
 * sender's addresses in prose (Leonardo: an `httpApiKey` scheme whose description lists six
 * IPs); we take the IPv4 addresses and CIDR ranges from the description of any scheme that
 * speaks of an allowlist.
 */

const ALLOWLIST_WORDS = /allow\s*-?\s*list|white\s*-?\s*list|source[\s-]+ip|egress/i;
const IPV4 = /(?<![\d.])(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})(\/\d{1,2})?(?!\d|\.\d)/g;

export function extractAddresses(text: string): string[] {
  const found = new Set<string>();
  for (const match of text.matchAll(IPV4)) {
    const octets = match.slice(1, 5).map(Number);
    const prefix = match[5] ? Number(match[5].slice(1)) : undefined;
    if (octets.some((o) => o > 255) || (prefix !== undefined && prefix > 32)) continue;
    found.add(match[0]);
  }
  return [...found];
}

function compareAddresses(a: string, b: string): number {
  const key = (s: string) =>
    s
      .split(/[./]/)
      .map((n) => n.padStart(3, '0'))
      .join('.');
  return key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0;
}

/** A scheme that stands for the sender's addresses (read here), not for a credential. */
export function isAllowlistScheme(scheme: { id: string; description?: string }): boolean {
  return ALLOWLIST_WORDS.test(`${scheme.id} ${scheme.description ?? ''}`);
}

export function buildSecurity(doc: AsyncAPIDocumentInterface, options: { auth?: string } = {}): SecurityModel {
  const schemes: SecurityScheme[] = doc
    .securitySchemes()
    .all()
    .map((s) => ({
      id: s.id(),
      kind: s.type(),
      ...(s.in() !== undefined ? { in: s.in()! } : {}),
      ...(s.name() !== undefined ? { name: s.name()! } : {}),
      ...(s.scheme() !== undefined ? { scheme: s.scheme()! } : {}),
      ...(s.description() !== undefined ? { description: s.description()! } : {}),
    }));
  schemes.sort((a, b) => (a.id < b.id ? -1 : 1));

  const addresses = new Set<string>();
  for (const s of schemes) {
    if (isAllowlistScheme(s)) {
      for (const address of extractAddresses(s.description ?? '')) addresses.add(address);
    }
  }
  const sender = detectSenderAuth(gatherEvidence(doc), { ...(options.auth !== undefined ? { auth: options.auth } : {}), isAllowlist: isAllowlistScheme });
  // The bearer token is one of the sender's schemes, found by the same rules; it keeps its own `token` option.
  const bearer = sender.schemes.find((s) => isBearerToken(s.auth));
  const bearerScheme = bearer === undefined ? undefined : schemes.find((s) => s.id === bearer.auth.id);
  return {
    bearer: bearer ? { header: 'Authorization', ...(bearerScheme?.description !== undefined ? { description: bearerScheme.description } : {}) } : null,
    ipAllowlist: [...addresses].sort(compareAddresses),
    schemes,
    sender,
  };
}
