import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { GenError } from '../../src/errors.js';
import { nameSchemas } from '../../src/model/schema/names.js';
import { SchemaNormalizer } from '../../src/model/schema/normalize.js';
import { suggestKeyword } from '../../src/model/schema/keywords.js';

/** Parser output marks component schemas with x-parser-schema-id; inline ones are anonymous. */
const named = (id: string, schema: Record<string, unknown>) => ({ ...schema, 'x-parser-schema-id': id });
const anon = (n: number, schema: Record<string, unknown>) => ({ ...schema, 'x-parser-schema-id': `<anonymous-schema-${n}>` });

function normalize(node: unknown) {
  const n = new SchemaNormalizer();
  const name = n.payload(node, 'FallbackPayload', 'test');
  return { n, name, body: n.definitions.get(name)! };
}

describe('SchemaNormalizer', () => {
  const cases: Array<[string, Record<string, unknown>, Record<string, unknown>]> = [
    ['nullable string', { type: 'string', nullable: true }, { type: ['string', 'null'] }],
    ['nullable enum gains null', { type: 'string', enum: ['a', 'b'], nullable: true }, { type: ['string', 'null'], enum: ['a', 'b', null] }],
    ['one-value enum becomes const', { type: 'string', enum: ['v1'] }, { type: 'string', const: 'v1' }],
    ['nullable const becomes enum with null', { type: 'string', const: 'x', nullable: true }, { type: ['string', 'null'], enum: ['x', null] }],
    ['untyped nullable becomes anyOf', { description: 'd', nullable: true }, { anyOf: [{ description: 'd' }, { type: 'null' }] }],
    ['extensions dropped', { type: 'integer', 'x-internal': true, format: 'int64' }, { type: 'integer', format: 'int64' }],
    ['type null alone is the constant null', { type: 'null', description: 'd' }, { description: 'd', const: null }],
    ['a union keeps its null branch a type', { anyOf: [{ type: 'string' }, { type: 'null' }] }, { anyOf: [{ type: 'string' }, { type: 'null' }] }],
  ];
  for (const [name, input, expected] of cases) {
    it(name, () => assert.deepEqual(normalize(anon(1, input)).body, expected));
  }

  it('merges an allOf envelope and narrows a shared enum to one constant (figma)', () => {
    const base = named('BaseEvent', {
      type: 'object',
      required: ['event_type', 'passcode'],
      properties: { event_type: { type: 'string', enum: ['PING', 'FILE_UPDATE'] }, passcode: { type: 'string' } },
    });
    const ping = named('PingEvent', {
      allOf: [
        base,
        anon(2, { type: 'object', required: ['file_key'], properties: { event_type: { type: 'string', enum: ['PING'] }, file_key: { type: 'string' } } }),
      ],
    });
    const { body, name } = normalize(ping);
    assert.equal(name, 'PingEvent');
    assert.deepEqual(body, {
      type: 'object',
      required: ['event_type', 'passcode', 'file_key'],
      properties: { event_type: { type: 'string', const: 'PING' }, passcode: { type: 'string' }, file_key: { type: 'string' } },
    });
  });

  it('refuses an allOf whose types cannot meet', () => {
    const node = anon(1, { allOf: [anon(2, { type: 'string' }), anon(3, { type: 'object' })] });
    assert.throws(
      () => normalize(node),
      (e: unknown) => e instanceof GenError && /combines incompatible types: string and object/.test(e.message),
    );
  });

  // A contradiction in a field loosens that field to what either part allows and is reported
  // with its place; a whole schema that contradicts itself still stops.
  const base = named('Item', { type: 'object', properties: { code: { type: 'string', enum: ['A', 'B'] }, id: { type: 'string' } } });
  const loosening: Array<[string, Record<string, unknown>, Record<string, unknown>, Array<{ where: string; at: string[]; text: RegExp }>]> = [
    [
      'a field narrowed to a value its base enum lacks accepts either',
      named('Ach', { allOf: [base, anon(2, { type: 'object', properties: { code: { type: 'string', enum: ['C'] } } })] }),
      { code: { type: 'string', enum: ['A', 'B', 'C'] }, id: { type: 'string' } },
      [
        {
          where: 'Ach.code',
          at: ['components', 'schemas', 'Ach', 'allOf'],
          text: /allows no value: \["A", "B"\] and \["C"\] have none in common; the field accepts either$/,
        },
      ],
    ],
    [
      'a field whose types cannot meet accepts either type',
      named('Mixed', { allOf: [base, anon(2, { type: 'object', properties: { id: { type: 'integer' } } })] }),
      { code: { type: 'string', enum: ['A', 'B'] }, id: { type: ['string', 'integer'] } },
      [
        {
          where: 'Mixed.id',
          at: ['components', 'schemas', 'Mixed', 'allOf'],
          text: /combines incompatible types: string and integer; the field accepts either$/,
        },
      ],
    ],
    [
      'an allOf written on a property is a field too',
      anon(1, { type: 'object', properties: { code: anon(2, { allOf: [anon(3, { type: 'string', enum: ['A'] }), anon(4, { enum: ['B'] })] }) } }),
      { code: { type: 'string', enum: ['A', 'B'] } },
      [{ where: 'FallbackPayload.code', at: ['properties', 'code', 'allOf'], text: /allows no value: \["A"\] and \["B"\]/ }],
    ],
  ];
  for (const [name, input, properties, loosened] of loosening) {
    it(name, () => {
      const { n, body } = normalize(input);
      assert.deepEqual(body.properties, properties);
      assert.equal(n.loosened.length, loosened.length);
      n.loosened.forEach((l, i) => {
        assert.equal(l.where, loosened[i]!.where);
        assert.deepEqual(l.at, loosened[i]!.at);
        assert.match(l.text, loosened[i]!.text);
      });
    });
  }

  it('refuses a whole schema whose allOf allows no value', () => {
    const node = anon(1, { allOf: [anon(2, { type: 'string', enum: ['A'] }), anon(3, { enum: ['B'] })] });
    assert.throws(
      () => normalize(node),
      (e: unknown) => e instanceof GenError && e.message === 'allOf at FallbackPayload allows no value: ["A"] and ["B"] have none in common',
    );
  });

  it('keeps __proto__ as a property, not a prototype', () => {
    const properties = JSON.parse('{"__proto__": {"type": "string"}, "ok": {"type": "number"}}');
    const { body } = normalize(anon(1, { type: 'object', properties }));
    assert.deepEqual(Object.keys(body.properties as object), ['__proto__', 'ok']);
    assert.equal(Object.getPrototypeOf(body.properties), Object.prototype);
  });

  it('turns a named schema use into a $ref and defines it once', () => {
    const user = named('WebhookUser', { type: 'object', properties: { id: { type: 'string' } } });
    const { n, body } = normalize(named('Envelope', { type: 'object', properties: { a: user, b: user } }));
    assert.deepEqual(body.properties, { a: { $ref: '#/definitions/WebhookUser' }, b: { $ref: '#/definitions/WebhookUser' } });
    assert.deepEqual([...n.definitions.keys()].sort(), ['Envelope', 'WebhookUser']);
  });

  it('reports keywords it does not enforce', () => {
    const { n } = normalize(anon(1, { type: 'string', not: { const: 'x' } }));
    assert.deepEqual(n.notes, ['FallbackPayload: keyword "not" is not enforced by the generated validators']);
  });
});

