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
  printWidth: 100,
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

/** Every TypeScript file through prettier, except those already in its form (`formatted`). */
export async function formatFiles(files: OutputFile[]): Promise<OutputFile[]> {
  const needs = (file: OutputFile) => file.path.endsWith('.ts') && file.formatted !== true;
  if (!files.some(needs)) return files;
  const format = await loadPrettier();
  return Promise.all(
    files.map(async (file) => {
      if (!needs(file)) return file;
      try {
        return { ...file, contents: await format(file.contents) };
      } catch (error) {
        // Unparseable output is our bug, not the user's: say which file and where.
        throw new Error(`generated ${file.path} is not valid TypeScript: ${(error as Error).message.split('\n')[0]}`);
      }
    }),
  );
}
