// Renders the README's benchmark table from bench/results.json (what the benches recorded).
// Usage: node bench/readme.mjs          prints the table
//        node bench/readme.mjs --write  replaces it in README.md (npm run bench does this)
import { readFileSync, writeFileSync } from 'node:fs';

/** The benches in the order the table shows them. */
const ORDER = ['validate', 'receiver', 'receiver-cost', 'typecheck', 'generate', 'scale', 'verify'];
export const START = '<!-- bench:start -->';
export const END = '<!-- bench:end -->';

export function renderTable(results) {
  const nodes = [...new Set(ORDER.filter((b) => results[b]).map((b) => results[b].node))];
  const lines = [
    START,
    `Figures from the last \`npm run bench\` on the 2-core development machine (Node ${nodes.join(', ')}):`,
    '',
    '| what | figure | target |',
    '| --- | --- | --- |',
  ];
  for (const bench of ORDER) for (const row of results[bench]?.rows ?? []) lines.push(`| ${row.join(' | ')} |`);
  lines.push(END);
  return lines.join('\n');
}

export function replaceTable(readme, table) {
  const start = readme.indexOf(START);
  const end = readme.indexOf(END);
  if (start < 0 || end < start) throw new Error(`README.md has no ${START} ... ${END} block`);
  return readme.slice(0, start) + table + readme.slice(end + END.length);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const results = JSON.parse(readFileSync(new URL('./results.json', import.meta.url), 'utf8'));
  const table = renderTable(results);
  if (process.argv.includes('--write')) {
    const file = new URL('../README.md', import.meta.url);
    writeFileSync(file, replaceTable(readFileSync(file, 'utf8'), table));
  } else {
    console.log(table);
  }
}
