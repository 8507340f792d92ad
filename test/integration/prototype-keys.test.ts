import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { cli, compileOutput, removeDir, runGeneratedTests, tempDir } from '../support/helpers.js';

/**
 * An event named `__proto__`. In an object literal a plain `__proto__` key sets the prototype
 * instead of a property, so a table keyed by it loses the entry: the event would never be
 * recognised. The output is compiled and its own
 * tests run (every fixture identified as its event, validated, posted to its handler).
 */
const SPEC = `asyncapi: 2.6.0
info: { title: prototype names, version: '1' }
channels:
  /hook:
    publish:
      message:
        oneOf:
${['__proto__', 'plain']
  .map(
    (value, i) =>
      `          - name: Event${i}\n            payload: { type: object, required: [type], properties: { type: { type: string, const: ${value} }, n${i}: { type: string } } }`,
  )
  .join('\n')}
`;

describe('an event named __proto__', () => {
  let dir = '';
  before(async () => {
    dir = await tempDir('prototype-keys');
    await writeFile(path.join(dir, 'spec.yaml'), SPEC);
  });
  after(() => removeDir(dir));

  it('are each a key of their own in every table, and the output passes its own tests', async () => {
    const run = await cli(['spec.yaml', '-o', 'out', '-q'], dir);
    assert.equal(run.code, 0, run.stderr);
    const validators = await readFile(path.join(dir, 'out/validators.ts'), 'utf8');
    assert.match(validators, /^ {2}\['__proto__'\]: checks\.check/m, 'CHECKS');
    assert.match(validators, /^ {2}\['__proto__'\]: '__proto__',$/m, 'EVENT_OF');
    const events = await readFile(path.join(dir, 'out/events.ts'), 'utf8');
    assert.match(events, /^ {2}\['__proto__'\]: true,$/m, 'webhookEventNames');
    const js = await compileOutput(dir, 'out');
    const result = await runGeneratedTests(path.join(js, 'webhooks.test.js'));
    assert.ok(result.ok, result.output);
    assert.match(result.output, /# fail 0/);
  });
});
