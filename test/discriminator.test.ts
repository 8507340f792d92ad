import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { GenError } from '../src/errors.js';
import { findDiscriminator, type DiscriminatorInput } from '../src/model/discriminator.js';

const msg = (messageName: string, properties: Record<string, unknown>): DiscriminatorInput => ({
  messageName,
  schema: { type: 'object', properties },
});

describe('findDiscriminator', () => {
  const found: Array<[string, DiscriminatorInput[], string | null, string[]]> = [
    [
      'Leonardo: type',
      [msg('ImageGenerationComplete', { type: { const: 'image_generation.complete' }, object: { const: 'generation' } })],
      'type',
      ['image_generation.complete'],
    ],
    [
      'figma: event_type',
      [msg('ping', { event_type: { const: 'PING' }, passcode: {} }), msg('file_update', { event_type: { const: 'FILE_UPDATE' } })],
      'event_type',
      ['PING', 'FILE_UPDATE'],
    ],
    [
      'honeybadger: event',
      [msg('Occurred', { event: { const: 'occurred' } }), msg('Resolved', { event: { const: 'resolved' } })],
      'event',
      ['occurred', 'resolved'],
    ],
    [
      'a shared constant is skipped for a distinct one',
      [msg('A', { api_version: { const: 'v1' }, kind: { const: 'a' } }), msg('B', { api_version: { const: 'v1' }, kind: { const: 'b' } })],
      'kind',
      ['a', 'b'],
    ],
    [
      'preferred names win over others',
      [msg('A', { zeta: { const: 'z1' }, type: { const: 'a' } }), msg('B', { zeta: { const: 'z2' }, type: { const: 'b' } })],
      'type',
      ['a', 'b'],
    ],
    [
      'alphabetical among the rest',
      [msg('A', { zeta: { const: 'z1' }, alpha: { const: 'a1' } }), msg('B', { zeta: { const: 'z2' }, alpha: { const: 'a2' } })],
      'alpha',
      ['a1', 'a2'],
    ],
    ['one message and no constant: dispatch by channel', [msg('Only', { text: { type: 'string' } })], null, []],
  ];
  for (const [name, inputs, field, values] of found) {
    it(name, () => {
      const result = findDiscriminator('ch', inputs);
      if (field === null) assert.equal(result, null);
      else assert.deepEqual(result, { field, values });
    });
  }

  const failing: Array<[string, DiscriminatorInput[], string | undefined, RegExp, string[]]> = [
    [
      'colliding values name both messages',
      [msg('A', { type: { const: 'same' } }), msg('B', { type: { const: 'same' } })],
      undefined,
      /^cannot tell the 2 messages of channel ch apart/,
      ['messages A and B both have "type" = "same"'],
    ],
    [
      'no constant at all lists each message',
      [msg('A', { text: {} }), msg('B', { text: {} })],
      undefined,
      /^cannot tell the 2 messages of channel ch apart/,
      ['message A: constant fields none', 'message B: constant fields none'],
    ],
    [
      'a forced field missing from a message',
      [msg('A', { kind: { const: 'a' } }), msg('B', {})],
      'kind',
      /^--discriminator kind does not tell the messages of channel ch apart$/,
      ['message B has no constant value for "kind"'],
    ],
  ];
  for (const [name, inputs, forced, message, details] of failing) {
    it(name, () => {
      assert.throws(
        () => findDiscriminator('ch', inputs, forced),
        (error: unknown) => {
          assert.ok(error instanceof GenError);
          assert.match(error.message, message);
          for (const line of details) assert.ok(error.details.includes(line), `missing detail ${line} in ${JSON.stringify(error.details)}`);
          return true;
        },
      );
    });
  }

  it('a forced field is used even where another would be found', () => {
    const inputs = [msg('A', { type: { const: 'a' }, kind: { const: 'x' } }), msg('B', { type: { const: 'b' }, kind: { const: 'y' } })];
    assert.deepEqual(findDiscriminator('ch', inputs, 'kind'), { field: 'kind', values: ['x', 'y'] });
  });
});
