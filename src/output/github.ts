/**
 * GitHub Actions workflow commands (`::error file=...,title=...::message`), escaped as the runner
 * requires: `%`, CR and LF everywhere, and `:` and `,` in properties too. Used by --check,
 * verify and diff.
 */
const data = (s: string) => s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
const property = (s: string) => data(s).replace(/:/g, '%3A').replace(/,/g, '%2C');

export function annotation(level: 'error' | 'warning' | 'notice', file: string, title: string, message: string): string {
  return `::${level} file=${property(file)},title=${property(title)}::${data(message)}`;
}
