import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { GenError } from '../errors.js';

/**
 * Captured payloads: JSON files (one payload each), folders of them (recursively), and JSON Lines
 * files (`.jsonl`, `.ndjson`: one payload a line); a receiver recording counts as its body. Each
 * keeps where it came from for the report.
 */
export interface Payload {
  /** `file` or `file:line`, as given (relative). */
  source: string;
  body: unknown;
  /** The request headers, where the payload is a receiver recording (some specs name events in one). */
  headers?: Record<string, string>;
}

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile() && /\.(json|jsonl|ndjson)$/i.test(e.name))
    .map((e) => path.join(e.parentPath ?? (e as unknown as { path: string }).path, e.name))
    .sort();
}

export async function readPayloads(inputs: string[], cwd: string): Promise<Payload[]> {
  const files: string[] = [];
  for (const input of inputs) {
    const absolute = path.resolve(cwd, input);
    const info = await stat(absolute).catch(() => undefined);
    if (!info) throw new GenError(`no such file or folder: ${input}`);
    files.push(...(info.isDirectory() ? await filesUnder(absolute) : [absolute]));
  }
  const payloads: Payload[] = [];
  for (const file of files) {
    const shown = path.relative(cwd, file).split(path.sep).join('/') || file;
    const text = await readFile(file, 'utf8');
    if (/\.(jsonl|ndjson)$/i.test(file)) {
      text.split('\n').forEach((line, i) => {
        if (line.trim() === '') return;
        payloads.push({ source: `${shown}:${i + 1}`, ...parse(line, `${shown}:${i + 1}`) });
      });
    } else {
      payloads.push({ source: shown, ...parse(text, shown) });
    }
  }
  if (payloads.length === 0) throw new GenError(`no payloads found in ${inputs.join(', ')}`, ['verify reads .json files, folders of them, and .jsonl files']);
  return payloads;
}

/** A receiver recording (see the receiver's onRecord) stands for the body it holds, with its headers. */
function unwrap(value: unknown): { body: unknown; headers?: Record<string, string> } {
  const recording = value as { leonardoWebhookRecording?: unknown; body?: unknown; headers?: unknown } | null;
  if (!recording || typeof recording !== 'object' || recording.leonardoWebhookRecording !== 1) return { body: value };
  const headers = recording.headers;
  const strings =
    typeof headers === 'object' && headers !== null
      ? Object.fromEntries(
          Object.entries(headers)
            .filter((e): e is [string, string] => typeof e[1] === 'string')
            .map(([k, v]) => [k.toLowerCase(), v]),
        )
      : undefined;
  return { body: recording.body, ...(strings ? { headers: strings } : {}) };
}

function parse(text: string, where: string): { body: unknown; headers?: Record<string, string> } {
  try {
    return unwrap(JSON.parse(text));
  } catch (error) {
    throw new GenError(`${where} is not valid JSON: ${(error as Error).message}`);
  }
}
