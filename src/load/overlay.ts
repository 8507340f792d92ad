import { readFile } from 'node:fs/promises';
import path from 'node:path';
import yaml from 'js-yaml';
import { jsonpath, JSONPathError } from 'json-p3';
import { GenError } from '../errors.js';

/**
 * Overlays (the OpenAPI Initiative's Overlay Specification 1.0, which is not specific to OpenAPI):
 * corrections kept beside a provider's spec instead of edits to it, so the same file still applies
 * when the provider publishes a new version. Each action selects nodes with an RFC 9535 JSONPath
 * query (json-p3, which follows the RFC) and merges `update` into them or removes them.
 */

export interface OverlayAction {
  target: string;
  description?: string;
  update?: unknown;
  remove?: boolean;
}

export interface OverlayDocument {
  overlay: string;
  info: { title: string; version: string };
  actions: OverlayAction[];
}

export interface LoadedOverlay {
  /** As given on the command line, relative to the working folder: how messages name it. */
  shown: string;
  text: string;
  document: OverlayDocument;
}

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** YAML 1.2's core schema: `2024-06-20` stays a string, as JSON Schema and AsyncAPI expect. */
export function parseYaml(text: string, shown: string): unknown {
  try {
    return yaml.load(text, { schema: yaml.CORE_SCHEMA, filename: shown });
  } catch (error) {
    throw new GenError(`${shown} is not valid YAML or JSON: ${(error as Error).message.split('\n')[0]}`);
  }
}

export async function readOverlay(file: string, cwd: string): Promise<LoadedOverlay> {
  const shown = path.relative(cwd, path.resolve(cwd, file)).split(path.sep).join('/') || file;
  let text: string;
  try {
    text = await readFile(path.resolve(cwd, file), 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new GenError(code === 'ENOENT' ? `overlay not found: ${shown}` : `cannot read overlay ${shown}: ${(error as Error).message}`);
  }
  return { shown, text, document: checkOverlay(parseYaml(text, shown), shown) };
}

/** The document's shape, checked before any action runs, each problem named with where it is. */
export function checkOverlay(value: unknown, shown: string): OverlayDocument {
  const fail = (what: string) => new GenError(`${shown} is not an Overlay 1.0 document: ${what}`, ['see https://spec.openapis.org/overlay/v1.0.0.html']);
  if (!isObject(value)) throw fail('it is not a mapping');
  if (typeof value.overlay !== 'string' || !/^1\.0\.\d+$/.test(value.overlay)) throw fail('"overlay" must be a version 1.0.x, such as 1.0.0');
  const info = value.info;
  if (!isObject(info) || typeof info.title !== 'string' || typeof info.version !== 'string') throw fail('"info" needs a "title" and a "version"');
  if (!Array.isArray(value.actions) || value.actions.length === 0) throw fail('"actions" must be a list of at least one action');
  value.actions.forEach((action: unknown, i) => {
    const at = `actions[${i}]`;
    if (!isObject(action)) throw fail(`${at} is not a mapping`);
    if (typeof action.target !== 'string' || !action.target.startsWith('$')) throw fail(`${at}.target must be a JSONPath query starting with $`);
    if (action.remove !== undefined && typeof action.remove !== 'boolean') throw fail(`${at}.remove must be true or false`);
    if (action.update === undefined && action.remove !== true) throw fail(`${at} has neither "update" nor "remove: true"`);
    try {
      jsonpath.compile(action.target);
    } catch (error) {
      if (error instanceof JSONPathError) throw fail(`${at}.target ${JSON.stringify(action.target)} is not RFC 9535 JSONPath: ${error.message}`);
      throw error;
    }
  });
  return value as unknown as OverlayDocument;
}

/** Objects merge key by key, recursively; anything else in `update` replaces what is there. */
function merge(target: Json, update: Json): void {
  for (const [key, value] of Object.entries(update)) {
    const current = target[key];
    if (isObject(current) && isObject(value)) merge(current, value);
    else Object.defineProperty(target, key, { value: structuredClone(value), enumerable: true, writable: true, configurable: true });
  }
}

/**
 * Applies each overlay's actions in order to `doc` (changed in place). An action whose target
 * selects nothing is not an error, since the provider's spec may have moved on, but it is named
 * in the returned warnings, so a correction that no longer applies is never silently dropped.
 */
export function applyOverlays(doc: Json, overlays: readonly LoadedOverlay[]): string[] {
  const warnings: string[] = [];
  for (const { shown, document } of overlays) {
    document.actions.forEach((action, i) => {
      const nodes = jsonpath.query(action.target, doc as never).nodes;
      const label = `${shown} actions[${i}]${action.description ? ` (${action.description})` : ''}`;
      if (nodes.length === 0) {
        warnings.push(`overlay ${label}: target ${action.target} matches nothing in the spec; the action was skipped`);
        return;
      }
      if (action.remove === true) {
        // Deepest and last first, so removing one node never shifts the index of another.
        const locations = nodes.map((n) => n.location).sort((a, b) => b.length - a.length || compareLast(b, a));
        for (const location of locations) removeAt(doc, location);
        return;
      }
      for (const node of nodes) {
        if (Array.isArray(node.value)) (node.value as unknown[]).push(structuredClone(action.update));
        else if (isObject(node.value) && isObject(action.update)) merge(node.value, action.update);
        else if (isObject(node.value)) throw new GenError(`overlay ${label}: an update of an object must be a mapping`);
        else throw new GenError(`overlay ${label}: target ${action.target} selects a value that is neither an object nor an array; update its parent instead`);
      }
    });
  }
  return warnings;
}

const compareLast = (a: readonly (string | number)[], b: readonly (string | number)[]) => {
  const x = a.at(-1);
  const y = b.at(-1);
  return typeof x === 'number' && typeof y === 'number' ? x - y : String(x) < String(y) ? -1 : String(x) > String(y) ? 1 : 0;
};

function removeAt(doc: Json, location: readonly (string | number)[]): void {
  if (location.length === 0) throw new GenError('an overlay cannot remove the whole document ($)');
  let parent: unknown = doc;
  for (const part of location.slice(0, -1)) parent = (parent as Record<string | number, unknown>)[part];
  const last = location.at(-1)!;
  if (Array.isArray(parent) && typeof last === 'number') parent.splice(last, 1);
  else if (isObject(parent)) delete parent[last];
}

/** An overlay as text: YAML for `.yaml`/`.yml`, JSON otherwise; keys in the order they were built. */
export function renderOverlay(document: OverlayDocument, file: string): string {
  if (/\.ya?ml$/i.test(file)) return yaml.dump(document, { lineWidth: -1, noRefs: true, schema: yaml.CORE_SCHEMA });
  return `${JSON.stringify(document, null, 2)}\n`;
}

/** A normalized JSONPath (RFC 9535, 2.7) for a location: the one spelling every tool agrees on. */
export function normalizedPath(location: readonly (string | number)[]): string {
  return `$${location.map((p) => (typeof p === 'number' ? `[${p}]` : `['${escapeName(p)}']`)).join('')}`;
}

function escapeName(name: string): string {
  return name.replace(/[\\'\u0000-\u001f]/g, (c) =>
    c === '\\'
      ? '\\\\'
      : c === "'"
        ? "\\'"
        : c === '\b'
          ? '\\b'
          : c === '\f'
            ? '\\f'
            : c === '\n'
              ? '\\n'
              : c === '\r'
                ? '\\r'
                : c === '\t'
                  ? '\\t'
                  : `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}
