import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { promisify } from 'node:util';
import { assertRow, HELD, home, ROWS, skipReason } from '../support/corpus-rows.js';
import { cli, compileOutputs, CORPUS, removeDir, ROOT, runGeneratedTests, tempDir } from '../support/helpers.js';
import { prettierDifference } from '../support/prettier-form.js';
import { DISPATCH } from '../support/dispatch.js';

/**
 * Other providers' webhook specs (webhooks/ and webhooks-more/ of the corpus), unchanged, against
 * their rows in CORPUS.md: each generates, or stops saying what would settle it. Everything that
 * generates is type-checked under strict flags and compiled in one tsc run, and its generated
 * tests run (fixtures; signed or secret-carrying requests accepted, tampered ones refused). And
 * the point of event identity: every event's request fixture, posted to one createWebhookHandler
 * with a handler per event, reaches that event's handler and no other. The corpus sits beside the
 * project (it is not ours to redistribute); without it these tests are skipped, saying so.
 */
const FOLDERS = ['webhooks', 'webhooks-more'].map((f) => path.join(CORPUS, f));
const skip = FOLDERS.every((f) => existsSync(f)) ? false : `no corpus at ${FOLDERS.join(' and ')}`;
const WEBHOOK_ROWS = ROWS.filter((row) => !row.document.startsWith(`${HELD}/`));
const run = promisify(execFile);
const folderOf = (document: string): string => document.replace(/\.ya?ml$/, '').replace(/\W+/g, '-');
/** CORPUS-AUTH.md's documents whose receiver enforces a sender scheme (its second column is not "-"). */
const ENFORCED = [...readFileSync(path.join(ROOT, 'CORPUS-AUTH.md'), 'utf8').matchAll(/^\| `([^`]+)` \| ([^|]+) \|/gm)]
  .filter((m) => m[2]!.trim() !== '-')
  .map((m) => m[1]!);

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
  });
  after(() => removeDir(dir));

  for (const row of WEBHOOK_ROWS) {
    it(row.document, { skip: skipReason(row.document) }, async () => {
      const folder = folderOf(row.document);
      const result = await cli([path.join(home(row.document), row.document), '-o', folder], dir);
      outcomes.push({ document: row.document, folder, ...result });
      await assertRow(row, result, path.join(dir, folder));
    });
  }

  it('all 22 documents were tried; those that stop say why, and what would settle it', () => {
    assert.equal(outcomes.length, 22);
    const stopped = outcomes.filter((o) => o.code !== 0);
    for (const o of stopped) {
      assert.equal(o.code, 2, `${o.document}: ${o.stderr}`);
      assert.doesNotMatch(o.stderr, /\n\s+at /, `${o.document}: a stack trace`);
      assert.equal(existsSync(path.join(dir, o.folder)), false, `${o.document}: wrote output`);
    }
    // Nothing in these names each event (CORPUS.md says why, document by document): the short
    // error leads with the likeliest rule and the flag that states it, in at most ten lines.
    const unidentified = stopped.filter((o) => /^error: cannot tell the \d+ messages apart/.test(o.stderr)).map((o) => o.document);
    assert.deepEqual(unidentified, ['webhooks/honeybadger.yml', 'webhooks-more/braintree.yml']);
    for (const o of stopped.filter((x) => unidentified.includes(x.document))) {
      assert.ok(o.stderr.trimEnd().split('\n').length <= 11, o.stderr);
      assert.match(o.stderr, /--discriminator /, o.document);
      assert.match(o.stderr, /\(run with --verbose for what each rule lacked\)\n$/, o.document);
    }
    assert.match(
      outcomes.find((o) => o.document === 'webhooks/honeybadger.yml')!.stderr,
      /\n {4}body field "event", in the 12 messages of channel webhook: --channel webhook, with --discriminator event/,
    );
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
    // adyen names its standard notifications in an array's elements and its platform ones in
    // `type`; two channels no name fits are left out, each with a warning.
    assert.match(
      outcome('webhooks-more/adyen.yml').stdout,
      /told apart by body fields by group, the first present deciding: "type" \(named by the channel name\), else "notificationItems\[\]\.NotificationRequestItem\.eventCode" \(named by the channel name\)/,
    );
    assert.deepEqual(
      [...outcome('webhooks-more/adyen.yml').stderr.matchAll(/warning: events the spec does not tell apart: channel (\S+) is left out/g)].map((m) => m[1]),
      ['balancePlatform/balancePlatformReport/created', 'standard/PAYOUT_DECLINED'],
    );
    // cloudflare's live stream started and ended are delivered alike.
    assert.match(
      outcome('webhooks-more/cloudflare.yml').stderr,
      /warning: events the spec does not tell apart: messages LiveStreamStarted, LiveStreamEnded are delivered alike .* received as one event LiveStreamEventPayload/,
    );
  });

  it('what generates type-checks under strict flags, and its generated tests pass: each signed request refused once tampered', async () => {
    const generated = outcomes.filter((o) => o.code === 0).map((o) => o.folder);
    const { output, tests } = await compileOutputs(dir, generated);
    assert.equal(output, '');
    const result = await runGeneratedTests(tests);
    assert.ok(
      result.ok,
      result.output
        .split('\n')
        .filter((l) => /not ok|Error|expected|actual/.test(l))
        .slice(0, 40)
        .join('\n'),
    );
    assert.match(result.output, /# fail 0\n/);
    assert.equal((result.output.match(/^# Subtest: webhook fixtures$/gm) ?? []).length, generated.length);
    // Every output whose sender signs or sends a secret (CORPUS-AUTH.md) ran its tamper tests.
    const signing = outcomes.filter((o) => o.code === 0 && tests.includes(path.join(dir, 'js', o.folder, 'sender-auth.test.js'))).map((o) => o.document);
    assert.deepEqual(
      signing,
      ENFORCED.filter((d) => generated.includes(folderOf(d))),
    );
    const refused = result.output.match(/^\s*ok \d+ - .*: refused once tampered, and never handled$/gm) ?? [];
    assert.ok(refused.length >= signing.length, `${refused.length} tamper tests for ${signing.length} outputs`);
  });

  it('each request fixture reaches its own handler, and only that one, through one handler', async () => {
    // The JavaScript the test above compiled.
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
      // adyen's channel keys (`standard/REFUND`) are not addresses: its 62 events arrive at one path.
      if (o.document === 'webhooks-more/adyen.yml') assert.deepEqual([report.requests, report.paths], [62, 1]);
    }
    assert.deepEqual(failures, []);
  });

  it('the files printed in prettier form, checks.ts, fixtures.ts and schemas.ts, are what prettier makes of them', async () => {
    const differences: string[] = [];
    for (const o of outcomes.filter((x) => x.code === 0)) {
      for (const file of ['checks.ts', 'fixtures.ts', 'schemas.ts']) {
        const difference = await prettierDifference(await readFile(path.join(dir, o.folder, file), 'utf8'));
        if (difference !== '') differences.push(`${o.document} ${file} ${difference}`);
      }
    }
    assert.deepEqual(differences, []);
  });

  it('the summary says how events are told apart', () => {
    for (const o of outcomes.filter((x) => x.code === 0)) assert.match(o.stdout, /told apart by |one event/, o.document);
  });
});
