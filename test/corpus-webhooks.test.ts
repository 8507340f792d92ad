import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { promisify } from 'node:util';
import { cli, compileOutputs, CORPUS, removeDir, tempDir } from './support/helpers.js';

/**
 * Other providers' webhook specs (webhooks/ and webhooks-more/ of the corpus), unchanged: each
 * generates (corpus.test.ts type-checks the output and runs its tests, per CORPUS.md), or stops
 * saying what would settle it. And the point of event identity: every event's request fixture, posted to one
 * createWebhookHandler with a handler per event, reaches that event's handler and no other. The
 * corpus sits beside the project (it is not ours to redistribute); without it these tests are
 * skipped, saying so.
 */
const FOLDERS = ['webhooks', 'webhooks-more'].map((f) => path.join(CORPUS, f));
const skip = FOLDERS.every((f) => existsSync(f)) ? false : `no corpus at ${FOLDERS.join(' and ')}`;
const run = promisify(execFile);

/** Posts every request fixture of one compiled output to one handler; prints what went wrong. */
const DISPATCH = `
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
const folder = process.argv[2];
const { createWebhookHandler } = await import(pathToFileURL(path.join(folder, 'receiver.js')).href);
const { webhookEventNames } = await import(pathToFileURL(path.join(folder, 'events.js')).href);
const read = (file) => JSON.parse(readFileSync(path.join(folder, 'fixtures', file), 'utf8'));
const index = read('index.json');
const requests = Object.entries(index.requests).map(([event, file]) => [event, read(file)]);
const calls = [];
const handlers = Object.fromEntries(webhookEventNames.map((name) => [name, () => void calls.push(name)]));
const bearer = requests.some(([, r]) => 'authorization' in r.headers);
// Fixtures of a spec whose sender signs carry the test secrets and the time they were signed at.
const signed = index.senderSecrets ? { secrets: index.senderSecrets, now: () => index.signedAt * 1000 } : {};
const handle = createWebhookHandler({
  // An Authorization header there is the sender scheme itself (Basic, a raw token), not a bearer token.
  ...(signed.secrets ? {} : bearer ? { token: index.requestToken } : { allowUnauthenticated: true }),
  ...signed,
  // A signature the receiver cannot check by itself (one inside the body) is the user's verify(); dispatch is tested here.
  allowUnverified: true,
  allowedIps: false,
  handlers,
  idempotencyKey: () => undefined,
  logger: { warn: () => undefined, error: () => undefined },
});
const failures = [];
const paths = new Set();
for (const [event, fixture] of requests) {
  calls.length = 0;
  paths.add(fixture.path);
  const url = 'http://localhost' + (fixture.path.startsWith('/') ? fixture.path : '/' + fixture.path);
  const response = await handle(new Request(url, { method: fixture.method, headers: fixture.headers, body: JSON.stringify(fixture.body) }));
  if (response.status !== 200 || calls.length !== 1 || calls[0] !== event) {
    failures.push(event + ': ' + response.status + ' ' + (await response.text()) + ' handled by ' + JSON.stringify(calls));
  }
}
console.log(JSON.stringify({ requests: requests.length, paths: paths.size, failures }));
`;

interface Outcome {
  document: string;
  folder: string;
  code: number;
  stdout: string;
  stderr: string;
}

describe('webhook corpus', { skip }, () => {
  let dir = '';
  const outcomes: Outcome[] = [];
  before(async () => {
    dir = await tempDir('corpus-webhooks');
    for (const folder of FOLDERS) {
      for (const file of (await readdir(folder)).filter((f) => /\.ya?ml$/.test(f)).sort()) {
        const name = `${path.basename(folder)}-${path.basename(file, path.extname(file))}`;
        const result = await cli([path.join(folder, file), '-o', name], dir);
        outcomes.push({ document: `${path.basename(folder)}/${file}`, folder: name, ...result });
      }
    }
  });
  after(() => removeDir(dir));

  it('all 22 documents were tried; those that stop say why, and what would settle it', () => {
    assert.equal(outcomes.length, 22);
    const stopped = outcomes.filter((o) => o.code !== 0);
    for (const o of stopped) {
      assert.equal(o.code, 2, `${o.document}: ${o.stderr}`);
      assert.doesNotMatch(o.stderr, /\n\s+at /, `${o.document}: a stack trace`);
      assert.equal(existsSync(path.join(dir, o.folder)), false, `${o.document}: wrote output`);
    }
    // Nothing in these names each event (CORPUS.md says why, document by document): the error
    // lists each strategy and the flag that would settle it.
    const unidentified = stopped.filter((o) => /^error: cannot tell the \d+ messages apart/.test(o.stderr)).map((o) => o.document);
    assert.deepEqual(unidentified, ['webhooks/honeybadger.yml', 'webhooks-more/braintree.yml']);
    for (const o of stopped.filter((x) => unidentified.includes(x.document))) {
      for (const strategy of ['body constants', 'body names', 'header', 'address', 'shape'])
        assert.match(o.stderr, new RegExp(`\n  ${strategy}: `), o.document);
      assert.match(o.stderr, /settle it with --discriminator/);
    }
    assert.deepEqual(
      stopped.filter((o) => !unidentified.includes(o.document)).map((o) => o.document),
      [],
    );
  });

  it('what generates with warnings says so: a loosened field, messages received as one event', () => {
    const outcome = (document: string) => outcomes.find((o) => o.document === document)!;
    // adyen narrows a field to a value its base enum lacks: generated looser, at each place.
    assert.equal(
      (outcome('webhooks-more/adyen.yml').stderr.match(/warning: contradictory field, generated looser: allOf at .*eventCode allows no value/g) ?? []).length,
      5,
    );
    // cloudflare's live stream started and ended are delivered alike.
    assert.match(
      outcome('webhooks-more/cloudflare.yml').stderr,
      /warning: events the spec does not tell apart: messages LiveStreamStarted, LiveStreamEnded are delivered alike .* received as one event LiveStreamEventPayload/,
    );
  });

  it('each request fixture reaches its own handler, and only that one, through one handler', async () => {
    // Type-checking and the outputs' own tests are corpus.test.ts's (every CORPUS.md row); here
    // the outputs are compiled once to run the handler.
    await compileOutputs(
      dir,
      outcomes.filter((o) => o.code === 0).map((o) => o.folder),
    );
    await writeFile(path.join(dir, 'dispatch.mjs'), DISPATCH);
    const failures: string[] = [];
    for (const o of outcomes.filter((x) => x.code === 0)) {
      const { stdout } = await run(process.execPath, [path.join(dir, 'dispatch.mjs'), path.join(dir, 'js', o.folder)], {
        cwd: dir,
        maxBuffer: 16 * 1024 * 1024,
      });
      const report = JSON.parse(stdout) as { requests: number; paths: number; failures: string[] };
      assert.ok(report.requests > 0, o.document);
      failures.push(...report.failures.slice(0, 3).map((f) => `${o.document}: ${f}`));
      // A provider that posts every event to one URL gets one request path.
      if (!/told apart by the address/.test(o.stdout)) assert.equal(report.paths, 1, `${o.document}: ${report.paths} request paths`);
    }
    assert.deepEqual(failures, []);
  });

  it('the summary says how events are told apart', () => {
    for (const o of outcomes.filter((x) => x.code === 0)) assert.match(o.stdout, /told apart by |one event/, o.document);
  });
});
