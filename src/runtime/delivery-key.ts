/**
 * The default idempotency key: what names one delivery, so that a redelivery is handled once and
 * two different events never share a key. In order: the spec's delivery-id header, where the
 * request carries it; else the body field that names the event itself (an envelope's top-level
 * `id`), where the body has it; else a SHA-256 of the raw body, so only an exact redelivery is
 * merged. Never a nested object's id: two events about one customer are two events.
 */

import { nodeBuiltin } from './node-builtin.js';

export interface DeliveryKeyRule {
  /** The request header (lower-case) that names a delivery across retries, or null. */
  readonly header: string | null;
  /** The body path whose value names the event itself, or null. */
  readonly field: readonly string[] | null;
}

interface NodeHash {
  createHash(algorithm: 'sha256'): { update(data: Uint8Array): { digest(encoding: 'hex'): string } };
}

const node = nodeBuiltin<NodeHash>('node:crypto');

/** Hex SHA-256: synchronous where node:crypto is reachable, through Web Crypto elsewhere. */
export function sha256Hex(bytes: Uint8Array): string | Promise<string> {
  if (node !== undefined) return node.createHash('sha256').update(bytes).digest('hex');
  const subtle = (globalThis as { crypto?: { subtle?: { digest(a: string, d: Uint8Array): Promise<ArrayBuffer> } } }).crypto?.subtle;
  if (subtle === undefined) throw new Error('the idempotency key needs node:crypto or Web Crypto (globalThis.crypto.subtle)');
  return subtle.digest('SHA-256', bytes).then((buffer) => [...new Uint8Array(buffer)].map((b) => b.toString(16).padStart(2, '0')).join(''));
}

/** The value at a body path when it is a non-empty string or a number; anything else names nothing. */
function fieldValue(body: unknown, path: readonly string[]): string | undefined {
  let node = body;
  for (const key of path) {
    if (typeof node !== 'object' || node === null || Array.isArray(node) || !Object.prototype.hasOwnProperty.call(node, key)) return undefined;
    node = (node as Record<string, unknown>)[key];
  }
  if (typeof node === 'string') return node === '' ? undefined : node;
  return typeof node === 'number' && Number.isFinite(node) ? String(node) : undefined;
}

/**
 * The key of one delivery under `rule`: `header:<name>:<value>`, `field:<path>:<value>`, or
 * `sha256:<hex of the raw body>`. A promise only where the digest needs Web Crypto.
 */
export function deliveryKey(rule: DeliveryKeyRule, header: (name: string) => string | null, body: unknown, raw: Uint8Array): string | Promise<string> {
  if (rule.header !== null) {
    const id = header(rule.header);
    if (id !== null && id !== '') return `header:${rule.header}:${id}`;
  }
  if (rule.field !== null) {
    const id = fieldValue(body, rule.field);
    if (id !== undefined) return `field:${rule.field.join('.')}:${id}`;
  }
  const digest = sha256Hex(raw);
  return typeof digest === 'string' ? `sha256:${digest}` : digest.then((hex) => `sha256:${hex}`);
}
