/**
 * The string formats the validators check, defined once: the zod schemas and the compiled checks
 * both call these, so strict mode means the same thing whichever you use, and the generator uses
 * the same file to repair the fixtures it writes. A format not listed here is not checked.
 */

const UUID =
  /^(?:[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[1-8][0-9a-fA-F]{3}-[89abAB][0-9a-fA-F]{3}-[0-9a-fA-F]{12}|00000000-0000-0000-0000-000000000000|ffffffff-ffff-ffff-ffff-ffffffffffff)$/;
const DATE_TIME =
  /^\d{4}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01])[Tt](?:[01]\d|2[0-3]):[0-5]\d:(?:[0-5]\d|60)(?:\.\d+)?(?:[Zz]|[+-](?:[01]\d|2[0-3]):[0-5]\d)$/;
const DATE = /^\d{4}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01])$/;
const TIME = /^(?:[01]\d|2[0-3]):[0-5]\d:(?:[0-5]\d|60)(?:\.\d+)?(?:[Zz]|[+-](?:[01]\d|2[0-3]):[0-5]\d)?$/;
const EMAIL = /^[^\s@"(),:;<>[\\\]]+@[^\s@"(),:;<>[\\\]]+\.[^\s@"(),:;<>[\\\]]+$/;
const IPV4 = /^(?:(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)$/;
const SCHEME = /^[A-Za-z][A-Za-z0-9+.-]*:/;

/** An absolute URI: a scheme, and something a WHATWG URL parser accepts. */
function uri(value: string): boolean {
  if (!SCHEME.test(value) || /\s/.test(value)) return false;
  try {
    new URL(value);
    return true;
  } catch {
    return false;
  }
}

export const formats: Readonly<Record<string, (value: string) => boolean>> = {
  uuid: (value) => UUID.test(value),
  'date-time': (value) => DATE_TIME.test(value),
  date: (value) => DATE.test(value) && !Number.isNaN(Date.parse(value)),
  time: (value) => TIME.test(value),
  email: (value) => EMAIL.test(value),
  uri,
  url: uri,
  ipv4: (value) => IPV4.test(value),
};

/** Checks a string against a named format; formats we do not know pass. */
export function matchesFormat(format: string, value: string): boolean {
  const check = formats[format];
  return check === undefined || check(value);
}
