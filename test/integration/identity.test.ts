import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { GenError } from '../../src/errors.js';
import { loadSpec } from '../../src/load/load-spec.js';
import { buildModel } from '../../src/model/build-model.js';
import { identitySummary } from '../../src/model/identity/rule.js';
import { diffModels } from '../../src/diff/spec-diff.js';
import { generate } from '../../src/generate.js';
import { findDrift } from '../../src/drift/find-drift.js';
import type { GenModel } from '../../src/model/types.js';
import { removeDir, tempDir, typecheck } from '../support/helpers.js';
import { writeOutput } from '../../src/output/write.js';
import { cases } from '../support/identity-cases.js';
import { families, moreCases } from '../support/identity-cases-more.js';
import { failures } from '../support/identity-failures.js';
import { message, obj, str, v2, type Doc } from '../support/spec-docs.js';

/** Event identity: each strategy's model, its failures' exact errors, and the generated code of each. */

describe('event identity', () => {
  let dir = '';
  let n = 0;
  before(async () => {
    dir = await tempDir('identity');
  });
  after(() => removeDir(dir));
  const model = async (doc: Doc, discriminator?: string): Promise<GenModel> => {
    const file = path.join(dir, `spec-${n++}.json`);
    await writeFile(file, JSON.stringify(doc));
    const spec = await loadSpec(file, { cwd: dir });
    return buildModel(spec, discriminator === undefined ? {} : { discriminator }).model;
  };

  for (const c of [...cases, ...moreCases]) {
    it(c.name, async () => {
      const m = await model(c.doc, c.discriminator);
      assert.equal(identitySummary(m), c.summary);
      assert.deepEqual(Object.fromEntries(m.events.map((e) => [e.wireName, e.identity])), c.events);
      if (c.endpoints)
        assert.deepEqual(
          m.endpoints.map((e) => e.channel),
          c.endpoints,
        );
    });
  }

  for (const f of failures) {
    it(`stops: ${f.name}`, async () => {
      await assert.rejects(model(f.doc, f.discriminator), (error: unknown) => {
        assert.ok(error instanceof GenError);
        assert.equal(error.message, f.message);
        // The short error's lines, or the analysis --verbose prints under them.
        const lines = [...error.details, ...error.analysis];
        for (const line of f.details) assert.ok(lines.includes(line), `missing ${line} in ${JSON.stringify(lines, null, 1)}`);
        assert.ok(error.details.length <= 10, `${error.details.length} lines`);
        return true;
      });
    });
  }

  it('says which channel no name fits and is left out, and where', async () => {
    const file = path.join(dir, 'families.json');
    await writeFile(file, JSON.stringify(families));
    const { warnings } = buildModel(await loadSpec(file, { cwd: dir }), {});
    assert.deepEqual(
      warnings.filter((w) => w.code === 'left-out-channel').map((w) => [w.where, w.message]),
      [
        [
          'channels.family/FOUR',
          'channel family/FOUR is left out ("family/FOUR" is not in the enum of message Batch): its message Batch is received on its other channels, and a delivery that names no event of the spec is reported as an unknown event',
        ],
      ],
    );
  });

  it('says which messages it received as one event, where they are, and how to tell them apart', async () => {
    const doc = v2(
      { '/hook': [message('Started', { $ref: '#/components/schemas/Live' }), message('Ended', { $ref: '#/components/schemas/Live' })] },
      { components: { schemas: { Live: obj({ status: { type: 'string', enum: ['connected', 'disconnected'] } }) } } },
    );
    const file = path.join(dir, `spec-${n++}.json`);
    await writeFile(file, JSON.stringify(doc));
    const built = buildModel(await loadSpec(file, { cwd: dir }));
    assert.deepEqual(
      built.warnings.filter((w) => w.class === 'identity').map((w) => [w.code, w.message, w.where]),
      [
        [
          'indistinct-messages',
          'messages Started, Ended are delivered alike (same address, payload and headers schemas) and nothing names each: received as one event Live; to receive them apart, give each a constant where their deliveries differ',
          'channels./hook.publish.message.oneOf.0',
        ],
      ],
    );
    const [event] = built.model.events;
    assert.equal(event?.summary, 'One of the messages Started, Ended, which the spec does not tell apart');
    assert.equal(event?.title, undefined);
  });

  it('diff: a change in where events are named is one breaking change', async () => {
    const byBody = await model(v2({ '/hook': ['a.created', 'b.deleted'].map((v) => message(v, obj({ type: { const: v } }))) }));
    const byHeader = await model(
      v2({ '/hook': ['a.created', 'b.deleted'].map((v) => message(v, obj({ id: str }), { headers: obj({ 'X-Event': { const: v } }) })) }),
    );
    const changes = diffModels(byBody, byHeader).filter((c) => c.kind === 'identity-changed');
    assert.deepEqual(changes, [
      { kind: 'identity-changed', breaking: true, event: '*', path: '', detail: 'told apart by "type" -> by header X-Event (a constant in each message)' },
    ]);
    assert.deepEqual(diffModels(byBody, byBody), []);
  });

  it("verify reads the event from a recording's headers where a header names it", async () => {
    const gitlabLike = await model(cases.find((c) => c.name.startsWith('a header with a constant'))!.doc);
    const report = findDrift(gitlabLike, [
      { source: 'push.json', body: { ref: 'main' }, headers: { 'x-gitlab-event': 'Push Hook' } },
      { source: 'job.json', body: { ref: 'main' }, headers: { 'x-gitlab-event': 'Job Hook' } },
      { source: 'bare.json', body: { ref: 'main' } },
    ]);
    assert.deepEqual(
      report.payloads.map((p) => [p.source, p.event, p.status]),
      [
        ['push.json', 'Push Hook', 'valid'],
        ['job.json', 'Job Hook', 'unknown-event'],
        ['bare.json', null, 'unrecognized'],
      ],
    );
  });

  it('fixtures: request.json carries the identity header, and each identity part has an unknown-event fixture', async () => {
    const file = path.join(dir, 'fixtures-header.json');
    await writeFile(file, JSON.stringify(cases.find((c) => c.name.startsWith('a header with a constant'))!.doc));
    const { files } = await generate({ specPath: file, outDir: 'out', cwd: dir });
    const read = (p: string) => JSON.parse(files.find((f) => f.path === `fixtures/${p}`)!.contents) as Record<string, unknown>;
    const index = read('index.json') as {
      requests: Record<string, string>;
      fixtures: Array<{ event: string; expect: string; headers?: Record<string, string> }>;
    };
    const request = read(index.requests['Push Hook']!) as { headers: Record<string, string> };
    assert.equal(request.headers['x-gitlab-event'], 'Push Hook');
    const unknown = index.fixtures.filter((f) => f.event === 'Push Hook' && f.expect === 'unknown-event');
    assert.deepEqual(
      unknown.map((f) => f.headers),
      [{ 'x-gitlab-event': 'unknown.event' }],
    );
    assert.ok(
      index.fixtures.filter((f) => f.event === 'Push Hook' && f.expect !== 'unknown-event').every((f) => f.headers?.['x-gitlab-event'] === 'Push Hook'),
    );

    const pairFile = path.join(dir, 'fixtures-pair.json');
    await writeFile(pairFile, JSON.stringify(cases.find((c) => c.name.includes('(pipedrive)'))!.doc));
    const pair = await generate({ specPath: pairFile, outDir: 'out', cwd: dir });
    const pairIndex = JSON.parse(pair.files.find((f) => f.path === 'fixtures/index.json')!.contents) as {
      fixtures: Array<{ event: string; file: string; expect: string }>;
    };
    assert.deepEqual(
      pairIndex.fixtures.filter((f) => f.event === 'create.deal' && f.expect === 'unknown-event').map((f) => f.file),
      ['create.deal/invalid/unknown-event-meta.action.json', 'create.deal/invalid/unknown-event-meta.entity.json'],
    );
  });

  it('events sharing a payload narrow by their name: each has its own literal type', async () => {
    const file = path.join(dir, 'narrow.json');
    await writeFile(file, JSON.stringify(cases.find((c) => c.name.includes('(stripe)'))!.doc));
    const { files } = await generate({ specPath: file, outDir: 'narrow', cwd: dir });
    await writeOutput(path.join(dir, 'narrow'), files);
    assert.match(files.find((f) => f.path === 'events.ts')!.contents, /'charge\.failed': models\.Generic(?:Payload)? & \{ type: 'charge\.failed' \};/);
    await writeFile(
      path.join(dir, 'narrow', 'use.ts'),
      [
        "import type { WebhookEvent } from './events.js';",
        "import { defineHandlers } from './receiver.js';",
        "export function kind(e: WebhookEvent): 'failed' | 'succeeded' {",
        "  if (e.type === 'charge.failed') { const t: 'charge.failed' = e.type; return t === 'charge.failed' ? 'failed' : 'succeeded'; }",
        "  const t: 'charge.succeeded' = e.type;",
        "  return t === 'charge.succeeded' ? 'succeeded' : 'failed';",
        '}',
        "export const handlers = defineHandlers({ 'charge.failed': (e) => { const t: 'charge.failed' = e.type; return t; }, 'charge.succeeded': () => undefined });",
        '',
      ].join('\n'),
    );
    const check = await typecheck(dir, ['narrow/use.ts'], 'nodenext');
    assert.equal(check.output, '');
  });

  it('events sharing a payload get their name as a literal type; constants do not need one', async () => {
    const stripeLike = await model(cases.find((c) => c.name.includes('(stripe)'))!.doc);
    assert.ok(stripeLike.events.every((e) => e.literalIdentity));
    const seedLike = await model(cases[0]!.doc);
    assert.ok(seedLike.events.every((e) => !e.literalIdentity));
  });
});
