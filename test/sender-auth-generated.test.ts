import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { writeAuthSpec, type AuthSpecParts } from './support/auth-specs.js';
import { cli, compileOutputs, CORPUS, removeDir, runGeneratedTests, tempDir, typecheck } from './support/helpers.js';

/**
 * End to end, in one compiled output: receivers generated from small specs, one per kind of
 * scheme, and from the corpus specs whose sender signs or sends a secret. Their own tests (signed
 * fixtures accepted; tampered ones refused without the handler running) and the fixture tests
 * must pass. Corpus specs the generator stops on for other reasons (CORPUS.md) are listed, not failed.
 */
const SPECS: Record<string, AuthSpecParts> = {
  github: { schemes: 'sig:\n  type: httpApiKey\n  in: header\n  name: X-Hub-Signature-256', headers: 'X-GitHub-Delivery:\n  type: string' },
  stripe: { schemes: 'sig:\n  type: httpApiKey\n  in: header\n  name: Stripe-Signature' },
  slack: { headers: 'X-Slack-Signature:\n  type: string\nX-Slack-Request-Timestamp:\n  type: string' },
  standard: { headers: 'webhook-id:\n  type: string\nwebhook-timestamp:\n  type: string\nwebhook-signature:\n  type: string' },
  gitlab: { schemes: 'token:\n  type: httpApiKey\n  in: header\n  name: X-Gitlab-Token' },
  passcode: { schemes: 'pass:\n  type: userPassword\n  description: Payloads include a passcode field.', fields: 'passcode:\n  type: string' },
  mixed: {
    schemes: 'basic:\n  type: userPassword\njwt:\n  type: httpApiKey\n  in: header\n  name: X-Verification\n  description: A JWT (ES256) signed by the sender.',
  },
};
/** CORPUS-AUTH.md's rows with an enforced scheme (cal-com's generated schemas do not compile yet, for reasons of its own). */
const CORPUS_ENFORCED = [
  'webhooks/figma.yml',
  'webhooks/resend.yml',
  'webhooks/typeform.yml',
  'webhooks-more/adyen.yml',
  'webhooks-more/chargebee.yml',
  'webhooks-more/gitlab.yml',
  'webhooks-more/intercom.yml',
  'webhooks-more/pipedrive.yml',
  'webhooks-more/shopify.yml',
  'webhooks-more/stripe.yml',
  'webhooks-more/zoom.yml',
];
const hasCorpus = existsSync(path.join(CORPUS, 'webhooks-more'));

describe('generated receivers enforce the sender auth of their spec', () => {
  let dir = '';
  let tests: string[] = [];
  const corpus: string[] = [];
  const stopped: string[] = [];
  before(async () => {
    dir = await tempDir('auth-e2e');
    for (const [name, parts] of Object.entries(SPECS)) {
      const result = await cli([await writeAuthSpec(dir, name, parts), '-o', name, '-q'], dir);
      assert.equal(result.code, 0, result.stderr);
    }
    for (const file of hasCorpus ? CORPUS_ENFORCED : []) {
      const name = `corpus-${path.basename(file, '.yml')}`;
      const result = await cli([path.join(CORPUS, file), '-o', name, '-q', '--lenient'], dir);
      if (result.code !== 0) {
        stopped.push(`${file}: ${result.stderr.split('\n')[0]}`);
        continue;
      }
      corpus.push(name);
      // Whether models and validators agree is the corpus test's concern (cal-com's do not yet); this one runs receivers.
      await rm(path.join(dir, name, 'type-assertions.ts'), { force: true });
    }
    const compiled = await compileOutputs(dir, [...Object.keys(SPECS), ...corpus]);
    tests = compiled.flatMap((file, i) => [...(i < Object.keys(SPECS).length ? [file] : []), path.join(path.dirname(file), 'sender-auth.test.js')]);
  });
  after(() => removeDir(dir));

  it('type-checks under strict flags', async () => {
    const files = Object.keys(SPECS).flatMap((name) => [`${name}/index.ts`, `${name}/sender-auth.test.ts`, `${name}/webhooks.test.ts`]);
    const check = await typecheck(dir, files, 'nodenext');
    assert.equal(check.output, '');
  });

  it('their generated tests pass: each refuses its tampered requests', async (t) => {
    if (stopped.length > 0) t.diagnostic(`corpus specs not generated (see CORPUS.md):\n${stopped.join('\n')}`);
    if (hasCorpus) assert.ok(corpus.length >= 6, `only ${corpus.join(', ')} generated`);
    const run = await runGeneratedTests(tests);
    assert.ok(
      run.ok,
      run.output
        .split('\n')
        .filter((l) => /not ok|Error|expected|actual/.test(l))
        .slice(0, 40)
        .join('\n'),
    );
    // Every receiver refused a tampered request per scheme: the tests ran, they did not skip.
    const refused = run.output.match(/^\s*ok \d+ - .*: refused once tampered, and never handled$/gm) ?? [];
    assert.ok(refused.length >= Object.keys(SPECS).length + corpus.length, `${refused.length} tamper tests`);
  });
});
