import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Handlebars from 'handlebars';
import { GenError } from '../errors.js';
import { docComment, lineCommentText, literal } from './escape.js';
import { propertyAccess, propertyKey } from './identifiers.js';

/**
 * Handlebars, set up so spec text cannot reach generated code unescaped: templates are compiled
 * with `noEscape` (HTML escaping is wrong for TypeScript) and `strict` (a misspelt field is an
 * error, not an empty string), and every string that came from the spec is handed to templates
 * wrapped in SpecText, whose toString throws. The only way to print one is a helper below.
 */

export class SpecText {
  constructor(readonly value: string) {}
  toString(): string {
    throw new Error(`spec text ${JSON.stringify(this.value.slice(0, 40))} printed without an escaping helper (literal, key, access, doc, comment)`);
  }
}

/** Wraps spec-derived strings for template data. */
export const spec = (value: string): SpecText => new SpecText(value);
export const specOptional = (value: string | undefined): SpecText | undefined => (value === undefined ? undefined : new SpecText(value));

const unwrap = (value: unknown): unknown => (value instanceof SpecText ? value.value : value);

function createEnvironment(): typeof Handlebars {
  const hb = Handlebars.create();
  hb.registerHelper('literal', (value: unknown) => literal(unwrap(value)));
  hb.registerHelper('key', (value: unknown) => propertyKey(String(unwrap(value))));
  hb.registerHelper('access', (value: unknown) => propertyAccess(String(unwrap(value))));
  hb.registerHelper('doc', (value: unknown, options: { hash?: { indent?: string } }) => {
    const text = unwrap(value);
    return docComment(typeof text === 'string' ? text : undefined, options.hash?.indent ?? '');
  });
  hb.registerHelper('comment', (value: unknown) => lineCommentText(String(unwrap(value))));
  hb.registerHelper('json', (value: unknown) => JSON.stringify(unwrap(value), null, 2));
  return hb;
}

export const BUILTIN_TEMPLATES = fileURLToPath(new URL('../../../templates/', import.meta.url));

export class TemplateSet {
  private readonly hb = createEnvironment();
  private readonly compiled = new Map<string, Handlebars.TemplateDelegate>();

  constructor(private readonly overrides?: string) {
    if (overrides !== undefined && !existsSync(overrides)) {
      throw new GenError(`--templates folder not found: ${overrides}`);
    }
  }

  private source(name: string): { text: string; file: string } {
    for (const dir of this.overrides ? [this.overrides, BUILTIN_TEMPLATES] : [BUILTIN_TEMPLATES]) {
      const file = path.join(dir, name);
      try {
        return { text: readFileSync(file, 'utf8'), file };
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      }
    }
    throw new Error(`template not found: ${name}`);
  }

  render(name: string, data: object): string {
    let template = this.compiled.get(name);
    if (!template) {
      const { text } = this.source(name);
      template = this.hb.compile(text, { noEscape: true, strict: true });
      this.compiled.set(name, template);
    }
    try {
      return template(data);
    } catch (error) {
      // A user's override that names a field we do not pass: say which template and field.
      throw new GenError(`template ${name} failed: ${(error as Error).message.split('\n')[0]}`);
    }
  }
}
