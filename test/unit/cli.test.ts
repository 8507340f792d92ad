import assert from 'node:assert/strict';
import { readFile, writeFile, mkdir } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { main } from '../../src/cli/main.js';
import { cli, removeDir, ROOT, snapshot, tempDir } from '../support/helpers.js';

/** Exact texts: what people read is part of the interface. */

const SPECS: Record<string, string> = {
  'bad.yaml': 'asyncapi: 2.6.0\ninfo:\n  title: x\n  version: "1"\n channels: {}\n',
  'openapi.yaml': 'openapi: 3.0.0\ninfo: {title: x, version: "1"}\npaths: {}\n',
  'no-discriminator.yaml': [
    'asyncapi: 2.6.0',
    'info: {title: t, version: "1"}',
    'channels:',
    '  /hook:',
    '    publish:',
    '      message:',
    '        oneOf:',
    '          - name: Created',
    '            payload: {type: object, properties: {id: {type: string}, at: {type: string}}}',
    '          - name: Deleted',
    '            payload: {type: object, properties: {id: {type: string}}}',
    '',
  ].join('\n'),
  'typo.yaml': [
    'asyncapi: 2.6.0',
    'info: {title: t, version: "1"}',
    'channels:',
    '  /hook:',
    '    publish:',
    '      message:',
    '        name: Seeded',
    '        payload:',
    '          type: object',
    '          properties:',
    '            seed:',
    '              tpye: string',
    '            size: {type: integer, maximun: 10, frobnicate: true}',
    '',
  ].join('\n'),
};

