import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { GenError } from '../../src/errors.js';
import { loadSpec } from '../../src/load/load-spec.js';
import { applyOverlays, checkOverlay, normalizedPath, renderOverlay, type LoadedOverlay, type OverlayAction } from '../../src/load/overlay.js';
import { jsonpath } from 'json-p3';
import { cli, removeDir, tempDir } from '../support/helpers.js';
import { message, obj, str, v2 } from '../support/spec-docs.js';

/** Overlays: the document's shape, what each action does, the paths suggest writes, and a spec read through one. */

const overlayOf = (actions: OverlayAction[]): LoadedOverlay => ({
  shown: 'fix.yaml',
  text: '',
  document: { overlay: '1.0.0', info: { title: 't', version: '1' }, actions },
});

describe('checkOverlay', () => {
  const ok = { overlay: '1.0.0', info: { title: 't', version: '1' }, actions: [{ target: '$.info', update: { title: 'u' } }] };
  const rows: Array<[string, unknown, string]> = [
    ['not a mapping', [], 'it is not a mapping'],
    ['another version', { ...ok, overlay: '2.0.0' }, '"overlay" must be a version 1.0.x, such as 1.0.0'],
    ['no info title', { ...ok, info: { version: '1' } }, '"info" needs a "title" and a "version"'],
    ['no actions', { ...ok, actions: [] }, '"actions" must be a list of at least one action'],
    ['a target without $', { ...ok, actions: [{ target: 'info', update: {} }] }, 'actions[0].target must be a JSONPath query starting with $'],
    ['nothing to do', { ...ok, actions: [{ target: '$.info' }] }, 'actions[0] has neither "update" nor "remove: true"'],
    ['remove not a boolean', { ...ok, actions: [{ target: '$.info', remove: 'yes' }] }, 'actions[0].remove must be true or false'],
    ['not RFC 9535', { ...ok, actions: [{ target: '$.info[', update: {} }] }, 'actions[0].target "$.info[" is not RFC 9535 JSONPath: '],
  ];
  for (const [name, value, expected] of rows) {
    it(name, () => {
      assert.throws(
        () => checkOverlay(value, 'fix.yaml'),
        (error: unknown) => error instanceof GenError && error.message.startsWith(`fix.yaml is not an Overlay 1.0 document: ${expected}`),
      );
    });
  }
  it('a good one passes as it is', () => assert.deepEqual(checkOverlay(ok, 'fix.yaml'), ok));
});

describe('applyOverlays', () => {
  const doc = () => ({ a: { b: 1, c: { d: [1, 2] } }, list: ['x', 'y', 'z'], keep: true });
  const rows: Array<[string, OverlayAction[], unknown, string[]]> = [
    [
      'update merges objects key by key',
      [{ target: '$.a', update: { c: { e: 3 }, f: 4 } }],
      { a: { b: 1, c: { d: [1, 2], e: 3 }, f: 4 }, list: ['x', 'y', 'z'], keep: true },
      [],
    ],
    ['a scalar in update replaces', [{ target: '$.a', update: { b: [9] } }], { a: { b: [9], c: { d: [1, 2] } }, list: ['x', 'y', 'z'], keep: true }, []],
    [
      'an array target gets the update appended',
      [{ target: '$.list', update: 'w' }],
      { a: { b: 1, c: { d: [1, 2] } }, list: ['x', 'y', 'z', 'w'], keep: true },
      [],
    ],
    ['remove by a filter on the value', [{ target: "$.list[?@ == 'y']", remove: true }], { a: { b: 1, c: { d: [1, 2] } }, list: ['x', 'z'], keep: true }, []],
    ['remove several elements at once', [{ target: "$.list[?@ != 'y']", remove: true }], { a: { b: 1, c: { d: [1, 2] } }, list: ['y'], keep: true }, []],
    ['remove a member', [{ target: '$.a.c', remove: true }], { a: { b: 1 }, list: ['x', 'y', 'z'], keep: true }, []],
    [
      'a target that matches nothing is named',
      [{ target: '$.gone', description: 'old fix', update: { x: 1 } }],
      doc(),
      ['overlay fix.yaml actions[0] (old fix): target $.gone matches nothing in the spec; the action was skipped'],
    ],
  ];
  for (const [name, actions, expected, warnings] of rows) {
    it(name, () => {
      const value = doc();
      assert.deepEqual(applyOverlays(value, [overlayOf(actions)]), warnings);
      assert.deepEqual(value, expected);
    });
  }
  it('an update of a scalar is refused, naming the action', () => {
    assert.throws(() => applyOverlays(doc(), [overlayOf([{ target: '$.keep', update: { x: 1 } }])]), {
      message: 'overlay fix.yaml actions[0]: target $.keep selects a value that is neither an object nor an array; update its parent instead',
    });
  });
});

