import { PRETTIER_OPTIONS } from '../../src/output/format.js';

/**
 * prettier with the output's options, for tests that hold a printer to prettier's layout: what a
 * printer marks as already formatted must be what prettier makes of it, byte for byte.
 */
export async function prettierFormat(source: string): Promise<string> {
  const [{ format }, babel, estree] = await Promise.all([import('prettier/standalone'), import('prettier/plugins/babel'), import('prettier/plugins/estree')]);
  return format(source, { ...PRETTIER_OPTIONS, plugins: [babel, estree] });
}

/** '' when `source` is in prettier's form, else the first line that differs, ours and prettier's. */
export async function prettierDifference(source: string): Promise<string> {
  const pretty = await prettierFormat(source);
  if (pretty === source) return '';
  const ours = source.split('\n');
  const theirs = pretty.split('\n');
  let i = 0;
  while (ours[i] === theirs[i]) i++;
  return `line ${i + 1}:\n  ours:     ${ours[i] ?? '(end)'}\n  prettier: ${theirs[i] ?? '(end)'}`;
}
