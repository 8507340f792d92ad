import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { generate } from '../../src/generate.js';
import { loadSpec } from '../../src/load/load-spec.js';
import { renderOverlay, type OverlayAction } from '../../src/load/overlay.js';
import { buildModel } from '../../src/model/build-model.js';
import { suggestOverlay } from '../../src/drift/suggest.js';
import { findDrift } from '../../src/drift/find-drift.js';
import { removeDir, tempDir } from '../support/helpers.js';
import { message, obj, str, type Doc } from '../support/spec-docs.js';

/**
 * verify --suggest, from small specs and payload sets: what each kind of contradiction becomes
 * (the overlay's actions, exactly), and that the spec read through that overlay accepts every
 * payload in strict mode, so the loop converges in one round.
 */

const shared = {
  asyncapi: '2.6.0',
  info: { title: 't', version: '1' },
  channels: {
    '/hook': {
      publish: {
        message: {
          oneOf: [
            message(
              'Created',
              obj({ type: { type: 'string', const: 'created' }, data: { $ref: '#/components/schemas/Item' } }, { required: ['type', 'data'] }),
            ),
            message(
              'Deleted',
              obj({ type: { type: 'string', const: 'deleted' }, data: { $ref: '#/components/schemas/Item' } }, { required: ['type', 'data'] }),
            ),
          ],
        },
      },
    },
  },
  components: {
    schemas: {
      Item: obj(
        {
          id: str,
          status: { type: 'string', enum: ['ok', 'failed'] },
          at: { type: 'string', format: 'date-time' },
          owner: { $ref: '#/components/schemas/Owner' },
          meta: obj({ k: str }),
          count: { type: 'integer' },
        },
        { required: ['id', 'status'] },
      ),
      Owner: obj({ name: str }),
    },
  },
};
const item = (extra: Doc = {}) => ({ id: 'i1', status: 'ok', at: '2026-01-01T00:00:00Z', ...extra });
const created = (data: Doc) => ({ type: 'created', data });
const deleted = (data: Doc) => ({ type: 'deleted', data });
const ITEM = "$['components']['schemas']['Item']";

