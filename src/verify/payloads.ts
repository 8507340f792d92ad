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
        payloads.push({ source: `${shown}:${i + 1}`, body: parse(line, `${shown}:${i + 1}`) });
      });
    } else {
      payloads.push({ source: shown, body: parse(text, shown) });
    }
  }
  if (payloads.length === 0) throw new GenError(`no payloads found in ${inputs.join(', ')}`, ['verify reads .json files, folders of them, and .jsonl files']);
  return payloads;
}

/** A receiver recording (see the receiver's onRecord) stands for the body it holds. */
function unwrap(value: unknown): unknown {
  const recording = value as { leonardoWebhookRecording?: unknown; body?: unknown } | null;
  return recording && typeof recording === 'object' && recording.leonardoWebhookRecording === 1 ? recording.body : value;
}

function parse(text: string, where: string): unknown {
  try {
    return unwrap(JSON.parse(text));
  } catch (error) {
    throw new GenError(`${where} is not valid JSON: ${(error as Error).message}`);
  }
}