describe('normalizedPath', () => {
  const rows: Array<[Array<string | number>, string]> = [
    [[], '$'],
    [['channels', '/hook', 'publish', 0], "$['channels']['/hook']['publish'][0]"],
    [["it's", 'back\\slash', 'line\nbreak', '\u0001'], "$['it\\'s']['back\\\\slash']['line\\nbreak']['\\u0001']"],
  ];
  for (const [location, expected] of rows) {
    it(expected, () => assert.equal(normalizedPath(location), expected));
  }
  it('selects exactly the node it names, whatever its key', () => {
    const doc = { "it's": { 'back\\slash': { 'line\nbreak': [7] } } };
    const nodes = jsonpath.query(normalizedPath(["it's", 'back\\slash', 'line\nbreak', 0]), doc).nodes;
    assert.deepEqual(
      nodes.map((n) => n.value),
      [7],
    );
  });
});

describe('a spec read through an overlay', () => {
  let dir = '';
  before(async () => {
    dir = await tempDir('overlay');
    await writeFile(path.join(dir, 'spec.json'), JSON.stringify(v2({ '/hook': [message('Ping', obj({ type: { const: 'ping' }, n: str }))] })));
    const fix = overlayOf([
      { target: "$['channels']['/hook']['publish']['message']['payload']['properties']['n']", update: { type: ['string', 'integer'] } },
    ]).document;
    await writeFile(path.join(dir, 'fix.yaml'), renderOverlay(fix, 'fix.yaml'));
    await writeFile(
      path.join(dir, 'stale.yaml'),
      renderOverlay(overlayOf([{ target: '$.components.schemas.Gone', update: { type: 'string' } }]).document, 'stale.yaml'),
    );
  });
  after(() => removeDir(dir));

  it('is read with the correction, and its hash covers the overlay', async () => {
    const plain = await loadSpec('spec.json', { cwd: dir });
    const fixed = await loadSpec('spec.json', { cwd: dir, overlays: ['fix.yaml'] });
    const n = (s: typeof plain) =>
      (s.raw as { channels: Record<string, { publish: { message: { payload: { properties: { n: unknown } } } } }> }).channels['/hook']!.publish.message.payload
        .properties.n;
    assert.deepEqual(n(plain), { type: 'string' });
    assert.deepEqual(n(fixed), { type: ['string', 'integer'] });
    assert.notEqual(plain.sha256, fixed.sha256);
  });

  it('a stale action is a warning that names it; generation goes on and records the overlay', async () => {
    const result = await cli(['spec.json', '--overlay', 'stale.yaml', '-o', 'out'], dir);
    assert.equal(result.code, 0, result.stderr);
    assert.match(
      result.stderr,
      /spec\.json \(with stale\.yaml\): warning: overlay action skipped: overlay stale\.yaml actions\[0\]: target \$\.components\.schemas\.Gone matches nothing in the spec; the action was skipped \[overlay-target-unmatched\]/,
    );
    const check = await cli(['spec.json', '--overlay', 'stale.yaml', '-o', 'out', '--check'], dir);
    assert.equal(check.code, 0, check.stderr);
    const without = await cli(['spec.json', '-o', 'out', '--check', '-q'], dir);
    assert.equal(without.code, 1);
  });

  it('an overlay changed since generation makes --check report drift', async () => {
    assert.equal((await cli(['spec.json', '--overlay', 'fix.yaml', '-o', 'fixed', '-q'], dir)).code, 0);
    assert.equal((await cli(['spec.json', '--overlay', 'fix.yaml', '-o', 'fixed', '--check', '-q'], dir)).code, 0);
    await writeFile(
      path.join(dir, 'fix.yaml'),
      renderOverlay(
        overlayOf([{ target: "$['channels']['/hook']['publish']['message']['payload']['properties']['n']", update: { type: 'integer' } }]).document,
        'fix.yaml',
      ),
    );
    assert.equal((await cli(['spec.json', '--overlay', 'fix.yaml', '-o', 'fixed', '--check', '-q'], dir)).code, 1);
  });

  it('a missing overlay and a broken one stop with exit 2, naming the file', async () => {
    await writeFile(path.join(dir, 'broken.yaml'), 'overlay: 1.0.0\ninfo: [');
    for (const [file, expected] of [
      ['nowhere.yaml', 'error: overlay not found: nowhere.yaml\n'],
      ['broken.yaml', /^error: broken\.yaml is not valid YAML or JSON: /],
    ] as const) {
      const result = await cli(['spec.json', '--overlay', file, '-o', 'never'], dir);
      assert.equal(result.code, 2);
      if (typeof expected === 'string') assert.equal(result.stderr, expected);
      else assert.match(result.stderr, expected);
    }
  });
});
