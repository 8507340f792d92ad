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

interface UrlParser {
  canParse?(value: string): boolean;
}
/** URL.canParse (Node 19.9+, every current browser runtime) answers without building a URL: half the cost. */
const canParse = (URL as unknown as UrlParser).canParse?.bind(URL);
/** A scheme, then printable ASCII only (so no whitespace either). */
const ASCII_URI = /^[A-Za-z][A-Za-z0-9+.-]*:[\x21-\x7e]*$/;

/**
 * An absolute URI: a scheme, and something a WHATWG URL parser accepts. URL.canParse only for
 * ASCII: on Node 20, once optimized, it answers false for URLs with other Latin-1 characters
 * (`https://é`) that `new URL` accepts.
 */
export function isUri(value: string): boolean {
  if (canParse !== undefined && ASCII_URI.test(value)) return canParse(value);
  if (!SCHEME.test(value) || /\s/.test(value)) return false;
  try {
    new URL(value);
    return true;
  } catch {
    return false;
  }
}

// One function per format, so the compiled checks call it directly rather than by name.
export const isUuid = (value: string): boolean => UUID.test(value);
export const isDateTime = (value: string): boolean => DATE_TIME.test(value);
export const isDate = (value: string): boolean => DATE.test(value) && !Number.isNaN(Date.parse(value));
export const isTime = (value: string): boolean => TIME.test(value);
export const isEmail = (value: string): boolean => EMAIL.test(value);
export const isIpv4 = (value: string): boolean => IPV4.test(value);

export const formats: Readonly<Record<string, (value: string) => boolean>> = {
  uuid: isUuid,
  'date-time': isDateTime,
  date: isDate,
  time: isTime,
  email: isEmail,
  uri: isUri,
  url: isUri,
  ipv4: isIpv4,
};

/** Checks a string against a named format; formats we do not know pass. */
export function matchesFormat(format: string, value: string): boolean {
  const check = formats[format];
  return check === undefined || check(value);
}
