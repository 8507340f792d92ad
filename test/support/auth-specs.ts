import { writeFile } from 'node:fs/promises';
import path from 'node:path';

/**
 * Small AsyncAPI 2.6 documents that declare one way of authenticating a sender each: a scheme,
 * message headers, prose, server security. Written for these tests, so detection is tested on
 * specs the project may ship.
 */
export interface AuthSpecParts {
  schemes?: string;
  /** Server `security:` entries, as YAML list items. */
  security?: string;
  /** Message header properties, as YAML mapping entries under `properties:`. */
  headers?: string;
  /** Payload properties beyond `type`. */
  fields?: string;
  description?: string;
  contentType?: string;
  /** Top-level YAML lines (extensions such as `x-webhook-auth`). */
  extensions?: string;
  /** YAML lines under `info:`. */
  infoExtensions?: string;
}

const indent = (text: string, spaces: number) =>
  text
    .trim()
    .split('\n')
    .map((l) => ' '.repeat(spaces) + l)
    .join('\n');

export function authSpec(parts: AuthSpecParts): string {
  return [
    'asyncapi: 2.6.0',
    'info:',
    '  title: Sender auth sample',
    '  version: 1.0.0',
    ...(parts.description ? ['  description: |', indent(parts.description, 4)] : []),
    ...(parts.infoExtensions ? [indent(parts.infoExtensions, 2)] : []),
    'servers:',
    '  receiver:',
    '    url: https://example.test/hook',
    '    protocol: https',
    ...(parts.security ? ['    security:', indent(parts.security, 6)] : []),
    'channels:',
    '  /hook:',
    '    publish:',
    '      message:',
    '        name: ping',
    `        contentType: ${parts.contentType ?? 'application/json'}`,
    ...(parts.headers ? ['        headers:', '          type: object', '          properties:', indent(parts.headers, 12)] : []),
    '        payload:',
    '          type: object',
    '          properties:',
    '            type:',
    '              type: string',
    ...(parts.fields ? [indent(parts.fields, 12)] : []),
    ...(parts.schemes ? ['components:', '  securitySchemes:', indent(parts.schemes, 4)] : []),
    ...(parts.extensions ? [indent(parts.extensions, 0)] : []),
    '',
  ].join('\n');
}

export async function writeAuthSpec(dir: string, name: string, parts: AuthSpecParts): Promise<string> {
  const file = path.join(dir, `${name}.yaml`);
  await writeFile(file, authSpec(parts));
  return file;
}
