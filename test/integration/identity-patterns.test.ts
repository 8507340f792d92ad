import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { promisify } from 'node:util';
import { cli, compileOutputs, removeDir, tempDir } from '../support/helpers.js';
import { DISPATCH } from '../support/dispatch.js';
import { patterns } from '../support/identity-patterns.js';
import { message, obj, str, v2 } from '../support/spec-docs.js';

/**
 * Identity read from what a spec says in words, names and places AsyncAPI gives no rule: each
 * pattern's spec generates with a warning that says what was read and where, type-checks, and
 * each request fixture, posted to one handler at one URL, reaches its own event's handler. All
 * outputs are compiled in one tsc run.
 */

const run = promisify(execFile);
const folder = (i: number) => `pattern-${i}`;

describe('identity read from prose, names and misplaced fields', () => {
  let dir = '';
  const runs: Array<{ code: number; stdout: string; stderr: string }> = [];
  before(async () => {
    dir = await tempDir('identity-patterns');
    for (const [i, p] of patterns.entries()) {
      await writeFile(path.join(dir, `${folder(i)}.json`), JSON.stringify(p.doc));
      // --verbose: warnings of one kind are grouped after the first otherwise, and each is checked here.
      runs.push(await cli([`${folder(i)}.json`, '-o', folder(i), '--verbose'], dir));
    }
  });
  after(() => removeDir(dir));

  patterns.forEach((p, i) => {
    it(`${p.name}: the rule, the events, one endpoint, and a warning for what was read`, () => {
      const r = runs[i]!;
      assert.equal(r.code, 0, r.stderr);
      const events = r.stdout.split('\n').filter((l) => l.startsWith('Events:'));
      assert.equal(events.length, 1, r.stdout);
      assert.equal(
        events[0],
        `Events:  ${p.events.length} event${p.events.length === 1 ? '' : 's'} on POST ${'/hook' in (p.doc.channels as object) ? '/hook' : '/'}, ${p.summary}: ${p.events.join(', ')}`,
      );
      const notHints = r.stderr
        .split('\n')
        .filter((line) => !line.includes(': hint: '))
        .join('\n');
      const warnings = [...notHints.matchAll(/ at (\S+) \[([a-z-]+)\]$/gm)]
        .map((m) => [m[2]!, m[1]!])
        .filter(([code]) => code !== 'asyncapi-document-resolved');
      assert.deepEqual(warnings, p.warnings, r.stderr);
    });
  });

  it('each output type-checks, and every request fixture reaches its own handler at one URL', async () => {
    const folders = patterns.map((_, i) => folder(i));
    const { output } = await compileOutputs(dir, folders);
    assert.equal(output, '');
    await writeFile(path.join(dir, 'dispatch.mjs'), DISPATCH);
    for (const [i, p] of patterns.entries()) {
      const { stdout } = await run(process.execPath, [path.join(dir, 'dispatch.mjs'), path.join(dir, 'js', folder(i))], { cwd: dir });
      assert.deepEqual(JSON.parse(stdout), { requests: p.events.length, paths: 1, failures: [] }, p.name);
    }
  });

  it('a warning says what was read from prose, and where', () => {
    assert.match(
      runs[0]!.stderr,
      /warning: event identity read where the spec does not state it: the rule is read from prose: channels\.\/hook\.description says "event\.event_type" names the event, read as body field "event\.event_type" \(named by the message title\); to state it, add x-webhook-discriminator: event\.event_type/,
    );
    assert.match(
      runs[2]!.stderr,
      /header X-Shop-Event is read from channels\.order\.paid\.publish\.bindings\.http\.headers, where AsyncAPI declares no headers: declare it in each message's `headers`/,
    );
  });
});

describe('events that cannot be told apart: the short error', () => {
  let dir = '';
  before(async () => {
    dir = await tempDir('identity-short');
  });
  after(() => removeDir(dir));

  const nested = v2({
    '/hook': [message('A', obj({ data: obj({ type: str, id: str }) })), message('B', obj({ data: obj({ type: str, n: { type: 'number' } }) }))],
  });

  it('leads with the likeliest rule and its flag, in a few lines; --verbose adds what each rule lacked', async () => {
    await writeFile(path.join(dir, 'nested.json'), JSON.stringify(nested));
    const short = await cli(['nested.json', '-o', 'out'], dir);
    assert.equal(short.code, 2);
    assert.equal(
      short.stderr,
      [
        'error: cannot tell the 2 messages apart: nothing in the spec names the event of each',
        '  the likeliest rule:',
        '    body field "data.type", in every message: --discriminator data.type (or x-webhook-discriminator: data.type)',
        '(run with --verbose for what each rule lacked)',
        '',
      ].join('\n'),
    );
    const verbose = await cli(['nested.json', '-o', 'out', '--verbose'], dir);
    assert.equal(verbose.stderr.split('\n').slice(0, 3).join('\n'), short.stderr.split('\n').slice(0, 3).join('\n'));
    assert.match(verbose.stderr, /\n {2}what each rule lacked:\n {2}body constants: /);
    assert.match(verbose.stderr, /\n {2}shape: /);
    // The flag it names settles it.
    const settled = await cli(['nested.json', '-o', 'out', '--discriminator', 'data.type'], dir);
    assert.equal(settled.code, 0, settled.stderr);
  });

  it('channel keys that are event names are never request paths: with nothing else, it stops', async () => {
    const doc = v2(
      { 'issue/created': [message('IssueCreated', obj({ id: str }))], 'issue/closed': [message('IssueClosed', obj({ id: str, at: str }))] },
      { servers: { subscriber: { url: 'https://example.com/hook', protocol: 'https' } } },
    );
    await writeFile(path.join(dir, 'keys.json'), JSON.stringify(doc));
    const r = await cli(['keys.json', '-o', 'keys', '--verbose'], dir);
    assert.equal(r.code, 2, r.stdout);
    assert.match(r.stderr, /\n {2}channel: channel keys issue\/closed, issue\/created are event names, not addresses: the provider posts them to one URL\n/);
    assert.ok(r.stderr.split('\n').length > 10);
    const short = await cli(['keys.json', '-o', 'keys'], dir);
    assert.ok(short.stderr.trimEnd().split('\n').length <= 11, short.stderr);
  });
});
