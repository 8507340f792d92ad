import { GenError } from '../../errors.js';

/**
 * The one syntax, for `--discriminator` and the spec's `x-webhook-discriminator`, that says where
 * events are named: a body path (`event.event_type`), several joined by `+`
 * (`webhook_type+webhook_code`), or a header (`header:X-GitHub-Event`).
 */
export type Forced = { kind: 'body'; paths: string[][] } | { kind: 'header'; name: string };

export function parseDiscriminator(text: string, where: string): Forced {
  const trimmed = text.trim();
  const header = /^header:\s*([!#$%&'*+.^_`|~0-9A-Za-z-]+)$/.exec(trimmed);
  if (header) return { kind: 'header', name: header[1]! };
  const paths = trimmed.split('+').map((p) => p.trim().split('.'));
  if (trimmed === '' || trimmed.startsWith('header:') || paths.some((p) => p.some((k) => k === ''))) {
    throw new GenError(`${where} ${JSON.stringify(text)} is not a body path or header`, [
      'write a body path (event.event_type), several joined by + (webhook_type+webhook_code), or header:<Name> (header:X-GitHub-Event)',
    ]);
  }
  return { kind: 'body', paths };
}
