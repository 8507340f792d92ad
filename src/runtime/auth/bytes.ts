/**
 * Byte helpers for sender authentication, on Web-standard APIs only (TextEncoder, atob/btoa), so
 * the same code runs on Node, Bun, Deno and Workers. Decoders are strict: a signature that is not
 * clean hex or base64 is malformed, never "close enough".
 */

const ENCODER = new TextEncoder();

export function utf8(text: string): Uint8Array {
  return ENCODER.encode(text);
}

export function concatBytes(parts: readonly Uint8Array[]): Uint8Array {
  let size = 0;
  for (const part of parts) size += part.byteLength;
  const out = new Uint8Array(size);
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.byteLength;
  }
  return out;
}

export function toHex(bytes: Uint8Array): string {
  let out = '';
  for (const byte of bytes) out += byte.toString(16).padStart(2, '0');
  return out;
}

/**
 * Lower-case hex of whole bytes (what every sender here writes), or undefined. One spelling per
 * value: a signature with one character changed is never accepted as the same signature.
 */
export function fromHex(text: string): Uint8Array | undefined {
  if (text.length % 2 !== 0) return undefined;
  const out = new Uint8Array(text.length / 2);
  // A table lookup per character: it runs on every signed request, where regex + parseInt cost more than the compare.
  for (let i = 0; i < out.length; i++) {
    const high = HEX_VALUE[text.charCodeAt(2 * i)] ?? -1;
    const low = HEX_VALUE[text.charCodeAt(2 * i + 1)] ?? -1;
    if (high < 0 || low < 0) return undefined;
    out[i] = (high << 4) | low;
  }
  return out;
}

/** Value of each lower-case hex digit by character code; -1 for every other character below 128. */
const HEX_VALUE: readonly number[] = Array.from({ length: 128 }, (_, code) =>
  code >= 48 && code <= 57 ? code - 48 : code >= 97 && code <= 102 ? code - 87 : -1,
);

export function toBase64(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary);
}

/** Standard base64 with its padding (what every sender here writes), or undefined. */
export function fromBase64(text: string): Uint8Array | undefined {
  if (text.length % 4 !== 0 || !/^[A-Za-z0-9+/]*={0,2}$/.test(text)) return undefined;
  let binary: string;
  try {
    binary = atob(text);
  } catch {
    return undefined;
  }
  const out = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) out[i] = binary.charCodeAt(i);
  // atob ignores non-zero bits in the last character; re-encoding keeps one spelling per value.
  return toBase64(out) === text ? out : undefined;
}

/**
 * Compares two byte strings without stopping at the first difference, so the time taken does not
 * tell an attacker how much of a forged signature was right.
 */
export function constantTimeEqualBytes(a: Uint8Array, b: Uint8Array): boolean {
  let diff = a.byteLength ^ b.byteLength;
  const length = Math.max(a.byteLength, b.byteLength);
  for (let i = 0; i < length; i++) diff |= (a[i] ?? 0) ^ (b[i] ?? 0);
  return diff === 0;
}

/** The same for strings (tokens), on UTF-16 code units, without allocating. */
export function constantTimeEqualText(a: string, b: string): boolean {
  let diff = a.length ^ b.length;
  const length = Math.max(a.length, b.length);
  for (let i = 0; i < length; i++) diff |= (a.charCodeAt(i) | 0) ^ (b.charCodeAt(i) | 0);
  return diff === 0;
}
