import assert from 'node:assert/strict';
import http from 'node:http';
import { spawn, type ChildProcess } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { applySet, parsePath } from '../../src/cli/send.js';
import { GenError } from '../../src/errors.js';
import { cli, removeDir, ROOT, tempDir } from '../support/helpers.js';

describe('send --set paths and values', () => {
  const paths: Array<[string, Array<string | number>]> = [
    ['type', ['type']],
    ['data.object.status', ['data', 'object', 'status']],
    ['data.object.images[0].url', ['data', 'object', 'images', 0, 'url']],
  ];
  for (const [text, parts] of paths) it(`parses ${text}`, () => assert.deepEqual(parsePath(text), parts));

  const sets: Array<[string, unknown]> = [
    ['data.object.status=FAILED', 'FAILED'],
    ['data.object.seed=42', 42],
    ['data.object.seed="42"', '42'],
    ['data.object.prompt=null', null],
    ['data.object.images[0].url=https://example.com/a=b', 'https://example.com/a=b'],
  ];
  for (const [assignment, value] of sets) {
    it(`applies ${assignment}`, () => {
      const body = { data: { object: { status: 'COMPLETE', seed: '1', prompt: 'p', images: [{ url: 'x' }] } } };
      applySet(body, assignment);
      const parts = parsePath(assignment.slice(0, assignment.indexOf('=')));
      assert.deepEqual(
        parts.reduce<any>((node, part) => node[part], body),
        value,
      );
    });
  }
  it('refuses a path through a non-object', () => {
    assert.throws(
      () => applySet({ a: 1 }, 'a.b=2'),
      (e: unknown) => e instanceof GenError && e.message === '--set a.b=2: a is not an object in the body',
    );
    assert.throws(() => applySet({}, 'novalue'), /--set takes path=value/);
  });
});

