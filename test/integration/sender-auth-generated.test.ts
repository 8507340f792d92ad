import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { writeAuthSpec, type AuthSpecParts } from '../support/auth-specs.js';
import { cli, compileOutputs, removeDir, runGeneratedTests, tempDir } from '../support/helpers.js';

/**
 * End to end, in one compiled output: receivers generated from small specs, one per kind of
 * scheme. Their own tests (signed fixtures accepted; tampered ones refused without the handler
 * running) and the fixture tests must pass. The corpus specs whose sender signs or sends a secret
 * are corpus-webhooks.test.ts's, in its one compiled output.
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
describe('generated receivers enforce the sender auth of their spec', () => {
  let dir = '';
  let tests: string[] = [];
  let typeErrors = '';
  before(async () => {
    dir = await tempDir('auth-e2e');
    for (const [name, parts] of Object.entries(SPECS)) {
      const result = await cli([await writeAuthSpec(dir, name, parts), '-o', name, '-q'], dir);
      assert.equal(result.code, 0, result.stderr);
    }
    ({ output: typeErrors, tests } = await compileOutputs(dir, Object.keys(SPECS)));
  });
  after(() => removeDir(dir));

  it('type-checks under strict flags', () => {
    assert.equal(typeErrors, '');
  });

  it('their generated tests pass: each refuses its tampered requests', async () => {
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
    assert.ok(refused.length >= Object.keys(SPECS).length, `${refused.length} tamper tests`);
  });
});