describe('nameSchemas', () => {
  it('names inline objects and enums after their place, and rewrites refs', () => {
    const defs = new Map<string, Record<string, unknown>>([
      [
        'image_envelope',
        {
          type: 'object',
          properties: {
            data: {
              type: 'object',
              properties: { status: { enum: ['A', 'B'] }, images: { type: 'array', items: { type: 'object', properties: { url: { type: 'string' } } } } },
            },
            user: { $ref: '#/definitions/api-key' },
          },
        },
      ],
      ['api-key', { type: 'object', properties: { id: { type: 'string' } } }],
    ]);
    const result = nameSchemas(defs, new Map());
    assert.deepEqual(
      result.map((s) => s.name),
      ['ApiKey', 'ImageEnvelope', 'ImageEnvelopeData', 'ImageEnvelopeDataImagesItem', 'ImageEnvelopeDataStatus'],
    );
    const envelope = result.find((s) => s.name === 'ImageEnvelope')!;
    assert.deepEqual(envelope.schema.properties, { data: { $ref: '#/definitions/ImageEnvelopeData' }, user: { $ref: '#/definitions/ApiKey' } });
  });

  it('a property named like a global (object, date, error) adds no underscore to the inline type named after it', () => {
    const defs = new Map<string, Record<string, unknown>>([
      [
        'UpscaleCompleteEnvelope',
        {
          type: 'object',
          properties: {
            data: { type: 'object', properties: { object: { type: 'object', properties: { id: { type: 'string' } } } } },
            error: { type: 'object', properties: { code: { type: 'string' } } },
          },
        },
      ],
      // A whole name that is a global still gets its underscore.
      ['Object', { type: 'object', properties: { id: { type: 'string' } } }],
    ]);
    assert.deepEqual(
      nameSchemas(defs, new Map()).map((s) => s.name),
      ['Object_', 'UpscaleCompleteEnvelope', 'UpscaleCompleteEnvelopeData', 'UpscaleCompleteEnvelopeDataObject', 'UpscaleCompleteEnvelopeError'],
    );
  });

  it('refuses two schemas that would share a name, naming both', () => {
    const defs = new Map<string, Record<string, unknown>>([
      ['Envelope', { type: 'object', properties: { data: { type: 'object', properties: { a: { type: 'string' } } } } }],
      ['EnvelopeData', { type: 'object', properties: { b: { type: 'string' } } }],
    ]);
    assert.throws(
      () => nameSchemas(defs, new Map([['EnvelopeData', 'components.schemas.EnvelopeData']])),
      (e: unknown) => {
        assert.ok(e instanceof GenError);
        assert.equal(e.message, 'two schemas would both be named EnvelopeData');
        assert.deepEqual(e.details.slice(0, 2), ['components.schemas.EnvelopeData', 'Envelope.data']);
        return true;
      },
    );
  });
});

