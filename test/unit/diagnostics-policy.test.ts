import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { GenError } from '../../src/errors.js';
import { loadSpec } from '../../src/load/load-spec.js';
import { formatDiagnostic } from '../../src/load/diagnostics.js';
import { removeDir, tempDir } from '../support/helpers.js';

/**
 * Structural errors in parts nothing generated reads are warnings with their location; where
 * they touch what is generated, they still stop the run. One small spec for each.
 */
const head = ['asyncapi: 2.6.0', 'info: {title: t, version: "1"}', 'channels:', '  /hook:', '    publish:', '      message:'];
const SPECS: Record<string, string[]> = {
  'oauth2 scheme missing fields (for the provider API)': [
    ...head,
    '        name: A',
    '        payload: {type: object, properties: {type: {const: a}}}',
    'components:',
    '  securitySchemes:',
    '    api:',
    '      type: oauth2',
    '      description: for the management API',
  ],
  'a 3.0-style discriminator object in a 2.x schema': [
    ...head,
    '        name: A',
    "        payload: {$ref: '#/components/schemas/Pet'}",
    'components:',
    '  schemas:',
    '    Pet:',
    '      type: object',
    '      discriminator: {propertyName: type}',
    '      properties: {type: {const: a}}',
  ],
  'a placeholder example': [
    ...head,
    "        $ref: '#/components/messages/A'",
    'components:',
    '  messages:',
    '    A:',
    '      name: A',
    '      payload: {type: object, properties: {type: {const: a}}}',
    '      examples:',
    '        - name: Default',
    '          x-microcks-default: true',
    '          payload: example-value',
  ],
  'info.tags in a 2.x document': [
    'asyncapi: 2.6.0',
    'info: {title: t, version: "1", tags: [{name: x}]}',
    'channels:',
    '  /hook:',
    '    publish:',
    '      message:',
    '        name: A',
    '        payload: {type: object, properties: {type: {const: a}}}',
  ],
};

describe('diagnostics policy', () => {
  let dir = '';
  before(async () => {
    dir = await tempDir('diagnostics');
  });
  after(() => removeDir(dir));
  const load = async (name: string, lines: string[]) => {
    const file = path.join(dir, `${name.replace(/\W+/g, '-')}.yaml`);
    await writeFile(file, `${lines.join('\n')}\n`);
    return loadSpec(file, { cwd: dir });
  };

  for (const [name, lines] of Object.entries(SPECS)) {
    it(`${name}: warnings with their location, no stop`, async () => {
      const spec = await load(name, lines);
      assert.ok(spec.warnings.length > 0);
      for (const w of spec.warnings) {
        assert.match(formatDiagnostic(w), /^[\w.-]+\.yaml:\d+:\d+: warning: /);
        assert.notEqual(w.class, 'error');
      }
    });
  }

  it('the discriminator object is reported where it is', async () => {
    const spec = await load('disc-where', SPECS['a 3.0-style discriminator object in a 2.x schema']!);
    assert.ok(
      spec.warnings.some((w) => w.class === 'unused' && w.where === 'components.schemas.Pet.discriminator' && /:13:21$/.test(w.location)),
      JSON.stringify(spec.warnings.map((w) => [w.where, w.location])),
    );
  });

  // The AsyncAPI schema's validators are shared by the documents of one process; a document's own
  // schemas are not, even where two use the same $id: each example is checked against its own.
  it('two documents whose payloads share an $id: each example checked against its own schema', async () => {
    const spec = (type: string) => [
      ...head,
      '        name: A',
      `        payload: {$id: 'https://example.com/payload', type: object, properties: {n: {type: ${type}}}}`,
      '        examples:',
      '          - payload: {n: x}',
    ];
    const mismatch = (warnings: { message: string }[]) => warnings.filter((w) => w.message === '"n" property type must be integer').length;
    assert.equal(mismatch((await load('same-id-string', spec('string'))).warnings), 0);
    assert.equal(mismatch((await load('same-id-integer', spec('integer'))).warnings), 1);
    assert.equal(mismatch((await load('same-id-string-again', spec('string'))).warnings), 0);
  });

  // One parser serves the process; a file a spec refers to is read again on each load.
  it('a file a spec refers to by $ref, edited between two loads: the second load reads the edit', async () => {
    const ref = ['        name: A', "        payload: {$ref: './payload.yaml'}"];
    const payloadType = (spec: Awaited<ReturnType<typeof load>>) =>
      (spec.document.channels().all()[0]!.messages().all()[0]!.payload()!.json() as { properties: { n: { type: string } } }).properties.n.type;
    await writeFile(path.join(dir, 'payload.yaml'), 'type: object\nproperties: {n: {type: string}}\n');
    assert.equal(payloadType(await load('ref-before', [...head, ...ref])), 'string');
    await writeFile(path.join(dir, 'payload.yaml'), 'type: object\nproperties: {n: {type: integer}}\n');
    assert.equal(payloadType(await load('ref-after', [...head, ...ref])), 'integer');
  });

  it('an error in a payload schema, which the generated code reads, still stops the run', async () => {
    const lines = [...head, '        name: A', '        payload: {type: object, properties: {type: {const: a}}, required: yes}'];
    await assert.rejects(load('fatal', lines), (error: unknown) => {
      assert.ok(error instanceof GenError);
      assert.match(error.message, /is not a usable AsyncAPI document/);
      assert.ok(error.details.some((d) => /error: "required" property type must be array at channels\.\/hook\.publish\.message\.payload\.required/.test(d)));
      return true;
    });
  });
});
