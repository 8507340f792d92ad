import type { OutputFile } from '../emit/output-file.js';

/**
 * Prettier with fixed options: a user's .prettierrc must not change our bytes, or `--check`
 * would report drift on one machine and not another. Loaded only when there is code to format.
 */
export const PRETTIER_OPTIONS = {
  parser: 'typescript',
  printWidth: 100,
  singleQuote: true,
  trailingComma: 'all',
  semi: true,
  endOfLine: 'lf',
} as const;

export async function formatFiles(files: OutputFile[]): Promise<OutputFile[]> {
  const prettier = await import('prettier');
  return Promise.all(
    files.map(async (file) => {
      if (!file.path.endsWith('.ts')) return file;
      try {
        return { ...file, contents: await prettier.format(file.contents, PRETTIER_OPTIONS) };
      } catch (error) {
        // Unparseable output is our bug, not the user's: say which file and where.
        throw new Error(`generated ${file.path} is not valid TypeScript: ${(error as Error).message.split('\n')[0]}`);
      }
    }),
  );
}
