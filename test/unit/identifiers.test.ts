import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { assignIdentifiers, propertyAccess, propertyKey, typeName } from '../../src/codegen/identifiers.js';
import { GenError } from '../../src/errors.js';

describe('typeName', () => {
  const cases: Array<[string, string]> = [
    ['image_generation.complete', 'ImageGenerationComplete'],
    ['ApiKey', 'ApiKey'],
    ['FILE_UPDATE', 'FileUpdate'],
    ['email.delivery_delayed', 'EmailDeliveryDelayed'],
    ['HTTPServer', 'HttpServer'],
    ['3d-model', '_3dModel'],
    ['Record', 'Record_'],
    ['Request', 'Request_'],
    ['WebhookEvent', 'WebhookEvent_'],
    ['café', 'Cafe'],
    ['***', 'Unnamed'],
    ['', 'Unnamed'],
  ];
  for (const [input, expected] of cases) it(`${JSON.stringify(input)} → ${expected}`, () => assert.equal(typeName(input), expected));
});

describe('propertyKey and propertyAccess', () => {
  const cases: Array<[string, string, string]> = [
    ['type', 'type', '.type'],
    ['api_version', 'api_version', '.api_version'],
    ['$ref', '$ref', '.$ref'],
    ['class', 'class', '.class'],
    ['content-type', '"content-type"', '["content-type"]'],
    ['123', '"123"', '["123"]'],
    ["it's", `"it's"`, `["it's"]`],
    ['__proto__', '__proto__', '.__proto__'],
    ['a\u2028b', '"a\\u2028b"', '["a\\u2028b"]'],
    ['', '""', '[""]'],
  ];
  for (const [input, key, access] of cases) {
    it(`${JSON.stringify(input)} → ${key} / ${access}`, () => {
      assert.equal(propertyKey(input), key);
      assert.equal(propertyAccess(input), access);
    });
  }
});

describe('assignIdentifiers', () => {
  it('maps each source to its identifier', () => {
    const ids = assignIdentifiers(['a.b', 'c_d'], typeName, 'Event');
    assert.deepEqual(
      [...ids],
      [
        ['a.b', 'AB'],
        ['c_d', 'CD'],
      ],
    );
  });
  it('names every source of a collision', () => {
    assert.throws(
      () => assignIdentifiers(['file.update', 'file_update', 'FILE-UPDATE', 'other'], typeName, 'Event'),
      (error: unknown) => {
        assert.ok(error instanceof GenError);
        assert.equal(error.message, 'Event names collide: different names map to the same TypeScript identifier');
        assert.deepEqual(error.details, ['"file.update" and "file_update" and "FILE-UPDATE" all become FileUpdate']);
        return true;
      },
    );
  });
  it('accepts the same source twice', () => {
    assert.equal(assignIdentifiers(['x', 'x'], typeName, 'Event').size, 1);
  });
});
