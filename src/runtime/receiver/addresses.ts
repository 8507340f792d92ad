/**
 * Sender addresses: strict parsing (an allowlist entry that can never match is a configuration
 * error, not a silent 403 on every request), matching against addresses and CIDR ranges of both
 * families, and where the client address comes from behind proxies.
 */

/** `a.b.c.d` as 4 bytes; no leading zeros (some parsers read them as octal). */
function parseIPv4(text: string): number[] | undefined {
  const parts = text.split('.');
  if (parts.length !== 4) return undefined;
  const bytes: number[] = [];
  for (const part of parts) {
    if (!/^(?:0|[1-9]\d{0,2})$/.test(part) || Number(part) > 255) return undefined;
    bytes.push(Number(part));
  }
  return bytes;
}

function hexGroups(text: string): number[] | undefined {
  if (text === '') return [];
  const groups: number[] = [];
  for (const group of text.split(':')) {
    if (!/^[0-9a-f]{1,4}$/.test(group)) return undefined;
    groups.push(parseInt(group, 16));
  }
  return groups;
}

/** An IPv6 address (lower case, no zone) as 16 bytes, with a trailing dotted IPv4 part allowed. */
function parseIPv6(text: string): number[] | undefined {
  let hex = text;
  const lastColon = hex.lastIndexOf(':');
  if (lastColon < 0) return undefined;
  if (hex.includes('.')) {
    const v4 = parseIPv4(hex.slice(lastColon + 1));
    if (v4 === undefined) return undefined;
    hex = `${hex.slice(0, lastColon + 1)}${(v4[0]! * 256 + v4[1]!).toString(16)}:${(v4[2]! * 256 + v4[3]!).toString(16)}`;
  }
  const halves = hex.split('::');
  if (halves.length > 2) return undefined;
  const head = hexGroups(halves[0]!);
  const tail = halves.length === 2 ? hexGroups(halves[1]!) : [];
  if (head === undefined || tail === undefined) return undefined;
  const missing = 8 - head.length - tail.length;
  if (halves.length === 2 ? missing < 1 : missing !== 0) return undefined;
  const groups = [...head, ...new Array<number>(missing).fill(0), ...tail];
  return groups.flatMap((g) => [g >> 8, g & 255]);
}

const isV4Mapped = (bytes: readonly number[]): boolean =>
  bytes.length === 16 && bytes.slice(0, 10).every((b) => b === 0) && bytes[10] === 255 && bytes[11] === 255;

/**
 * An address as bytes (4 for IPv4, 16 for IPv6), or undefined. Brackets and an IPv6 zone are
 * dropped; `::ffff:1.2.3.4` (how Node reports IPv4 on a dual-stack socket) is IPv4.
 */
export function parseAddress(text: string): number[] | undefined {
  const trimmed = text
    .trim()
    .replace(/^\[(.*)\]$/, '$1')
    .toLowerCase();
  const v4 = parseIPv4(trimmed);
  if (v4 !== undefined) return v4;
  const v6 = parseIPv6(trimmed.replace(/%[\w.-]+$/, ''));
  return v6 !== undefined && isV4Mapped(v6) ? v6.slice(12) : v6;
}

interface Range {
  bytes: number[];
  bits: number;
}

/** `1.2.3.4`, `10.0.0.0/8`, `2001:db8::/32`, `::1`; a message saying what is wrong otherwise. */
export function parseAddressRange(entry: string): Range | string {
  if (typeof entry !== 'string') return 'is not a string';
  const parts = entry.trim().split('/');
  if (parts.length > 2) return 'has more than one "/"';
  const bytes = parseAddress(parts[0]!);
  if (bytes === undefined || parts[0]!.includes('%')) return 'is not an IPv4 or IPv6 address (host names are not resolved)';
  const max = bytes.length * 8;
  if (parts.length === 1) return { bytes, bits: max };
  const bitsText = parts[1]!;
  // An IPv4-mapped range written in IPv6 counts its prefix over 128 bits.
  const offset = bytes.length === 4 && parts[0]!.includes(':') ? 96 : 0;
  if (!/^\d{1,3}$/.test(bitsText) || Number(bitsText) - offset > max || Number(bitsText) < offset) {
    return `has a prefix length that is not 0 to ${max} bits`;
  }
  return { bytes, bits: Number(bitsText) - offset };
}

function inRange(address: readonly number[], range: Range): boolean {
  if (address.length !== range.bytes.length) return false;
  let bits = range.bits;
  for (let i = 0; bits > 0; i++, bits -= 8) {
    const mask = bits >= 8 ? 255 : (255 << (8 - bits)) & 255;
    if ((address[i]! & mask) !== (range.bytes[i]! & mask)) return false;
  }
  return true;
}

/**
 * A matcher for addresses and CIDR ranges. Throws, naming `option` and the entry, for an entry
 * that is not an address or range: checked once, when the receiver is created.
 */
export function addressMatcher(entries: readonly string[], option = 'allowedIps'): (address: string) => boolean {
  if (!Array.isArray(entries)) throw new Error(`${option} must be an array of addresses or CIDR ranges`);
  const ranges = entries.map((entry, i) => {
    const range = parseAddressRange(entry);
    if (typeof range === 'string') throw new Error(`${option}[${i}] ${JSON.stringify(entry)} ${range}`);
    return range;
  });
  // The same few senders call again and again: remember answers, up to a bound.
  const answers = new Map<string, boolean>();
  return (address) => {
    const known = answers.get(address);
    if (known !== undefined) return known;
    const bytes = parseAddress(address);
    const answer = bytes !== undefined && ranges.some((range) => inRange(bytes, range));
    if (answers.size < 1024) answers.set(address, answer);
    return answer;
  };
}

/** How the client address is found: the socket's, or through `X-Forwarded-For` from our proxies. */
export type TrustProxy = false | { proxies: readonly string[] } | { hops: number };

/**
 * The client address. With `hops: n`, the last n hops were written by our proxies: the nearest
 * proxy is the socket peer (or, without a socket address, the platform's proxy in front of us),
 * and each proxy appends the address it received from, so the client is the value `n` places
 * from the right of `[...forwardedFor, socket]`. With `proxies`, the list is walked from the right
 * while the address is one of ours.
 */
export function clientAddress(
  socket: string | undefined,
  forwardedFor: string | null,
  trust: false | { hops: number } | { trusted: (address: string) => boolean },
): string | undefined {
  if (trust === false) return socket;
  const forwarded = (forwardedFor ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  if ('hops' in trust) {
    const chain: Array<string | undefined> = [...forwarded, socket];
    return trust.hops < chain.length ? chain[chain.length - 1 - trust.hops] : undefined;
  }
  if (socket === undefined) return undefined;
  let address = socket;
  for (let i = forwarded.length - 1; i >= 0 && trust.trusted(address); i--) address = forwarded[i]!;
  return trust.trusted(address) ? undefined : address;
}
