import { isDate, isDateTime, isEmail, isIpv4, isTime, isUri, isUuid, matchesFormat } from './formats.js';

/**
 * What the compiled checks report into. Values are described by type, never echoed, so an issue
 * message is safe to log even when the field held a secret.
 */

/** Something a value does that its TypeScript type does not allow: typed code must never see it. */
export interface ValidationIssue {
  /** Where, as a JSON path: `data.object.seed`, `data.object.images[0].url`. */
  path: string;
  code:
    | 'type'
    | 'required'
    | 'const'
    | 'enum'
    | 'format'
    | 'unknown-property'
    | 'any-of'
    | 'minimum'
    | 'maximum'
    | 'multipleOf'
    | 'minLength'
    | 'maxLength'
    | 'pattern'
    | 'minItems'
    | 'maxItems';
  message: string;
}

/** Something the spec did not foresee but that typed code can live with: reported, not rejected. */
export interface DriftEntry {
  kind: 'unknown-property' | 'format';
  path: string;
  message: string;
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (value === undefined) return 'nothing';
  return typeof value;
}

/**
 * The bit of each JSON type in a type mask (`Ctx.prim`'s `types`): the compiled checks are printed
 * with these numbers (emit/checks/check-kinds.ts reads them here), so they never change.
 */
export const STRING_BIT = 1;
export const NUMBER_BIT = 2;
export const INTEGER_BIT = 4;
export const BOOLEAN_BIT = 8;
export const NULL_BIT = 16;
export const TYPE_BITS: { readonly [type: string]: number } = {
  string: STRING_BIT,
  number: NUMBER_BIT,
  integer: INTEGER_BIT,
  boolean: BOOLEAN_BIT,
  null: NULL_BIT,
};

/** `string or null` for a type mask. */
function typeNames(types: number): string {
  return Object.keys(TYPE_BITS)
    .filter((type) => (types & TYPE_BITS[type]!) !== 0)
    .join(' or ');
}

export class Ctx {
  readonly issues: ValidationIssue[] = [];
  readonly drift: DriftEntry[] = [];

  constructor(readonly strict: boolean) {}

  issue(path: string, code: ValidationIssue['code'], message: string, value: unknown): void {
    this.issues.push({ path, code, message: code === 'required' ? message : `${message}, got ${describe(value)}` });
  }

  // One method per primitive type and per format: the compiled checks call these for most
  // fields, so the common case (the type is right) is one typeof test, and a format is a direct
  // call, not a lookup by name. `nullable` also accepts null.
  str(value: unknown, path: string, key: string, required: boolean, nullable?: boolean): void {
    if (typeof value !== 'string') this.mismatch(value, path, key, required, nullable, STRING_BIT);
  }

  num(value: unknown, path: string, key: string, required: boolean, nullable?: boolean): void {
    if (typeof value !== 'number' || !Number.isFinite(value)) this.mismatch(value, path, key, required, nullable, NUMBER_BIT);
  }

  int(value: unknown, path: string, key: string, required: boolean, nullable?: boolean): void {
    if (!Number.isSafeInteger(value)) this.mismatch(value, path, key, required, nullable, INTEGER_BIT);
  }

  bool(value: unknown, path: string, key: string, required: boolean, nullable?: boolean): void {
    if (typeof value !== 'boolean') this.mismatch(value, path, key, required, nullable, BOOLEAN_BIT);
  }

  uuid(value: unknown, path: string, key: string, required: boolean, nullable?: boolean): void {
    if (typeof value !== 'string') this.mismatch(value, path, key, required, nullable, STRING_BIT);
    else if (!isUuid(value)) this.format(this.join(path, key), 'uuid', value);
  }

  dateTime(value: unknown, path: string, key: string, required: boolean, nullable?: boolean): void {
    if (typeof value !== 'string') this.mismatch(value, path, key, required, nullable, STRING_BIT);
    else if (!isDateTime(value)) this.format(this.join(path, key), 'date-time', value);
  }

  date(value: unknown, path: string, key: string, required: boolean, nullable?: boolean): void {
    if (typeof value !== 'string') this.mismatch(value, path, key, required, nullable, STRING_BIT);
    else if (!isDate(value)) this.format(this.join(path, key), 'date', value);
  }

  time(value: unknown, path: string, key: string, required: boolean, nullable?: boolean): void {
    if (typeof value !== 'string') this.mismatch(value, path, key, required, nullable, STRING_BIT);
    else if (!isTime(value)) this.format(this.join(path, key), 'time', value);
  }

