import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { Ajv } from 'ajv';
import formatsPlugin from 'ajv-formats';
import { generate } from '../../src/generate.js';
import type { GenModel, Schema } from '../../src/model/types.js';
import { transpileOutput, CORPUS, removeDir, ROOT, tempDir } from '../support/helpers.js';
import { writeOutput } from '../../src/output/write.js';

/**
 * For every fixture of every spec we test, ajv on the source JSON Schema and our validator agree
 * on accept/reject, in each mode: strict against ajv with formats and closed objects (an object
 * with named properties admits no other), tolerant against ajv without formats, open objects.
 */

const specs: Array<{ name: string; spec: string; channels?: string[] }> = [
  { name: 'seed', spec: path.join(ROOT, 'spec/leonardo.asyncapi.yaml') },
  ...(existsSync(path.join(CORPUS, 'webhooks'))
    ? [
        { name: 'figma', spec: path.join(CORPUS, 'webhooks/figma.yml') },
        { name: 'resend', spec: path.join(CORPUS, 'webhooks/resend.yml') },
        { name: 'typeform', spec: path.join(CORPUS, 'webhooks/typeform.yml') },
        { name: 'honeybadger', spec: path.join(CORPUS, 'webhooks/honeybadger.yml'), channels: ['webhook'] },
      ]
    : []),
];

function closed(schema: Schema): Schema {
  return JSON.parse(JSON.stringify(schema), (_key, value: unknown) => {
    if (value && typeof value === 'object' && !Array.isArray(value)) {
      const node = value as Schema;
      if (typeof node.properties === 'object' && node.additionalProperties === undefined && typeof node.type !== 'undefined') {
        return { ...node, additionalProperties: false };
      }
    }
    return value;
  }) as Schema;
}

function ajvFor(model: GenModel, strict: boolean) {
  const ajv = new Ajv({ strict: false, allErrors: false, validateFormats: strict });
  // ajv-formats is CommonJS: its default export arrives as the module object under NodeNext.
  const addFormats = ((formatsPlugin as unknown as { default?: typeof formatsPlugin }).default ?? formatsPlugin) as unknown as (a: Ajv) => void;
  if (strict) addFormats(ajv);
  const definitions = Object.fromEntries(model.schemas.map((s) => [s.name, strict ? closed(s.schema) : s.schema]));
  return (payloadType: string) => ajv.compile({ definitions, $ref: `#/definitions/${payloadType}` });
}

interface Entry {
  event: string;
  file: string;
  expect: string;
}

describe('ajv and the generated validators agree on every fixture', () => {
  let dir = '';
  before(async () => {
    dir = await tempDir('differential');
  });
  after(() => removeDir(dir));

  for (const { name, spec, channels } of specs) {
    it(name, async () => {
      const result = await generate({ specPath: spec, outDir: name, cwd: dir, ...(channels ? { channels } : {}) });
      await writeOutput(path.join(dir, name), result.files);
      await transpileOutput(path.join(dir, name));
      const { parseWebhookEvent } = (await import(path.join(dir, name, 'validators.js'))) as { parseWebhookEvent: (b: unknown, o: object) => { ok: boolean } };
      const index = JSON.parse(await readFile(path.join(dir, name, 'fixtures/index.json'), 'utf8')) as { fixtures: Entry[] };
      const compile = { strict: ajvFor(result.model, true), tolerant: ajvFor(result.model, false) };
      let compared = 0;
      for (const fixture of index.fixtures) {
        const event = result.model.events.find((e) => e.wireName === fixture.event)!;
        const body = JSON.parse(await readFile(path.join(dir, name, 'fixtures', fixture.file), 'utf8'));
        for (const mode of ['strict', 'tolerant'] as const) {
          const ours = parseWebhookEvent(body, { mode, channel: event.channel }).ok;
          const theirs = compile[mode](event.payloadType)(body) as boolean;
          assert.equal(ours, theirs, `${fixture.file} in ${mode} mode: ours ${ours}, ajv ${theirs}`);
          compared++;
        }
      }
      assert.ok(compared >= 8, `only ${compared} comparisons`);
    });
  }
});
