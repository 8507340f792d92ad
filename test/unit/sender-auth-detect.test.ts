import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { loadSpec } from '../../src/load/load-spec.js';
import { buildSecurity } from '../../src/model/security.js';
import { PRESETS } from '../../src/model/sender-auth/presets.js';
import type { SenderAuthModel } from '../../src/model/types.js';
import { writeAuthSpec, type AuthSpecParts } from '../support/auth-specs.js';
import { detectCases } from '../support/auth-detect-cases.js';
import { cli, removeDir, tempDir } from '../support/helpers.js';

/** Sender auth detection: the model each spec gives, and the exact refusals of what cannot be read. */

/** The model, in the terms the cases use. */
function summarize(sender: SenderAuthModel) {
  const schemes: Array<string | Record<string, unknown>> = [];
  for (const s of sender.schemes) {
    schemes.push(s.preset ?? (s.auth as unknown as Record<string, unknown>));
    if (s.optional) schemes.push('?');
  }
  return { schemes, unenforced: sender.unenforced.map((u) => `${u.kind} ${u.id}: ${u.reason}`), deliveryId: sender.deliveryIdHeader };
}

describe('sender auth detection', () => {
  let dir = '';
  before(async () => {
    dir = await tempDir('sender-auth');
  });
  after(() => removeDir(dir));

  detectCases.forEach((c, i) => {
    it(c.name, async () => {
      const spec = await loadSpec(await writeAuthSpec(dir, `case-${i}`, c.spec), { lenient: true });
      const actual = summarize(buildSecurity(spec.document, c.auth !== undefined ? { auth: c.auth } : {}).sender);
      assert.deepEqual(actual.schemes, c.schemes);
      assert.deepEqual(actual.unenforced, c.unenforced ?? []);
      if (c.deliveryId !== undefined) assert.equal(actual.deliveryId, c.deliveryId);
    });
  });

  it('a preset keeps its description, under the scheme id the spec gives it', async () => {
    const spec = await loadSpec(await writeAuthSpec(dir, 'ids', detectCases[0]!.spec), { lenient: true });
    assert.deepEqual(buildSecurity(spec.document).sender.schemes[0]!.auth, { ...PRESETS.github.auth, id: 'sig' });
  });

  it('the CLI stops with exit 2 on an unknown --auth, listing what it accepts, and writes nothing', async () => {
    const spec = await writeAuthSpec(dir, 'cli-bogus', {});
    const result = await cli([spec, '-o', 'never', '--auth', 'bogus'], dir);
    assert.equal(result.code, 2);
    assert.equal(
      result.stderr,
      [
        'error: --auth "bogus" is neither a preset nor an HMAC description',
        '  presets: github, gitlab-token, shopify, slack, standard-webhooks, stripe, svix, typeform',
        '  an HMAC of the raw body: hmac:<sha1|sha256|sha512>:<hex|base64>:<header>[:<prefix>], e.g. hmac:sha256:hex:X-Signature:sha256=',
        '',
      ].join('\n'),
    );
  });

  it('--auth that is neither a preset nor an HMAC description says what is accepted', async () => {
    const spec = await loadSpec(await writeAuthSpec(dir, 'bogus', {}), { lenient: true });
    assert.throws(
      () => buildSecurity(spec.document, { auth: 'hmac:md5:hex:X-Sig' }),
      (error: Error & { details?: string[] }) => {
        assert.equal(error.message, '--auth "hmac:md5:hex:X-Sig" is neither a preset nor an HMAC description');
        return true;
      },
    );
  });

  const refusals: Array<{ name: string; spec: AuthSpecParts; message: string; details: string[] }> = [
    {
      name: 'an unknown preset at the top level',
      spec: { extensions: 'x-webhook-auth: githib' },
      message: 'x-webhook-auth "githib" (at the top level) is neither a preset nor an HMAC description',
      details: [
        'presets: github, gitlab-token, shopify, slack, standard-webhooks, stripe, svix, typeform',
        'an HMAC of the raw body: hmac:<sha1|sha256|sha512>:<hex|base64>:<header>[:<prefix>], e.g. hmac:sha256:hex:X-Signature:sha256=',
        'or in the spec the same as an object: { algorithm: sha256, encoding: hex, header: X-Signature, prefix: "sha256=" }',
      ],
    },
    {
      name: 'an unknown preset on a scheme',
      spec: { schemes: 'sig:\n  type: httpApiKey\n  in: header\n  name: X-Signature\n  x-webhook-auth: strip' },
      message: 'x-webhook-auth "strip" (on securitySchemes.sig) is neither a preset nor an HMAC description',
      details: [
        'presets: github, gitlab-token, shopify, slack, standard-webhooks, stripe, svix, typeform',
        'an HMAC of the raw body: hmac:<sha1|sha256|sha512>:<hex|base64>:<header>[:<prefix>], e.g. hmac:sha256:hex:X-Signature:sha256=',
        'or in the spec the same as an object: { algorithm: sha256, encoding: hex, header: X-Signature, prefix: "sha256=" }',
      ],
    },
    {
      name: 'an object with a wrong algorithm and an unknown key',
      spec: { infoExtensions: 'x-webhook-auth:\n  algorithm: md5\n  encoding: hex\n  header: X-Sig\n  signs: body' },
      message:
        'x-webhook-auth (under info) is not an HMAC description: unknown key signs (keys: algorithm, encoding, header, prefix); algorithm must be sha1, sha256, sha512, not "md5"',
      details: [
        'or a preset: github, gitlab-token, shopify, slack, standard-webhooks, stripe, svix, typeform',
        'or hmac:<sha1|sha256|sha512>:<hex|base64>:<header>[:<prefix>], e.g. hmac:sha256:hex:X-Signature:sha256=',
      ],
    },
    {
      name: 'neither a text nor an object',
      spec: { extensions: 'x-webhook-auth: [github]' },
      message: 'x-webhook-auth (at the top level) must be a preset name, an hmac:... text or an HMAC object, not ["github"]',
      details: [
        'presets: github, gitlab-token, shopify, slack, standard-webhooks, stripe, svix, typeform',
        'an HMAC of the raw body: hmac:<sha1|sha256|sha512>:<hex|base64>:<header>[:<prefix>], e.g. hmac:sha256:hex:X-Signature:sha256=',
        'or in the spec the same as an object: { algorithm: sha256, encoding: hex, header: X-Signature, prefix: "sha256=" }',
      ],
    },
  ];
  for (const r of refusals) {
    it(`x-webhook-auth refused: ${r.name}`, async () => {
      const spec = await loadSpec(await writeAuthSpec(dir, `refused-${r.name.replace(/\W+/g, '-')}`, r.spec), { lenient: true });
      assert.throws(
        () => buildSecurity(spec.document),
        (error: Error & { details?: string[] }) => {
          assert.equal(error.message, r.message);
          assert.deepEqual(error.details, r.details);
          return true;
        },
      );
    });
  }

  it('the CLI stops with exit 2 on an unknown x-webhook-auth preset and writes nothing', async () => {
    const spec = await writeAuthSpec(dir, 'cli-stated-bogus', { extensions: 'x-webhook-auth: githib' });
    const result = await cli([spec, '-o', 'never-stated', '-q'], dir);
    assert.equal(result.code, 2);
    assert.match(result.stderr, /^error: x-webhook-auth "githib" \(at the top level\) is neither a preset nor an HMAC description\n {2}presets: github, /);
    assert.equal(existsSync(path.join(dir, 'never-stated')), false);
  });
});
