import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { cli, CORPUS, removeDir, tempDir, typecheck } from './support/helpers.js';

/**
 * Other providers' webhook specs, unchanged: each must generate code that type-checks. The corpus
 * sits beside the project (it is not ours to redistribute); without it these tests are skipped,
 * saying so.
 */
const WEBHOOKS = path.join(CORPUS, 'webhooks');
const skip = existsSync(WEBHOOKS) ? false : `no corpus at ${WEBHOOKS}`;

const cases: Array<{ file: string; args: string[]; events: number; discriminator: string }> = [
  { file: 'figma.yml', args: [], events: 6, discriminator: 'event_type' },
  { file: 'resend.yml', args: [], events: 13, discriminator: 'type' },
  { file: 'typeform.yml', args: [], events: 1, discriminator: 'event_type' },
  // Its slack channel carries three indistinguishable messages (see the next test).
  { file: 'honeybadger.yml', args: ['--channel', 'webhook', '--channel', 'microsoftTeams'], events: 12, discriminator: 'event' },
];

describe('webhook corpus', { skip }, () => {
  let dir = '';
  before(async () => {
    dir = await tempDir('corpus');
  });
  after(() => removeDir(dir));

  for (const { file, args, events, discriminator } of cases) {
    it(`${file} generates models that type-check`, async () => {
      const name = path.basename(file, '.yml');
      const result = await cli([path.join(WEBHOOKS, file), '-o', name, ...args], dir);
      assert.equal(result.code, 0, result.stderr);
      assert.match(result.stdout, new RegExp(`Events:  ${events} events? on POST [^,]+, told apart by "${discriminator}"`));
      for (const resolution of ['nodenext', 'bundler'] as const) {
        const check = await typecheck(dir, [`${name}/index.ts`], resolution);
        assert.equal(check.output, '', `${file} under ${resolution}`);
      }
    });
  }

  it('figma: the documentation-only schema error is a warning, not a stop', async () => {
    const result = await cli([path.join(WEBHOOKS, 'figma.yml'), '-o', 'figma-2'], dir);
    assert.equal(result.code, 0);
    assert.match(
      result.stderr,
      /figma\.yml:19:16: warning: ignored in a documentation-only object: Property "externalDocs" is not expected to be here at info\.externalDocs \[asyncapi-document-resolved\]/,
    );
  });

  it('honeybadger without --channel stops, naming the slack messages', async () => {
    const result = await cli([path.join(WEBHOOKS, 'honeybadger.yml'), '-o', 'hb-all'], dir);
    assert.equal(result.code, 2);
    assert.equal(
      result.stderr.split('\n').slice(0, 4).join('\n'),
      [
        'error: cannot tell the 3 messages of channel slack apart: no top-level field has a distinct constant value in each',
        '  message slack.fault.occurred: constant fields none',
        '  message slack.fault.resolved: constant fields none',
        '  message slack.fault.reopened: constant fields none',
      ].join('\n'),
    );
    assert.equal(existsSync(path.join(dir, 'hb-all')), false);
  });
});
