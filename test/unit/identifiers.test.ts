import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { assignIdentifiers, objectLiteralKey, propertyAccess, propertyKey, quotedObjectKey, typeName } from '../../src/codegen/identifiers.js';
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

describe('objectLiteralKey and quotedObjectKey', () => {
  // In an object literal `__proto__: x` and `"__proto__": x` set the prototype; only a computed key makes a property.
  const cases: Array<[string, string, string]> = [
    ['type', 'type', '"type"'],
    ['content-type', '"content-type"', '"content-type"'],
    ['constructor', 'constructor', '"constructor"'],
    ['__proto__', '["__proto__"]', '["__proto__"]'],
    ['__proto__ ', '"__proto__ "', '"__proto__ "'],
  ];
  for (const [input, bare, quoted] of cases) {
    it(`${JSON.stringify(input)} → ${bare} / ${quoted}`, () => {
      assert.equal(objectLiteralKey(input), bare);
      assert.equal(quotedObjectKey(input), quoted);
      assert.equal(Object.keys(new Function(`return { ${bare}: 1, ${quoted}: 2 };`)() as object).length, 1);
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