  email(value: unknown, path: string, key: string, required: boolean, nullable?: boolean): void {
    if (typeof value !== 'string') this.mismatch(value, path, key, required, nullable, STRING_BIT);
    else if (!isEmail(value)) this.format(this.join(path, key), 'email', value);
  }

  uri(value: unknown, path: string, key: string, required: boolean, nullable?: boolean): void {
    if (typeof value !== 'string') this.mismatch(value, path, key, required, nullable, STRING_BIT);
    else if (!isUri(value)) this.format(this.join(path, key), 'uri', value);
  }

  url(value: unknown, path: string, key: string, required: boolean, nullable?: boolean): void {
    if (typeof value !== 'string') this.mismatch(value, path, key, required, nullable, STRING_BIT);
    else if (!isUri(value)) this.format(this.join(path, key), 'url', value);
  }

  ipv4(value: unknown, path: string, key: string, required: boolean, nullable?: boolean): void {
    if (typeof value !== 'string') this.mismatch(value, path, key, required, nullable, STRING_BIT);
    else if (!isIpv4(value)) this.format(this.join(path, key), 'ipv4', value);
  }

  /** The typed methods' slow path: missing, null where allowed, or the wrong type (`type` is one of TYPE_BITS). */
  private mismatch(value: unknown, path: string, key: string, required: boolean, nullable: boolean | undefined, type: number): void {
    if (value === undefined) {
      if (required) this.issue(this.join(path, key), 'required', 'required property is missing', undefined);
    } else if (value !== null || nullable !== true) {
      this.issue(this.join(path, key), 'type', `expected ${typeNames(nullable === true ? type | NULL_BIT : type)}`, value);
    }
  }

  /**
   * A property that is a primitive of several types (string or number, say; the typed methods
   * above take the rest): `types` is a mask of TYPE_BITS (the compiled checks pass it); `format` is checked on strings.
   */
  prim(value: unknown, path: string, key: string, types: number, required: boolean, format?: string): void {
    if (value === undefined) {
      if (required) this.issue(this.join(path, key), 'required', 'required property is missing', undefined);
      return;
    }
    const ok =
      typeof value === 'string'
        ? (types & STRING_BIT) !== 0
        : typeof value === 'number'
          ? ((types & NUMBER_BIT) !== 0 && Number.isFinite(value)) || ((types & INTEGER_BIT) !== 0 && Number.isSafeInteger(value))
          : typeof value === 'boolean'
            ? (types & BOOLEAN_BIT) !== 0
            : value === null && (types & NULL_BIT) !== 0;
    if (!ok) {
      this.issue(this.join(path, key), 'type', `expected ${typeNames(types)}`, value);
    } else if (format !== undefined && typeof value === 'string' && !matchesFormat(format, value)) {
      this.format(this.join(path, key), format, value);
    }
  }

  format(path: string, format: string, value: unknown): void {
    if (this.strict) this.issue(path, 'format', `expected format ${format}`, value);
    else this.drift.push({ kind: 'format', path, message: `does not match format ${format}` });
  }

  unknown(path: string, key: string, value: unknown): void {
    const at = this.join(path, key);
    if (this.strict) this.issue(at, 'unknown-property', 'property not in the spec', value);
    else this.drift.push({ kind: 'unknown-property', path: at, message: `property not in the spec (${describe(value)})` });
  }

  join(path: string, key: string): string {
    const segment = /^[A-Za-z_$][\w$]*$/.test(key) ? `.${key}` : `[${JSON.stringify(key)}]`;
    return path === '' ? (segment.startsWith('.') ? key : segment) : path + segment;
  }

  equals(a: unknown, b: unknown): boolean {
    return a === b || (typeof a === 'object' && a !== null && JSON.stringify(a) === JSON.stringify(b));
  }

  /** `anyOf` (and `oneOf`, read as anyOf): the first branch with no issues wins. */
  anyOf(value: unknown, path: string, branches: Array<(value: unknown, path: string, c: Ctx) => void>): void {
    for (const branch of branches) {
      const trial = new Ctx(this.strict);
      branch(value, path, trial);
      if (trial.issues.length === 0) {
        this.drift.push(...trial.drift);
        return;
      }
    }
    this.issue(path, 'any-of', 'expected a value matching one of the allowed shapes', value);
  }
}