describe('CLI', () => {
  let dir = '';
  before(async () => {
    dir = await tempDir('cli');
    for (const [name, text] of Object.entries(SPECS)) await writeFile(path.join(dir, name), text);
    await mkdir(path.join(dir, 'out'));
    await writeFile(path.join(dir, 'out', 'keep.txt'), 'a file of the user\n');
    const first = await cli([path.join(ROOT, 'spec/leonardo.asyncapi.yaml'), '-o', 'out', '-q'], dir);
    assert.equal(first.code, 0, first.stderr);
  });
  after(() => removeDir(dir));

  it('--help matches the README reference', async () => {
    const { code, stdout } = await cli(['--help']);
    assert.equal(code, 0);
    const readme = await readFile(path.join(ROOT, 'README.md'), 'utf8');
    const block = /<!-- help:start -->\n```text\n([\s\S]*?)```\n<!-- help:end -->/.exec(readme);
    assert.ok(block, 'README has a help block');
    assert.equal(stdout, block[1]);
  });

  it('--version prints the package version', async () => {
    const pkg = JSON.parse(await readFile(path.join(ROOT, 'package.json'), 'utf8')) as { version: string };
    assert.deepEqual(await cli(['--version']), { code: 0, stdout: `${pkg.version}\n`, stderr: '' });
  });

  const failures: Array<[string, string[], string]> = [
    [
      'a YAML syntax error',
      ['bad.yaml', '-o', 'out'],
      'error: bad.yaml is not valid YAML or JSON (2 syntax errors)\n' +
        '  bad.yaml:5:2: error: Bad indentation of a mapping entry [parser]\n' +
        '  bad.yaml:5:13: error: End of the stream or a document separator is expected [parser]\n',
    ],
    [
      'a file that is not AsyncAPI',
      ['openapi.yaml', '-o', 'out'],
      'error: not an AsyncAPI document: openapi.yaml has no top-level "asyncapi" field\n' +
        '  leonardo-webhook-gen reads AsyncAPI 2.x and 3.x documents (YAML or JSON)\n',
    ],
    ['a missing file', ['missing.yaml', '-o', 'out'], 'error: spec not found: missing.yaml\n  check the path, or omit it to use the bundled Leonardo spec\n'],
    [
      'messages without a discriminator',
      ['no-discriminator.yaml', '-o', 'out'],
      'error: cannot tell the 2 messages apart: nothing in the spec names the event of each\n' +
        '  no field or header that could name events is in every message: give each message a constant (type: { const: ... }), say where with --discriminator <path> or header:<Name>, or generate only some channels with --channel <name>\n' +
        '(run with --verbose for what each rule lacked)\n',
    ],
    [
      'messages without a discriminator, with --verbose: what each rule lacked',
      ['no-discriminator.yaml', '-o', 'out', '--verbose'],
      'error: cannot tell the 2 messages apart: nothing in the spec names the event of each\n' +
        '  no field or header that could name events is in every message: give each message a constant (type: { const: ... }), say where with --discriminator <path> or header:<Name>, or generate only some channels with --channel <name>\n' +
        '  what each rule lacked:\n' +
        '  body constants: no field has a string constant in every message\n' +
        '  body names: no plain-string or enum field called like an event name (type, event, topic, kind) in every message\n' +
        '  header: no message header is called like an event name (event, topic)\n' +
        '  address: all messages arrive on one channel\n' +
        '  prose: no description says which field or header names the event\n' +
        '  body groups: no body field names message Created (channel /hook); message Deleted (channel /hook)\n' +
        '  channel: all messages arrive on one channel\n' +
        '  shape: no field has a constant in every message\n' +
        '  declared header: no header has a constant in every message\n' +
        '  key present: messages Created, Deleted require no top-level key the others do not declare\n',
    ],
    ['a missing -o', ['no-discriminator.yaml'], "error: required option '-o, --out <dir>' not specified\n(run with --help for usage)\n"],
    ['an unknown option', ['--bogus', '-o', 'out'], "error: unknown option '--bogus'\n(run with --help for usage)\n"],
  ];
  for (const [name, args, message] of failures) {
    it(`${name}: exit 2, the exact message, the output folder untouched`, async () => {
      const before = await snapshot(path.join(dir, 'out'));
      const result = await cli(args, dir);
      assert.equal(result.stderr, message);
      assert.equal(result.stdout, '');
      assert.equal(result.code, 2);
      assert.deepEqual(await snapshot(path.join(dir, 'out')), before);
    });
  }

  it('prints a one-screen summary after a run', async () => {
    const result = await cli([path.join(ROOT, 'spec/leonardo.asyncapi.yaml'), '-o', 'fresh'], dir);
    assert.equal(result.code, 0);
    const written = Object.keys(await snapshot(path.join(dir, 'fresh'))).length;
    assert.equal(
      result.stdout,
      [
        `Spec:    ${path.relative(dir, path.join(ROOT, 'spec/leonardo.asyncapi.yaml'))} (AsyncAPI 2.6.0, "Leonardo.AI Webhook Callbacks" 1.0.0)`,
        'Events:  1 event on POST /leonardo/webhook, told apart by "type": image_generation.complete',
        'Auth:    bearer token, 6 allowed addresses',
        'Dedup:   a redelivery is known by a digest of the raw body',
        `Wrote:   fresh (${written} files: ${written} added, 0 changed, 0 unchanged, 0 removed)`,
        '',
      ].join('\n'),
    );
    assert.match(
      result.stderr,
      /spec\/leonardo\.asyncapi\.yaml:172:21: warning: example does not match its schema: "id" property must match format "uuid" at components\.messages\.ImageGenerationComplete\.examples\.0\.payload\.data\.object\.id \[asyncapi2-message-examples\]\n/,
    );
    assert.match(result.stderr, /\nnote: examples are documentation here: they never shape the generated types\n/);
  });

  it('prints the summary first, then the eight example warnings as one line and a count; --verbose each of them', async () => {
    const spec = path.join(ROOT, 'spec/leonardo.asyncapi.yaml');
    const shown = path.relative(dir, spec);
    const both: string[] = [];
    const code = await main([spec, '-o', 'ordered'], { out: (t) => both.push(`out:${t}`), err: (t) => both.push(`err:${t}`), cwd: dir });
    assert.equal(code, 0);
    assert.match(both[0]!, /^out:Spec: {4}/);
    assert.equal(
      both.slice(1).join(''),
      `err:${shown}:172:21: warning: example does not match its schema: "id" property must match format "uuid" at components.messages.ImageGenerationComplete.examples.0.payload.data.object.id [asyncapi2-message-examples]\n` +
        '  and 7 more warnings like it [asyncapi2-message-examples] (--verbose lists each)\n' +
        'note: examples are documentation here: they never shape the generated types\n',
    );
    const verbose = await cli([spec, '-o', 'ordered', '--verbose'], dir);
    assert.equal((verbose.stderr.match(/: warning: example does not match its schema: /g) ?? []).length, 8);
    assert.doesNotMatch(verbose.stderr, /more warnings like it/);
    assert.deepEqual(await cli([spec, '-o', 'ordered', '-q'], dir), { code: 0, stdout: '', stderr: '' });
  });

  it('reads a JSON document with a relative-file $ref (AsyncAPI 3, receive operation)', async () => {
    const doc = {
      asyncapi: '3.0.0',
      info: { title: 'JSON hooks', version: '1' },
      channels: { hook: { address: '/hook', messages: { pinged: { name: 'pinged', payload: { $ref: './payload.json' } } } } },
      operations: { onPing: { action: 'receive', channel: { $ref: '#/channels/hook' }, messages: [{ $ref: '#/channels/hook/messages/pinged' }] } },
    };
    await writeFile(path.join(dir, 'hooks.json'), JSON.stringify(doc, null, 2));
    await writeFile(
      path.join(dir, 'payload.json'),
      JSON.stringify({ type: 'object', required: ['kind'], properties: { kind: { const: 'ping' }, at: { type: 'string', format: 'date-time' } } }),
    );
    const result = await cli(['hooks.json', '-o', 'json-out'], dir);
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /Events:  1 event on POST \/hook, told apart by "kind": ping\n/);
    const models = await readFile(path.join(dir, 'json-out', 'models.ts'), 'utf8');
    assert.match(models, /kind: 'ping';\n\s+at\?: string;/);
  });

  it('uses the bundled spec when none is given', async () => {
    const result = await cli(['-o', 'bundled', '-q'], dir);
    assert.equal(result.code, 0, result.stderr);
    const events = await readFile(path.join(dir, 'bundled', 'events.ts'), 'utf8');
    assert.match(
      events,
      /^\/\/ Generated by leonardo-webhook-gen from the bundled Leonardo spec\. .*\n\/\/ Regenerate, in this folder: npx leonardo-webhook-gen -o \.\n/,
    );
  });

  it('warns about unknown schema keywords, with where they are and the likely keyword', async () => {
    const result = await cli(['typo.yaml', '-o', 'typo-out'], dir);
    assert.equal(result.code, 0, result.stderr);
    assert.equal(
      result.stderr,
      [
        'typo.yaml:12:21: warning: unknown schema keyword, ignored: "tpye" (did you mean "type"?) at channels./hook.publish.message.payload.properties.seed.tpye [unknown-keyword]',
        'typo.yaml:13:44: warning: unknown schema keyword, ignored: "maximun" (did you mean "maximum"?) at channels./hook.publish.message.payload.properties.size.maximun [unknown-keyword]',
        'typo.yaml:13:60: warning: unknown schema keyword, ignored: "frobnicate" at channels./hook.publish.message.payload.properties.size.frobnicate [unknown-keyword]',
        '',
      ].join('\n'),
    );
  });

  it('help and help <command> print the same help as --help', async () => {
    const help = await cli(['--help'], dir);
    assert.deepEqual(await cli(['help'], dir), help);
    const sendHelp = await cli(['send', '--help'], dir);
    assert.match(sendHelp.stdout, /^Usage: leonardo-webhook-gen send \[options\] <event-or-file>\n/);
    assert.deepEqual(await cli(['help', 'send'], dir), sendHelp);
    const unknown = await cli(['help', 'frobnicate'], dir);
    assert.equal(unknown.code, 2);
    assert.equal(unknown.stderr, 'error: no command frobnicate; commands: send, verify, diff\n(run with --help for usage)\n');
  });

  it('kept the user file in the output folder through every run', async () => {
    assert.equal(await readFile(path.join(dir, 'out', 'keep.txt'), 'utf8'), 'a file of the user\n');
  });
});