describe('verify --suggest', () => {
  let dir = '';
  let n = 0;
  before(async () => {
    dir = await tempDir('suggest');
    await writeFile(path.join(dir, 'spec.json'), JSON.stringify(shared));
  });
  after(() => removeDir(dir));

  /** The overlay's actions for these bodies; and the verify report of the same bodies through it. */
  const suggest = async (bodies: unknown[]) => {
    const spec = await loadSpec('spec.json', { cwd: dir });
    const { model } = buildModel(spec);
    const payloads = bodies.map((body, i) => ({ source: `p${i}.json`, body }));
    const { overlay } = suggestOverlay(spec.raw, model, findDrift(model, payloads), payloads, []);
    const file = `fix-${n++}.yaml`;
    await writeFile(path.join(dir, file), renderOverlay(overlay, file));
    const fixed = await loadSpec('spec.json', { cwd: dir, overlays: [file] });
    const report = findDrift(buildModel(fixed).model, payloads);
    return { actions: overlay.actions, report, file, text: renderOverlay(overlay, file) };
  };

  const rows: Array<[string, unknown[], OverlayAction[]]> = [
    [
      'undeclared fields from every event that shares the schema, types merged',
      [created(item({ extra: 1 })), deleted(item({ extra: 2.5, other: 'x' })), created(item({ other: null }))],
      [
        {
          target: ITEM,
          description: 'declare extra, other as delivered',
          update: { properties: { extra: { type: 'number' }, other: { type: ['null', 'string'] } } },
        },
      ],
    ],
    [
      'null where the spec says string',
      [created(item({ id: null }))],
      [{ target: `${ITEM}['properties']['id']`, description: 'accept null as delivered', update: { type: ['null', 'string'] } }],
    ],
    [
      'an enum value sent as a number: the value and its type',
      [created(item({ status: 2 }))],
      [
        { target: `${ITEM}['properties']['status']`, description: 'accept integer as delivered', update: { type: ['integer', 'string'] } },
        { target: `${ITEM}['properties']['status']['enum']`, description: 'value 2 delivered', update: 2 },
      ],
    ],
    [
      'a required key some deliveries leave out',
      [created(item()), deleted({ id: 'i2', at: '2026-01-01T00:00:00Z' })],
      [{ target: `${ITEM}['required'][?@ == 'status']`, description: 'status is missing from some deliveries', remove: true }],
    ],
    [
      'a format one value fails is dropped',
      [created(item()), created(item({ at: 'yesterday' }))],
      [{ target: `${ITEM}['properties']['at']['format']`, description: 'values delivered that are not date-time', remove: true }],
    ],
    [
      'an integer field sent a fraction becomes a number',
      [created(item({ count: 1.5 }))],
      [{ target: `${ITEM}['properties']['count']`, description: 'accept number as delivered', update: { type: 'number' } }],
    ],
    [
      'a string where an object was declared: anyOf of both',
      [created(item({ meta: 'flat' }))],
      [
        { target: `${ITEM}['properties']['meta']`, description: 'delivered as another kind of value', remove: true },
        {
          target: `${ITEM}['properties']`,
          description: 'the schema, or what was delivered',
          update: { meta: { anyOf: [{ type: 'object', properties: { k: { type: 'string' } } }, { type: 'string' }] } },
        },
      ],
    ],
    [
      'a shared schema delivered null: the reference is made nullable, not the schema',
      [created(item({ owner: null }))],
      [
        { target: `${ITEM}['properties']['owner']`, description: 'delivered as null', remove: true },
        {
          target: `${ITEM}['properties']`,
          description: 'the reference, or null',
          update: { owner: { anyOf: [{ $ref: '#/components/schemas/Owner' }, { type: 'null' }] } },
        },
      ],
    ],
  ];
  for (const [name, bodies, expected] of rows) {
    it(name, async () => {
      const { actions, report } = await suggest(bodies);
      assert.deepEqual(actions, expected);
      assert.deepEqual(
        report.payloads.map((p) => p.status),
        bodies.map(() => 'valid'),
        JSON.stringify(report.drift),
      );
    });
  }

  it('an unknown event becomes a message of its own, its schema from all its deliveries', async () => {
    const { actions, report } = await suggest([
      { type: 'archived', data: { id: 'a', reason: 'old' } },
      { type: 'archived', data: { id: 'b', apiKey: { webhookCallbackApiKey: 'secret' } } },
    ]);
    assert.equal(actions.length, 2);
    const added = actions[0]!.update as { components: { messages: { Archived: { payload: Doc; examples: Array<{ payload: Doc }> } } } };
    assert.deepEqual(added.components.messages.Archived.payload, {
      type: 'object',
      properties: {
        data: {
          type: 'object',
          properties: {
            apiKey: { type: 'object', properties: { webhookCallbackApiKey: { type: 'string' } } },
            id: { type: 'string' },
            reason: { type: 'string' },
          },
        },
        type: { type: 'string', enum: ['archived'] },
      },
    });
    assert.deepEqual(actions[1], {
      target: "$['channels']['/hook']['publish']['message']['oneOf']",
      description: 'events archived received here',
      update: { $ref: '#/components/messages/Archived' },
    });
    assert.deepEqual(
      report.payloads.map((p) => p.status),
      ['valid', 'valid'],
    );
  });

  it('given earlier overlays, it builds on the spec they correct and keeps their actions first', async () => {
    const first = await suggest([created(item({ id: null }))]);
    const spec = await loadSpec('spec.json', { cwd: dir, overlays: [first.file] });
    const { model } = buildModel(spec);
    const payloads = [{ source: 'p.json', body: created(item({ id: null, extra: true })) }];
    const { overlay, added } = suggestOverlay(spec.raw, model, findDrift(model, payloads), payloads, spec.overlays);
    assert.deepEqual(added, [{ target: ITEM, description: 'declare extra as delivered', update: { properties: { extra: { type: 'boolean' } } } }]);
    assert.deepEqual(overlay.actions, [...first.actions, ...added]);
  });

  it('the same recordings in any order give the same bytes', async () => {
    const bodies = [
      created(item({ extra: 1, status: 3 })),
      deleted(item({ extra: 'x', id: null })),
      created(item({ at: 'soon', more: [1, 'a'] })),
      { type: 'gone', data: { z: 1 } },
    ];
    const once = (await suggest(bodies)).text;
    assert.equal((await suggest([...bodies].reverse())).text, once);
    assert.equal((await suggest([bodies[2], bodies[0], bodies[3], bodies[1]])).text, once);
  });

  it('what it writes generates: the wrap, the nullable reference, merged and new properties', async () => {
    const { file } = await suggest([
      created(item({ meta: 'flat', owner: null, extra: { a: [1, { b: null }] } })),
      deleted(item({ extra: 'text', count: 2.5 })),
    ]);
    const result = await generate({ specPath: 'spec.json', outDir: 'out', cwd: dir, overlays: [file] });
    assert.ok(result.files.some((f) => f.path === 'models.ts'));
  });
});