describe('unknown schema keywords', () => {
  it('are recorded with their JSON path; known keywords, annotations and extensions are not', () => {
    const n = new SchemaNormalizer();
    const payload = anon(1, {
      type: 'object',
      $comment: 'c',
      'x-any': 1,
      nullable: false,
      properties: { seed: anon(2, { tpye: 'string' }), list: anon(3, { type: 'array', items: anon(4, { formt: 'uuid' }) }) },
    });
    n.payload(payload, 'P', 'test', ['channels', '/hook', 'publish', 'message', 'payload']);
    assert.deepEqual(n.unknownKeywords, [
      { keyword: 'tpye', where: 'P.seed', at: ['channels', '/hook', 'publish', 'message', 'payload', 'properties', 'seed', 'tpye'], suggestion: 'type' },
      {
        keyword: 'formt',
        where: 'P.list[]',
        at: ['channels', '/hook', 'publish', 'message', 'payload', 'properties', 'list', 'items', 'formt'],
        suggestion: 'format',
      },
    ]);
  });

  it('a named schema is located at its component', () => {
    const n = new SchemaNormalizer();
    n.payload(named('Seed', { type: 'object', requird: ['a'] }), 'P', 'test', ['channels', 'x']);
    assert.deepEqual(
      n.unknownKeywords.map((u) => u.at),
      [['components', 'schemas', 'Seed', 'requird']],
    );
  });

  const suggestions: Array<[string, string | undefined]> = [
    ['tpye', 'type'],
    ['requried', 'required'],
    ['additionalPropertes', 'additionalProperties'],
    ['maxLenght', 'maxLength'],
    ['frobnicate', undefined],
    ['ab', undefined],
  ];
  for (const [word, expected] of suggestions) {
    it(`suggests ${String(expected)} for ${word}`, () => assert.equal(suggestKeyword(word), expected));
  }
});
