import { matchesFormat } from './formats.js';

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

export class Ctx {
  readonly issues: ValidationIssue[] = [];
  readonly drift: DriftEntry[] = [];

  constructor(readonly strict: boolean) {}

  issue(path: string, code: ValidationIssue['code'], message: string, value: unknown): void {
    this.issues.push({ path, code, message: code === 'required' ? message : `${message}, got ${describe(value)}` });
  }

  /**
   * A property that is a primitive: `types` is a mask of string 1, number 2, integer 4, boolean 8,
   * null 16 (the compiled checks pass it); `format` is checked on strings.
   */
  prim(value: unknown, path: string, key: string, types: number, required: boolean, format?: string): void {
    if (value === undefined) {
      if (required) this.issue(this.join(path, key), 'required', 'required property is missing', undefined);
      return;
    }
    const ok =
      typeof value === 'string'
        ? (types & 1) !== 0
        : typeof value === 'number'
          ? ((types & 2) !== 0 && Number.isFinite(value)) || ((types & 4) !== 0 && Number.isSafeInteger(value))
          : typeof value === 'boolean'
            ? (types & 8) !== 0
            : value === null && (types & 16) !== 0;
    if (!ok) {
      const names = ['string', 'number', 'integer', 'boolean', 'null'].filter((_, i) => (types & (1 << i)) !== 0);
      this.issue(this.join(path, key), 'type', `expected ${names.join(' or ')}`, value);
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
