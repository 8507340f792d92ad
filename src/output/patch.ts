/**
 * A short unified diff for `--check` reports. Common head and tail are trimmed first; the middle
 * gets an LCS when it is small and is shown as replaced when it is not, since a drift report needs
 * to show where files differ, not a minimal edit script.
 */

type Op = { kind: ' ' | '-' | '+'; line: string };

const LCS_LIMIT = 4_000_000;

function middleOps(a: string[], b: string[]): Op[] {
  if (a.length * b.length > LCS_LIMIT) {
    return [...a.map((line) => ({ kind: '-' as const, line })), ...b.map((line) => ({ kind: '+' as const, line }))];
  }
  const width = b.length + 1;
  const table = new Uint32Array((a.length + 1) * width);
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--) {
      table[i * width + j] = a[i] === b[j] ? table[(i + 1) * width + j + 1]! + 1 : Math.max(table[(i + 1) * width + j]!, table[i * width + j + 1]!);
    }
  }
  const ops: Op[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if (i < a.length && j < b.length && a[i] === b[j]) {
      ops.push({ kind: ' ', line: a[i]! });
      i++;
      j++;
    } else if (j < b.length && (i === a.length || table[i * width + j + 1]! > table[(i + 1) * width + j]!)) {
      ops.push({ kind: '+', line: b[j++]! });
    } else {
      ops.push({ kind: '-', line: a[i++]! });
    }
  }
  return ops;
}

export function unifiedPatch(oldText: string, newText: string, label: string, context = 3, maxLines = 40): string {
  const a = oldText.split('\n');
  const b = newText.split('\n');
  let head = 0;
  while (head < a.length && head < b.length && a[head] === b[head]) head++;
  let tail = 0;
  while (tail < a.length - head && tail < b.length - head && a[a.length - 1 - tail] === b[b.length - 1 - tail]) tail++;
  const ops: Op[] = [
    ...a.slice(0, head).map((line) => ({ kind: ' ' as const, line })),
    ...middleOps(a.slice(head, a.length - tail), b.slice(head, b.length - tail)),
    ...a.slice(a.length - tail).map((line) => ({ kind: ' ' as const, line })),
  ];

  const out = [`--- ${label} (on disk)`, `+++ ${label} (generated)`];
  let oldLine = 1;
  let newLine = 1;
  let k = 0;
  while (k < ops.length) {
    if (ops[k]!.kind === ' ') {
      oldLine++;
      newLine++;
      k++;
      continue;
    }
    // A hunk: back up `context` lines, run until `context*2` unchanged lines in a row.
    const start = Math.max(0, k - context);
    let end = k;
    let quiet = 0;
    while (end < ops.length && quiet <= context * 2) {
      quiet = ops[end]!.kind === ' ' ? quiet + 1 : 0;
      end++;
    }
    end = Math.min(ops.length, end - Math.max(0, quiet - context));
    const slice = ops.slice(start, end);
    const before = k - start;
    const oldCount = slice.filter((o) => o.kind !== '+').length;
    const newCount = slice.filter((o) => o.kind !== '-').length;
    out.push(`@@ -${oldLine - before},${oldCount} +${newLine - before},${newCount} @@`);
    for (const op of slice) out.push(`${op.kind}${op.line}`);
    for (const op of ops.slice(k, end)) {
      if (op.kind !== '+') oldLine++;
      if (op.kind !== '-') newLine++;
    }
    k = end;
  }
  if (out.length > maxLines + 2) {
    const hidden = out.length - maxLines - 2;
    return [...out.slice(0, maxLines + 2), `... ${hidden} more diff line${hidden === 1 ? '' : 's'}`].join('\n');
  }
  return out.join('\n');
}
