import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import { generate } from '../../src/generate.js';
import { loadSpec } from '../../src/load/load-spec.js';
import { renderOverlay } from '../../src/load/overlay.js';
import { buildModel } from '../../src/model/build-model.js';
import { writeOutput } from '../../src/output/write.js';
import { suggestOverlay } from '../../src/drift/suggest.js';
import { findDrift } from '../../src/drift/find-drift.js';
import { compileOutputs, FIXTURES, removeDir, SEED_SPEC, tempDir } from '../support/helpers.js';

/**
 * Nothing --suggest writes can break generation: random sets of deliveries (the seed's sample
 * with values replaced by any JSON, keys added and removed, at any depth) -> suggest -> the spec
 * read through the overlay generates, accepts every one of them in strict mode, and what it
 * generates type-checks under the strict flags.
 */

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
interface Edit {
  kind: 'set' | 'add' | 'delete';
  at: number;
  key: string;
  value: Json;
}

/** Every object and array in a body, by path; the event's name (`type`) is never edited. */
function containers(body: Json, at: Array<string | number> = []): Array<Array<string | number>> {
  if (body === null || typeof body !== 'object') return [];
  const inner = Array.isArray(body) ? body.flatMap((v, i) => containers(v, [...at, i])) : Object.entries(body).flatMap(([k, v]) => containers(v, [...at, k]));
  return [at, ...inner];
}

function edited(sample: Json, edits: Edit[]): Json {
  const body = structuredClone(sample);
  for (const edit of edits) {
    const places = containers(body);
    const at = places[edit.at % places.length]!;
    let node = body as Record<string | number, Json>;
    for (const part of at) node = node[part] as Record<string | number, Json>;
    const keys = Object.keys(node).filter((k) => !(at.length === 0 && k === 'type'));
    if (edit.kind === 'add' && !Array.isArray(node))
      Object.defineProperty(node, edit.key, { value: edit.value, enumerable: true, writable: true, configurable: true });
    else if (keys.length === 0) continue;
    else if (edit.kind === 'set') node[keys[edit.at % keys.length]!] = edit.value;
    else if (Array.isArray(node)) node.splice(edit.at % node.length, 1);
    else delete node[keys[edit.at % keys.length]!];
  }
  return body;
}

const edit: fc.Arbitrary<Edit> = fc.record({
  kind: fc.constantFrom('set', 'add', 'delete'),
  at: fc.nat(1000),
  key: fc.stringMatching(/^[A-Za-z_$][\w$ .-]{0,7}$/),
  value: fc.jsonValue({ maxDepth: 2 }) as fc.Arbitrary<Json>,
});

describe('verify --suggest, on random deliveries', () => {
  let dir = '';
  let sample: Json = null;
  before(async () => {
    dir = await tempDir('suggest-property');
    sample = JSON.parse(await readFile(path.join(FIXTURES, 'fixtures/image_generation.complete/valid/imageGenerationCompleteSample.json'), 'utf8')) as Json;
  });
  after(() => removeDir(dir));

  it('always generates, accepts every delivery in strict mode, and type-checks', async () => {
    const spec = await loadSpec(SEED_SPEC);
    const { model } = buildModel(spec);
    const folders: string[] = [];
    let run = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(fc.array(edit, { minLength: 1, maxLength: 6 }), { minLength: 1, maxLength: 4 }), async (sets) => {
        const payloads = sets.map((edits, i) => ({ source: `p${i}.json`, body: edited(sample, edits) }));
        const { overlay } = suggestOverlay(spec.raw, model, findDrift(model, payloads), payloads, []);
        const file = path.join(dir, `fix-${run}.yaml`);
        await writeFile(file, renderOverlay(overlay, file));
        const fixed = await loadSpec(SEED_SPEC, { overlays: [file] });
        const report = findDrift(buildModel(fixed).model, payloads);
        assert.deepEqual(
          report.payloads.map((p) => p.status),
          payloads.map(() => 'valid'),
          JSON.stringify(report.drift.slice(0, 5)),
        );
        const folder = `out-${run++}`;
        const { files } = await generate({ specPath: SEED_SPEC, outDir: path.join(dir, folder), overlays: [file] });
        if (folders.length < 3) {
          await writeOutput(path.join(dir, folder), files);
          folders.push(folder);
        }
      }),
      { numRuns: 10, seed: 2026 },
    );
    const { output } = await compileOutputs(dir, folders);
    assert.equal(output, '', 'the generated code type-checks');
  });
});
