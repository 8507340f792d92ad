import { formatDiagnostic, type Diagnostic, type DiagnosticClass } from '../load/diagnostics.js';
import { annotation } from '../output/github.js';
import type { GenerateResult } from '../generate.js';
import type { OutputComparison } from '../output/compare.js';
import type { WriteStats } from '../output/write.js';
import { identitySummary } from '../model/identity/rule.js';

/** What the CLI prints: the one-screen summary, warnings, and the `--check` report. */

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : /s$/.test(word) ? 'es' : 's'}`;

/**
 * Warnings about parts nothing generated reads (examples, documentation-only objects, unused
 * keywords): the same warning at many places says one thing, so without --verbose each kind is
 * printed once, with how many more there are. Warnings that change the output are printed each.
 */
const GROUPED: ReadonlySet<DiagnosticClass> = new Set(['example', 'documentation', 'unused']);

function groupedLines(warnings: readonly Diagnostic[], verbose: boolean): string[] {
  if (verbose) return warnings.map(formatDiagnostic);
  const groups = new Map<string, Diagnostic[]>();
  const lines: Array<string | Diagnostic[]> = [];
  for (const w of warnings) {
    if (!GROUPED.has(w.class)) {
      lines.push(formatDiagnostic(w));
      continue;
    }
    const key = `${w.class}\u0000${w.code}`;
    const group = groups.get(key);
    if (group) group.push(w);
    else {
      const fresh = [w];
      groups.set(key, fresh);
      lines.push(fresh);
    }
  }
  return lines.flatMap((line) =>
    typeof line === 'string'
      ? [line]
      : line.length === 1
        ? [formatDiagnostic(line[0]!)]
        : [formatDiagnostic(line[0]!), `  and ${plural(line.length - 1, 'more warning')} like it [${line[0]!.code}] (--verbose lists each)`],
  );
}

export function warningLines(result: GenerateResult, verbose: boolean): string[] {
  const lines = groupedLines(result.warnings, verbose);
  if (result.warnings.some((w) => w.class === 'example')) {
    lines.push('note: examples are documentation here: they never shape the generated types');
  }
  lines.push(...result.notes.map((n) => `note: ${n}`));
  for (const u of result.model.security.sender.unenforced) {
    const fix = u.kind === 'unclear' ? 'pass --auth to say what it is, or give' : 'give';
    lines.push(`note: sender auth ${u.id} is not enforced: ${u.reason}; ${fix} the receiver verify(request, rawBody) or allowUnverified: true`);
  }
  if (verbose) lines.push(...result.model.security.sender.notes.map((n) => `note: sender auth: ${n}`));
  // Style rules run only with --verbose (they cost ~40% of parsing), so hints exist only then.
  if (verbose) lines.push(...result.hints.map(formatDiagnostic));
  return lines;
}

export function summaryLines(result: GenerateResult): string[] {
  const { model } = result;
  const lines = [`Spec:    ${model.spec.displayPath} (AsyncAPI ${model.asyncapiVersion}, ${JSON.stringify(model.title)} ${model.version})`];
  for (const endpoint of model.endpoints) {
    const how = identitySummary(model);
    lines.push(`Events:  ${plural(endpoint.events.length, 'event')} on ${endpoint.method} ${endpoint.address}, ${how}: ${endpoint.events.join(', ')}`);
  }
  const { sender, ipAllowlist } = model.security;
  const auth = [
    ...sender.schemes.map(({ auth, preset }) => {
      if (auth.kind === 'token') return auth.prefix === 'Bearer ' && auth.header === 'authorization' ? 'bearer token' : `token in ${auth.header}`;
      if (auth.kind === 'basic') return 'HTTP Basic';
      if (auth.kind === 'field') return `secret in body field ${auth.field}`;
      return `${preset ?? `HMAC-${auth.algorithm.toUpperCase()}`} signature`;
    }),
    ...(ipAllowlist.length > 0 ? [plural(ipAllowlist.length, 'allowed address')] : []),
    ...(sender.unenforced.length > 0 ? [`not enforced: ${sender.unenforced.map((u) => u.id).join(', ')}`] : []),
  ].join(', ');
  lines.push(`Auth:    ${auth === '' ? 'none described' : auth}`);
  lines.push(`Dedup:   a redelivery is known by ${model.idempotency.reason}`);
  return lines;
}

export function writeLine(outDir: string, stats: WriteStats): string {
  const total = stats.added.length + stats.changed.length + stats.unchanged.length;
  return `Wrote:   ${outDir} (${plural(total, 'file')}: ${stats.added.length} added, ${stats.changed.length} changed, ${stats.unchanged.length} unchanged, ${stats.removed.length} removed)`;
}

/** `--check --format github`: one workflow annotation per stale file, then the summary and the fix. */
function githubCheckLines(outDir: string, report: OutputComparison, fix: string, summary: string): string[] {
  const annotate = (file: string, what: string) => annotation('error', `${outDir}/${file}`, 'stale generated code', `${file} ${what}; run: ${fix}`);
  return [
    ...report.changed.map(({ path }) => annotate(path, 'differs from what the spec generates')),
    ...report.missing.map((path) => annotate(path, 'is missing')),
    ...report.extra.map((path) => annotate(path, 'is no longer generated')),
    summary,
    `To fix, run: ${fix}`,
  ];
}

/**
 * How much a stale folder's report says: `quiet` (-q) the verdict and the fix; `normal` each file
 * too; `verbose` each changed file's patch as well.
 */
export type CheckDetail = 'quiet' | 'normal' | 'verbose';

export function checkLines(
  outDir: string,
  report: OutputComparison,
  fix: string,
  format: 'text' | 'github' = 'text',
  detail: CheckDetail = 'verbose',
): string[] {
  const count = report.missing.length + report.changed.length + report.extra.length;
  if (count === 0) return [`${outDir} is up to date.`];
  const summary = `${outDir} is out of date: ${plural(count, 'file')} ${count === 1 ? 'differs' : 'differ'} (${report.changed.length} changed, ${report.missing.length} missing, ${report.extra.length} extra)`;
  if (format === 'github') return githubCheckLines(outDir, report, fix, summary);
  const lines = [summary];
  if (detail === 'quiet') return [...lines, `To fix, run: ${fix}`];
  for (const { path, patch } of report.changed) lines.push(`changed: ${path}`, ...(detail === 'verbose' ? [patch] : []));
  for (const path of report.missing) lines.push(`missing: ${path}`);
  for (const path of report.extra) lines.push(`extra:   ${path} (listed in the manifest, no longer generated)`);
  if (detail === 'normal' && report.changed.length > 0) lines.push('(--verbose shows what changed in each file)');
  lines.push(`To fix, run: ${fix}`);
  return lines;
}
