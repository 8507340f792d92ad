import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { valueAt } from '../../src/drift/find-drift.js';
import { cli, FIXTURES, removeDir, ROOT, tempDir } from '../support/helpers.js';

/**
 * verify over the payloads issue 6 names: the seed sample, the sample with extra fields, a
 * 2026-style payload (numbers for seed and apiDollarCost, new fields, no apiKey) and an unknown event.
 */
describe('verify', () => {
  let dir = '';
  const spec = path.join(ROOT, 'spec/leonardo.asyncapi.yaml');
  before(async () => {
    dir = await tempDir('verify');
    const sample = JSON.parse(await readFile(path.join(FIXTURES, 'fixtures/image_generation.complete/valid/imageGenerationCompleteSample.json'), 'utf8'));
    const write = (name: string, body: unknown) => writeFile(path.join(dir, name), JSON.stringify(body));
    await write('seed.json', sample);
    const extra = structuredClone(sample);
    extra.data.object.motionModel = 'v2';
    extra.data.object.images[0].motionMP4URL = 'https://cdn.leonardo.ai/x.mp4';
    await write('extra.json', extra);
    const y2026 = structuredClone(sample);
    y2026.data.object.seed = 905778432;
    y2026.data.object.apiDollarCost = 0.012;
    y2026.data.object.ultra = true;
    delete y2026.data.object.apiKey;
    await write('payload-2026.json', y2026);
    await writeFile(path.join(dir, 'captured.jsonl'), `${JSON.stringify({ ...sample, type: 'video_generation.complete' })}\n\n${JSON.stringify(sample)}\n`);
  });
  after(() => removeDir(dir));
  const run = (args: string[]) => cli(['verify', ...args, '--spec', spec], dir);

  it('reports each drift with its path, and exits 1', async () => {
    const result = await run(['.']);
    assert.equal(result.code, 1, result.stderr);
    const drift = result.stdout.slice(result.stdout.indexOf('drift against'));
    assert.deepEqual(drift.split('\n').slice(1, -1), [
      '  unknown event     event "video_generation.complete" is not in the spec (1 payload)',
      '  unknown field     image_generation.complete: data.object.images[].motionMP4URL is not in the spec (1 payload; string, e.g. "https://cdn.leonardo.ai/x.mp4")',
      '  unknown field     image_generation.complete: data.object.motionModel is not in the spec (1 payload; string, e.g. "v2")',
      '  unknown field     image_generation.complete: data.object.ultra is not in the spec (1 payload; boolean, e.g. true)',
      '  type mismatch     image_generation.complete: data.object.apiDollarCost is number where the spec says string (1 payload)',
      '  type mismatch     image_generation.complete: data.object.seed is integer where the spec says string (1 payload)',
    ]);
    assert.match(result.stdout, /^5 payloads: 2 valid, 2 with drift, 1 unknown event, 0 unrecognized\n/);
    assert.match(result.stdout, /\n {2}captured\.jsonl:1 +video_generation\.complete +unknown-event\n/);
  });

  it('exits 0 over conforming payloads only', async () => {
    const result = await run(['seed.json']);
    assert.equal(result.code, 0, result.stdout);
    assert.match(result.stdout, /\nno drift against /);
  });

  it('--fail-on chooses which kinds fail the run', async () => {
    assert.equal((await run(['extra.json', '--fail-on', 'type-mismatch'])).code, 0);
    assert.equal((await run(['payload-2026.json', '--fail-on', 'type-mismatch'])).code, 1);
    const bad = await run(['seed.json', '--fail-on', 'nonsense']);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /^error: --fail-on: unknown drift kind: nonsense/);
  });

  it('--format json carries every payload and drift entry', async () => {
    const result = await run(['.', '--format', 'json']);
    const report = JSON.parse(result.stdout);
    assert.equal(report.payloads.length, 5);
    const seed = report.drift.find((d: { path: string }) => d.path === 'data.object.seed');
    assert.deepEqual(seed, {
      kind: 'type-mismatch',
      event: 'image_generation.complete',
      path: 'data.object.seed',
      expected: 'string',
      count: 1,
      seen: ['integer'],
    });
  });

  it('--format github prints workflow annotations, errors for failing kinds', async () => {
    const result = await run(['.', '--format', 'github', '--fail-on', 'unknown-event']);
    assert.equal(result.code, 1);
    const lines = result.stdout.trim().split('\n');
    assert.match(
      lines[0]!,
      /^::error file=[^,]*leonardo\.asyncapi\.yaml,title=webhook drift%3A unknown event::event "video_generation\.complete" is not in the spec \(1 payload\)$/,
    );
    assert.ok(
      lines.slice(1, -1).every((l) => l.startsWith('::warning file=')),
      lines.join('\n'),
    );
    assert.equal(lines.at(-1), '5 payloads verified, 6 drift entries');
  });

  it('unusable input exits 2 naming the file', async () => {
    await writeFile(path.join(dir, 'broken.txt.json'), '{"type": ');
    const result = await cli(['verify', 'broken.txt.json', '--spec', spec], dir);
    assert.equal(result.code, 2);
    assert.match(result.stderr, /^error: broken\.txt\.json is not valid JSON: /);
    assert.equal((await cli(['verify', 'nowhere', '--spec', spec], dir)).stderr, 'error: no such file or folder: nowhere\n');
  });

  it('--suggest writes an overlay, --suggest-spec the corrected spec: both accept every payload in strict mode and generate', async () => {
    const overlay = path.join(dir, '..', `${path.basename(dir)}-fix.yaml`);
    const suggested = path.join(dir, '..', `${path.basename(dir)}-suggested.json`);
    const payloads = ['seed.json', 'extra.json', 'payload-2026.json', 'captured.jsonl'];
    const first = await cli(['verify', ...payloads, '--spec', spec, '--suggest', overlay, '--suggest-spec', suggested], dir);
    assert.equal(first.code, 1);
    assert.match(first.stdout, /overlay written to .*-fix\.yaml: review it, then regenerate with --overlay .*-fix\.yaml\n/);
    for (const args of [
      ['--spec', spec, '--overlay', overlay],
      ['--spec', suggested],
    ]) {
      const again = await cli(['verify', ...payloads, ...args], dir);
      assert.equal(again.code, 0, again.stdout);
      assert.match(again.stdout, /^5 payloads: 5 valid, 0 with drift, 0 unknown event, 0 unrecognized\n/);
    }
    const generated = await cli([spec, '--overlay', overlay, '-o', path.join(dir, '..', `${path.basename(dir)}-out`), '-q'], dir);
    assert.equal(generated.code, 0, generated.stderr);
    const doc = JSON.parse(await readFile(suggested, 'utf8'));
    const generation = doc.components.schemas.Generation.properties;
    assert.deepEqual(generation.seed.type, ['integer', 'string']);
    assert.deepEqual(generation.motionModel, { type: 'string' });
    const video = doc.components.messages.VideoGenerationComplete;
    assert.equal(video.examples[0].payload.data.object.apiKey.webhookCallbackApiKey, 'REDACTED');
    assert.deepEqual(doc.channels['/leonardo/webhook'].publish.message.oneOf.at(-1), { $ref: '#/components/messages/VideoGenerationComplete' });
    assert.match(await readFile(overlay, 'utf8'), /^overlay: 1\.0\.0\ninfo:\n/);
  });

  it('payloads that name no event are a failure of their own, counted, never "no drift"', async () => {
    await writeFile(path.join(dir, 'nameless.json'), JSON.stringify({ hello: 1 }));
    const result = await run(['nameless.json', 'seed.json']);
    assert.equal(result.code, 4);
    assert.match(result.stdout, /\nno drift in the 1 recognized payload; 1 not read \(below\)\n$/);
    assert.equal(
      result.stderr,
      'error: 1 of 2 payloads names no event of ' +
        path.relative(dir, spec) +
        ' (events are read by "type")\n' +
        '  verify reads events as the receiver does: pass --out <the generated folder>, or the --discriminator (--channel, --overlay) given to generation\n',
    );
  });

  it('--out reads the spec and the overlays a folder was generated with; flags given win', async () => {
    const out = path.join(dir, '..', `${path.basename(dir)}-from-out`);
    const overlay = path.join(dir, '..', `${path.basename(dir)}-out-fix.yaml`);
    assert.equal((await cli(['verify', 'payload-2026.json', '--spec', spec, '--suggest', overlay], dir)).code, 1);
    assert.equal((await cli([spec, '--overlay', overlay, '-o', out, '-q'], dir)).code, 0);
    const fromOut = await cli(['verify', 'payload-2026.json', '--out', out], dir);
    assert.equal(fromOut.code, 0, fromOut.stdout + fromOut.stderr);
    assert.match(fromOut.stdout, /^1 payload: 1 valid, /);
    const specWins = await cli(['verify', 'payload-2026.json', '--out', out, '--overlay', 'seed.json'], dir);
    assert.equal(specWins.code, 2);
    assert.match(specWins.stderr, /^error: seed\.json is not an Overlay 1\.0 document: "overlay" must be a version 1\.0\.x/);
    const nowhere = await cli(['verify', 'seed.json', '--out', '.'], dir);
    assert.equal(nowhere.code, 2);
    assert.equal(
      nowhere.stderr,
      'error: --out .: no leonardo-webhook-gen manifest there\n  point --out at a folder the generator wrote (it holds leonardo-webhook-gen.manifest.json), or pass --spec\n',
    );
  });

  const paths: Array<[string, unknown]> = [
    ['data.object.seed', 1],
    ['data.list[1]', 'b'],
    ['data["odd key"]', true],
    ['data.missing.deeper', undefined],
  ];
  for (const [p, expected] of paths) {
    it(`valueAt ${p}`, () => assert.deepEqual(valueAt({ data: { object: { seed: 1 }, list: ['a', 'b'], 'odd key': true } }, p), expected));
  }
});
