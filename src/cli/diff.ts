import { BREAKING, diffModels, type Change, type ChangeKind } from '../diff/spec-diff.js';
import { ExitCode, GenError } from '../errors.js';
import { loadSpec } from '../load/load-spec.js';
import { buildModel } from '../model/build-model.js';
import { annotation } from '../output/github.js';
import type { DiffFlags } from './program.js';

/** `diff`: what changes for receiving code between two versions of a spec. */

const KINDS: readonly ChangeKind[] = [
  'event-added',
  'event-removed',
  'field-added',
  'field-removed',
  'became-required',
  'became-optional',
  'type-changed',
  'type-widened',
  'type-narrowed',
  'became-nullable',
  'no-longer-nullable',
  'enum-value-added',
  'enum-value-removed',
  'identity-changed',
];

function failKinds(text: string | undefined): Set<ChangeKind> {
  if (text === undefined || text === 'breaking') return new Set(BREAKING);
  if (text === 'all') return new Set(KINDS);
  const kinds = text.split(',').map((k) => k.trim());
  const unknown = kinds.filter((k) => !(KINDS as readonly string[]).includes(k));
  if (unknown.length > 0) throw new GenError(`--fail-on: unknown change kind: ${unknown.join(', ')}`, [`kinds: ${KINDS.join(', ')}, or breaking, or all`]);
  return new Set(kinds as ChangeKind[]);
}

const line = (c: Change) => `${c.event}${c.path === '' ? '' : ` ${c.path}`}: ${c.detail}`;

function render(changes: Change[], format: DiffFlags['format'], from: string, to: string, fail: Set<ChangeKind>): string {
  const breaking = changes.filter((c) => c.breaking).length;
  if (format === 'json') return `${JSON.stringify({ from, to, changes }, null, 2)}\n`;
  if (format === 'github') {
    const lines = changes.map((c) => annotation(fail.has(c.kind) ? 'error' : c.breaking ? 'warning' : 'notice', to, `spec change: ${c.kind}`, line(c)));
    return `${[...lines, `${changes.length} change${changes.length === 1 ? '' : 's'}, ${breaking} breaking`].join('\n')}\n`;
  }
  const head = `${changes.length} change${changes.length === 1 ? '' : 's'} from ${from} to ${to} (${breaking} breaking)`;
  return `${[head, ...changes.map((c) => `  ${(c.breaking ? 'BREAKING ' : '') + c.kind}`.padEnd(30) + line(c))].join('\n')}\n`;
}

export async function runDiff(oldSpec: string, newSpec: string, flags: DiffFlags, io: { out: (s: string) => void; cwd: string }): Promise<number> {
  const fail = failKinds(flags.failOn);
  // The same corrections on both versions: what changes is the provider's, not the overlay's.
  const overlays = flags.overlay ?? [];
  const [a, b] = [await loadSpec(oldSpec, { cwd: io.cwd, overlays }), await loadSpec(newSpec, { cwd: io.cwd, overlays })];
  const changes = diffModels(buildModel(a).model, buildModel(b).model);
  io.out(render(changes, flags.format, a.displayPath, b.displayPath, fail));
  return changes.some((c) => fail.has(c.kind)) ? ExitCode.drift : ExitCode.ok;
}
