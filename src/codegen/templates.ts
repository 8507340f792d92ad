import { sha256 } from '../hash.js';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Handlebars from 'handlebars';
import { GenError } from '../errors.js';
import { docComment, lineCommentText, literal, singleQuoted } from './escape.js';
import { objectLiteralKey, propertyAccess, quotedObjectKey } from './identifiers.js';

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
  // A string literal as prettier prints it, for templates laid out in prettier's form.
  hb.registerHelper('quoted', (value: unknown) => singleQuoted(String(unwrap(value))));
  // Object keys, in a value or a type: `__proto__` is written computed, as a plain key would set
  // the object's prototype instead of a property (one rule for both, so a template cannot pick wrong).
  hb.registerHelper('key', (value: unknown) => objectLiteralKey(String(unwrap(value))));
  hb.registerHelper('quotedKey', (value: unknown) => quotedObjectKey(String(unwrap(value))));
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

const COMPILE_OPTIONS = { noEscape: true, strict: true } as const;

/**
 * The built-in templates, compiled by the build (scripts/bundle.mjs) into Handlebars' precompiled
 * form, a CommonJS module beside the bundled CLI: file name -> SHA-256 of the template's text and
 * its template spec. Compiling them at run time was a tenth of a second of every generation.
 */
export const PRECOMPILED_TEMPLATES = new URL('../../bin/templates-precompiled.cjs', import.meta.url);
type PrecompiledTable = Record<string, { source: string; spec: TemplateSpecification }>;
type TemplateSpecification = Parameters<typeof Handlebars.template>[0];

/** The module the build writes: every built-in template precompiled with the options render() compiles with. */
export function precompileBuiltinTemplates(): string {
  const names = readdirSync(BUILTIN_TEMPLATES)
    .filter((n) => n.endsWith('.hbs'))
    .sort();
  const entries = names.map((name) => {
    const text = readFileSync(path.join(BUILTIN_TEMPLATES, name), 'utf8');
    return `${JSON.stringify(name)}: { source: ${JSON.stringify(sha256(text))}, spec: ${Handlebars.precompile(text, COMPILE_OPTIONS)} }`;
  });
  return `module.exports = {\n${entries.join(',\n')}\n};\n`;
}

let precompiledTable: PrecompiledTable | null | undefined;
function precompiled(name: string, text: string): TemplateSpecification | undefined {
  if (precompiledTable === undefined) {
    try {
      precompiledTable = createRequire(import.meta.url)(fileURLToPath(PRECOMPILED_TEMPLATES)) as PrecompiledTable;
    } catch {
      // No build beside these sources (tsc output only): templates compile at run time.
      precompiledTable = null;
    }
  }
  const entry = precompiledTable?.[name];
  // Only for the very text it was made from: an edited template compiles as it is now.
  return entry !== undefined && entry.source === sha256(text) ? entry.spec : undefined;
}

export class TemplateSet {
  private readonly hb = createEnvironment();
  private readonly compiled = new Map<string, Handlebars.TemplateDelegate>();

  constructor(private readonly overrides?: string) {
    if (overrides !== undefined && !existsSync(overrides)) {
      throw new GenError(`--templates folder not found: ${overrides}`);
    }
  }

  /** Each template read once: render and isBuiltin both ask. */
  private readonly sources = new Map<string, { text: string; file: string }>();

  private source(name: string): { text: string; file: string } {
    const known = this.sources.get(name);
    if (known !== undefined) return known;
    for (const dir of this.overrides ? [this.overrides, BUILTIN_TEMPLATES] : [BUILTIN_TEMPLATES]) {
      const file = path.join(dir, name);
      try {
        const found = { text: readFileSync(file, 'utf8'), file };
        this.sources.set(name, found);
        return found;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      }
    }
    throw new Error(`template not found: ${name}`);
  }

  /** True when `name` is the built-in template (no override of it): printers may rely on its layout. */
  isBuiltin(name: string): boolean {
    return this.source(name).file === path.join(BUILTIN_TEMPLATES, name);
  }

  render(name: string, data: object): string {
    let template = this.compiled.get(name);
    if (!template) {
      const { text } = this.source(name);
      const spec = this.isBuiltin(name) ? precompiled(name, text) : undefined;
      template = spec !== undefined ? this.hb.template(spec) : this.hb.compile(text, COMPILE_OPTIONS);
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