describe('send against the example receiver', () => {
  let child: ChildProcess;
  let url = '';
  let dir = '';
  let output = '';
  before(async () => {
    dir = await tempDir('send');
    child = spawn(process.execPath, [path.join(ROOT, 'dist/examples/node-http.js')], {
      env: { ...process.env, LEONARDO_WEBHOOK_TOKEN: 'local-token', PORT: '0', WEBHOOK_ALLOW_LOCAL: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stderr!.on('data', (d) => (output += d));
    url = await new Promise<string>((resolve) => {
      child.stdout!.on('data', (d) => {
        output += d;
        const match = /listening on (http:\/\/\S+)/.exec(output);
        if (match) resolve(`${match[1]}/leonardo/webhook`);
      });
    });
  });
  after(async () => {
    child.kill();
    await removeDir(dir);
  });

  it('delivers an event by name: 200, exit 0', async () => {
    const result = await cli(['send', 'image_generation.complete', '--url', url, '--token', 'local-token']);
    assert.equal(result.code, 0, result.stderr);
    assert.equal(result.stdout, `POST ${url} -> 200 OK\n{"status":"ok"}\n`);
  });
  it('with a wrong token: 401, exit 1', async () => {
    const result = await cli(['send', 'image_generation.complete', '--url', url, '--token', 'wrong']);
    assert.equal(result.code, 1);
    assert.equal(result.stdout, `POST ${url} -> 401 Unauthorized\n{"error":"unauthorized"}\n`);
  });
  it('an unknown event made with --set: 202, exit 0', async () => {
    const result = await cli(['send', 'image_generation.complete', '--url', url, '--token', 'local-token', '--set', 'type=video_generation.complete']);
    assert.equal(result.code, 0);
    assert.equal(result.stdout, `POST ${url} -> 202 Accepted\n{"status":"accepted","note":"unknown event"}\n`);
  });
  it('a body from a JSON file, with an override', async () => {
    const file = path.join(dir, 'body.json');
    await writeFile(
      file,
      JSON.stringify({
        type: 'image_generation.complete',
        object: 'generation',
        timestamp: 1,
        api_version: 'v1',
        data: { object: { id: 'd6f1c0a4-1111-4222-8333-444455556666' } },
      }),
    );
    const result = await cli(['send', file, '--url', url, '--token', 'local-token', '--set', 'data.object.status=FAILED']);
    assert.equal(result.code, 0, result.stdout + result.stderr);
    assert.match(result.stdout, / -> 200 OK\n/);
  });
  it('--out takes the spec from the folder it generated: an event only that spec has', async () => {
    const args = ['send', 'video_generation.complete', '--url', url, '--token', 'local-token'];
    assert.equal((await cli(args)).code, 2);
    const result = await cli([...args, '--out', path.join(ROOT, 'generated-fixtures/extended')]);
    assert.equal(result.code, 0, result.stderr);
    assert.equal(result.stdout, `POST ${url} -> 202 Accepted\n{"status":"accepted","note":"unknown event"}\n`);
  });
  it('an event the spec does not have: exit 2, naming the events', async () => {
    const result = await cli(['send', 'nope', '--url', url]);
    assert.equal(result.code, 2);
    assert.match(result.stderr, /^error: no event "nope" in .*leonardo\.asyncapi\.yaml\n  events: image_generation\.complete\n$/);
  });
  it('no receiver at the URL: exit 2', async () => {
    // A port that was just free: nothing listens there.
    const probe = net.createServer();
    await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r));
    const { port } = probe.address() as net.AddressInfo;
    await new Promise((r) => probe.close(r));
    const result = await cli(['send', 'image_generation.complete', '--url', `http://127.0.0.1:${port}/leonardo/webhook`]);
    assert.equal(result.code, 2);
    assert.equal(
      result.stderr,
      `error: no answer from http://127.0.0.1:${port}/leonardo/webhook (ECONNREFUSED)\n  is the receiver running, and is this its address?\n`,
    );
  });
});

describe('send to a receiver that refuses the address', () => {
  it('prints the 403 and a hint that names allowedIps, exit 1', async () => {
    const server = http.createServer((_request, response) => {
      response.writeHead(403, { 'content-type': 'application/json' }).end('{"error":"forbidden"}');
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    try {
      const url = `http://127.0.0.1:${(server.address() as net.AddressInfo).port}/leonardo/webhook`;
      const result = await cli(['send', 'image_generation.complete', '--url', url, '--token', 't']);
      assert.equal(result.code, 1);
      assert.equal(result.stdout, `POST ${url} -> 403 Forbidden\n{"error":"forbidden"}\n`);
      assert.equal(
        result.stderr,
        "hint: 403 usually means the receiver refused this machine's address: createWebhookHandler admits only allowedIps\n" +
          "  (by default the sender's documented addresses). To try it locally, add '127.0.0.1' and '::1' to allowedIps,\n" +
          '  or pass allowedIps: false; behind a proxy, see trustProxy.\n',
      );
    } finally {
      await new Promise((r) => server.close(r));
    }
  });
});

describe('send to a receiver that answers 401', () => {
  /** A receiver that refuses every request with 401, as one refuses a wrong token. */
  async function refusing(run: (url: string) => Promise<void>): Promise<void> {
    const server = http.createServer((_request, response) => {
      response.writeHead(401, { 'content-type': 'application/json' }).end('{"error":"unauthorized"}');
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const saved = process.env.LEONARDO_WEBHOOK_TOKEN;
    delete process.env.LEONARDO_WEBHOOK_TOKEN;
    try {
      await run(`http://127.0.0.1:${(server.address() as net.AddressInfo).port}/leonardo/webhook`);
    } finally {
      if (saved !== undefined) process.env.LEONARDO_WEBHOOK_TOKEN = saved;
      await new Promise((r) => server.close(r));
    }
  }

  it('without a token: says the placeholder went out and names --token and the env var, exit 1', () =>
    refusing(async (url) => {
      const result = await cli(['send', 'image_generation.complete', '--url', url]);
      assert.equal(result.code, 1);
      assert.equal(result.stdout, `POST ${url} -> 401 Unauthorized\n{"error":"unauthorized"}\n`);
      assert.equal(
        result.stderr,
        "hint: 401: no token was given, so the fixture's placeholder token went out; pass the receiver's token with --token <token>\n" +
          '  or set LEONARDO_WEBHOOK_TOKEN.\n',
      );
    }));

  it('with a token: says the receiver refused it, naming its option', () =>
    refusing(async (url) => {
      const result = await cli(['send', 'image_generation.complete', '--url', url, '--token', 'wrong']);
      assert.equal(result.code, 1);
      assert.equal(
        result.stderr,
        'hint: 401: the receiver refused the token given; check that it is the one the receiver was created with\n  (its `token` option).\n',
      );
    }));
});
