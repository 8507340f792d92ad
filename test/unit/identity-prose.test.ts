import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { proseRules } from '../../src/model/identity/prose.js';

/** Which field or header a description says names the event: only what a sentence quotes while saying so. */

const at = ['channels', 'hook', 'description'];
const cases: Array<[string, string, Array<[kind: string, text: string]>]> = [
  ['a nested field that identifies the event', "The envelope's `event.event_type` field identifies the event class.", [['body', 'event.event_type']]],
  ['a header that carries the event name', 'The `X-Foo-Event` header carries the event name.', [['header', 'X-Foo-Event']]],
  [
    'the one clause of several that speaks of the event',
    'Each request includes an X-Event-Key header identifying the event, an X-Hook-UUID header identifying the hook, and an X-Attempt header.',
    [['header', 'X-Event-Key']],
  ],
  ['a sentence whose saying spans clauses, quoting one field', 'The `type` field, which is always present, names the event.', [['body', 'type']]],
  ['a header named with a dash in a sentence about headers', 'The "Acme-Event-Name" header names the event.', [['header', 'Acme-Event-Name']]],
  ['a quoted word in a sentence that names no event', 'Set `Content-Type` to `application/json`.', []],
  ['a field that is said to be something else', 'The `id` field is unique per delivery.', []],
  ['an event name quoted where nothing says it names', 'For example `issue.created`.', []],
];

describe('rules read from prose', () => {
  for (const [name, text, expected] of cases) {
    it(name, () => {
      assert.deepEqual(
        proseRules([{ text, at }]).map((r) => [r.kind, r.text]),
        expected,
      );
    });
  }

  it('keeps where each is written, and reads each token once', () => {
    const rules = proseRules([
      { text: 'The `kind` field names the event.', at },
      { text: 'Again: the `kind` field names the event.', at: ['info', 'description'] },
    ]);
    assert.deepEqual(rules, [{ kind: 'body', text: 'kind', where: 'channels.hook.description', at }]);
  });
});
