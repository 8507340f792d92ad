import { checkFunction } from '../emit/checks/check-kinds.js';
import { printCheckModule } from '../emit/checks/print-checks.js';
import type { GenModel } from '../model/types.js';
import { matchesFormat } from '../runtime/formats.js';
import type { Ctx } from '../runtime/validation-context.js';

/**
 * The generated checks, run by the generator itself: the same printer that writes checks.ts prints
 * them as plain JavaScript, so `verify` judges payloads exactly as the generated validators will.
 * Spec text reaches this code only through `literal`, as in the output.
 */
export type Check = (value: unknown, path: string, c: Ctx) => void;

export function compileChecks(model: GenModel): Map<string, Check> {
  const names = model.schemas.map((s) => s.name);
  const code = `${printCheckModule(model.schemas, { typed: false }).code}\nreturn { ${names.map((n) => `${JSON.stringify(n)}: ${checkFunction(n)}`).join(', ')} };`;
  const table = new Function('matchesFormat', code)(matchesFormat) as Record<string, Check>;
  return new Map(names.map((n) => [n, table[n]!]));
}
