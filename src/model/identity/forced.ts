import { GenError } from '../../errors.js';
import { EVERY } from '../../runtime/event-identity.js';

/**
 * The one syntax, for `--discriminator` and the spec's `x-webhook-discriminator`, that says where
 * events are named: a body path (`event.event_type`), several joined by `+`
 * (`webhook_type+webhook_code`), or a header (`header:X-GitHub-Event`). A key followed by `[]` is
 * an array whose every element holds the value (`notificationItems[].NotificationRequestItem.eventCode`).
 */
export type Forced = { kind: 'body'; paths: string[][] } | { kind: 'header'; name: string };

export function parseDiscriminator(text: string, where: string): Forced {
  const trimmed = text.trim();
  const header = /^header:\s*([!#$%&'*+.^_`|~0-9A-Za-z-]+)$/.exec(trimmed);
  if (header) return { kind: 'header', name: header[1]! };
  const segments = trimmed.split('+').map((p) => p.trim().split('.'));
  const steps = segments.map((p) => p.map((segment) => /^([^[\]]+)(\[\])?$/.exec(segment)));
  if (trimmed === '' || trimmed.startsWith('header:') || steps.some((p) => p.some((m) => m === null) || p[p.length - 1]![2] !== undefined)) {
    throw new GenError(`${where} ${JSON.stringify(text)} is not a body path or header`, [
      'write a body path (event.event_type), several joined by + (webhook_type+webhook_code), or header:<Name> (header:X-GitHub-Event)',
      'a key followed by [] is an array, read in every element (items[].event.code); the path ends with a key',
    ]);
  }
  return { kind: 'body', paths: steps.map((p) => p.flatMap((m) => (m![2] !== undefined ? [m![1]!, EVERY] : [m![1]!]))) };
}
