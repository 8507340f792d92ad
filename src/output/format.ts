import { PRINT_WIDTH } from '../codegen/layout.js';
import type { OutputFile } from '../emit/output-file.js';

/**
 * Prettier with fixed options: a user's .prettierrc must not change our bytes, or `--check`
 * would report drift on one machine and not another. Loaded only when there is code to format.
 *
 * The parser is Babel's TypeScript parser, not typescript-estree: prettier prints the same tree
 * either way (the same bytes for the seed and for every corpus document that generates), and Babel
 * parses our output in about two thirds of the time, from a third of the code.
 */
export const PRETTIER_OPTIONS = {
  parser: 'babel-ts',
  printWidth: PRINT_WIDTH,
  singleQuote: true,
  trailingComma: 'all',
  semi: true,
  endOfLine: 'lf',
} as const;

/**
 * Prettier's standalone build with the two plugins it needs here, rather than its Node entry:
 * the options above are complete, so there is no config file to look for and no plugin to find on
 * disk, and the bundled CLI carries 1.2 MiB of prettier instead of every language it supports.
 */
async function loadPrettier(): Promise<(source: string) => Promise<string>> {
  const [{ format }, babel, estree] = await Promise.all([import('prettier/standalone'), import('prettier/plugins/babel'), import('prettier/plugins/estree')]);
  return (source) => format(source, { ...PRETTIER_OPTIONS, plugins: [babel, estree] });
}

/**
 * Every TypeScript file through prettier, except those already in its form (`formatted`); of
 * those, only the statements a printer left `unsettled` are formatted, each on its own (prettier
 * lays out a top-level statement the same wherever it stands).
 */
export async function formatFiles(files: OutputFile[]): Promise<OutputFile[]> {
  const needs = (file: OutputFile) => file.path.endsWith('.ts') && (file.formatted !== true || (file.unsettled?.length ?? 0) > 0);
  if (!files.some(needs)) return files.map(settled);
  const format = await loadPrettier();
  return Promise.all(
    files.map(async (file) => {
      if (!needs(file)) return settled(file);
      try {
        if (file.formatted !== true) return { path: file.path, contents: await format(file.contents) };
        let contents = file.contents;
        for (const statement of file.unsettled ?? []) {
          const at = contents.indexOf(statement);
          if (at < 0) throw new Error(`an unsettled statement is not in the file: ${statement.slice(0, 60)}`);
          contents = contents.slice(0, at) + (await format(statement)).trimEnd() + contents.slice(at + statement.length);
        }
        return { path: file.path, contents, formatted: true };
      } catch (error) {
        // Unparseable output is our bug, not the user's: say which file and where.
        throw new Error(`generated ${file.path} is not valid TypeScript: ${(error as Error).message.split('\n')[0]}`);
      }
    }),
  );
}

/** The file without the note for this stage. */
function settled(file: OutputFile): OutputFile {
  if (file.unsettled === undefined) return file;
  const { unsettled: _, ...rest } = file;
  return rest;
}
