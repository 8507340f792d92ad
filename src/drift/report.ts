import { annotation } from '../output/github.js';
import { DRIFT_KINDS, type DriftEntry, type DriftKind, type DriftReport } from './find-drift.js';

/** The three renderings of a verify report: for people, for programs, for GitHub workflow logs. */

const LABEL: Record<DriftKind, string> = {
  'unknown-event': 'unknown event',
  'unknown-field': 'unknown field',
  'type-mismatch': 'type mismatch',
  'unexpected-null': 'unexpected null',
  'missing-required': 'missing required',
  'format-mismatch': 'format mismatch',
};

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
const short = (value: unknown) => {
  const text = JSON.stringify(value) ?? 'undefined';
  return text.length > 40 ? `${text.slice(0, 37)}...` : text;
};

/** One sentence per drift entry, shared by the text and GitHub renderings. */
export function describeDrift(d: DriftEntry): string {
  const times = plural(d.count, 'payload');
  switch (d.kind) {
    case 'unknown-event':
      return `event ${JSON.stringify(d.event)} is not in the spec (${times})`;
    case 'unknown-field':
      return `${d.event}: ${d.path} is not in the spec (${times}; ${d.seen.join(', ')}, e.g. ${short(d.example)})`;
    case 'type-mismatch':
      return `${d.event}: ${d.path} is ${d.seen.join(' or ')} where the spec says ${d.expected ?? 'otherwise'} (${times})`;
    case 'unexpected-null':
      return `${d.event}: ${d.path} is null where the spec says ${d.expected ?? 'a value'} (${times})`;
    case 'missing-required':
      return `${d.event}: required ${d.path} is missing (${times})`;
    case 'format-mismatch':
      return `${d.event}: ${d.path} does not match format ${d.expected ?? '?'} (${times})`;
  }
}

export function renderText(report: DriftReport, specPath: string): string {
  const count = (status: string) => report.payloads.filter((p) => p.status === status).length;
  const lines = [
    `${plural(report.payloads.length, 'payload')}: ${count('valid')} valid, ${count('drift')} with drift, ${count('unknown-event')} unknown event, ${count('unrecognized')} unrecognized`,
  ];
  const width = Math.max(...report.payloads.map((p) => p.source.length));
  for (const p of report.payloads) {
    const status = p.status === 'drift' ? `drift (${plural(p.issues.length, 'issue')})` : p.status;
    lines.push(`  ${p.source.padEnd(width)}  ${(p.event ?? '-').padEnd(28)}  ${status}`);
  }
  if (report.drift.length === 0) {
    // Payloads that name no event were compared with nothing: that is never "no drift".
    const unread = count('unrecognized');
    lines.push(
      unread === 0
        ? `no drift against ${specPath}`
        : `no drift in the ${plural(report.payloads.length - unread, 'recognized payload')}; ${unread} not read (below)`,
    );
    return `${lines.join('\n')}\n`;
  }
  lines.push(`drift against ${specPath} (strict mode):`);
  for (const d of report.drift) lines.push(`  ${LABEL[d.kind].padEnd(17)} ${describeDrift(d)}`);
  return `${lines.join('\n')}\n`;
}

export function renderJson(report: DriftReport, specPath: string): string {
  return `${JSON.stringify({ spec: specPath, ...report }, null, 2)}\n`;
}

/** Workflow annotations: errors for the --fail-on kinds, warnings for the rest. */
export function renderGithub(report: DriftReport, specPath: string, failOn: ReadonlySet<DriftKind>): string {
  const lines = report.drift.map((d) => annotation(failOn.has(d.kind) ? 'error' : 'warning', specPath, `webhook drift: ${LABEL[d.kind]}`, describeDrift(d)));
  lines.push(`${plural(report.payloads.length, 'payload')} verified, ${plural(report.drift.length, 'drift entry')}`.replace('entrys', 'entries'));
  return `${lines.join('\n')}\n`;
}

export function parseFailOn(text: string | undefined): Set<DriftKind> {
  if (text === undefined || text === 'all') return new Set(DRIFT_KINDS);
  const kinds = text
    .split(',')
    .map((k) => k.trim())
    .filter((k) => k !== '');
  const unknown = kinds.filter((k) => !(DRIFT_KINDS as readonly string[]).includes(k));
  if (unknown.length > 0) throw new Error(`unknown drift kind: ${unknown.join(', ')} (kinds: ${DRIFT_KINDS.join(', ')}, or all)`);
  return new Set(kinds as DriftKind[]);
}
