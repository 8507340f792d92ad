import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { generate } from '../../src/generate.js';
import { PRESETS } from '../../src/model/sender-auth/presets.js';
import { utf8 } from '../../src/runtime/auth/bytes.js';
import { createSenderVerifier } from '../../src/runtime/auth/verify-sender.js';
import { writeAuthSpec, type AuthSpecParts } from '../support/auth-specs.js';
import { cli, FIXTURES, removeDir, tempDir } from '../support/helpers.js';

/**
 * Request fixtures carry credentials the receiver accepts (made with the documented test secret
 * at the fixed fixture time), and `send --secret` signs what it sends, now.
 */
const SPECS: Record<string, AuthSpecParts> = {
  github: { schemes: 'sig:\n  type: httpApiKey\n  in: header\n  name: X-Hub-Signature-256', headers: 'X-GitHub-Delivery:\n  type: string' },
  stripe: { schemes: 'sig:\n  type: httpApiKey\n  in: header\n  name: Stripe-Signature' },
  slack: { headers: 'X-Slack-Signature:\n  type: string\nX-Slack-Request-Timestamp:\n  type: string' },
  standard: { headers: 'webhook-id:\n  type: string\nwebhook-timestamp:\n  type: string\nwebhook-signature:\n  type: string' },
  shopify: { schemes: 'sig:\n  type: symmetricEncryption\n  description: Base64 HMAC-SHA256 of the raw body in the `X-Shopify-Hmac-Sha256` header.' },
  gitlab: { schemes: 'token:\n  type: httpApiKey\n  in: header\n  name: X-Gitlab-Token' },
  basic: { schemes: 'basic:\n  type: userPassword' },
  generic: { headers: 'X-Acme-Signature:\n  type: string\n  description: Hex HMAC-SHA512 of the raw request body.' },
  passcode: { schemes: 'pass:\n  type: userPassword\n  description: Payloads include a passcode field.', fields: 'passcode:\n  type: string' },
};

interface Request {
  headers: Record<string, string>;
  body: unknown;
}
type Index = { senderSecrets?: Record<string, string>; signedAt?: number; requests: Record<string, string> };

describe('signed request fixtures', () => {
  let dir = '';
  before(async () => {
    dir = await tempDir('auth-fixtures');
  });
  after(() => removeDir(dir));

  for (const [name, parts] of Object.entries(SPECS)) {
    it(`${name}: the request fixture verifies, and not once its body changes (or with another secret)`, async () => {
      const specPath = await writeAuthSpec(dir, name, parts);
      const { files, model } = await generate({ specPath, outDir: 'out', cwd: dir });
      const read = (file: string) => JSON.parse(files.find((f) => f.path === `fixtures/${file}`)!.contents) as unknown;
      const index = read('index.json') as Index;
      const request = read(Object.values(index.requests)[0]!) as Request;
      const header = (n: string) => request.headers[n] ?? null;
      assert.equal(model.security.sender.schemes.length, 1);
      const { auth } = model.security.sender.schemes[0]!;
      const verify = createSenderVerifier(auth, [index.senderSecrets![auth.id]!], { now: () => index.signedAt! * 1000 });
      assert.deepEqual(await verify({ header }, utf8(JSON.stringify(request.body))), { ok: true });
      const tampered = utf8(JSON.stringify({ ...(request.body as object), type: 'tampered' }));
      // A signature covers the body; a token, Basic credentials or a body-field secret do not.
      assert.equal((await verify({ header }, tampered)).ok, auth.kind !== 'hmac');
      const other = createSenderVerifier(auth, [auth.kind === 'basic' ? 'someone:else' : 'whsec_b3RoZXI='], { now: () => index.signedAt! * 1000 });
      assert.equal((await other({ header }, utf8(JSON.stringify(request.body)))).ok, false);
    });
  }

  it('the Leonardo fixtures carry no signing facts: a bearer token only', async () => {
    const index = JSON.parse(await readFile(path.join(FIXTURES, 'fixtures/index.json'), 'utf8')) as Index;
    assert.equal(index.senderSecrets, undefined);
    assert.equal(index.signedAt, undefined);
  });
});

describe('send --secret', () => {
  let dir = '';
  let server: Server;
  let url = '';
  const answers: number[] = [];
  before(async () => {
    dir = await tempDir('auth-send');
    const verify = createSenderVerifier(PRESETS.slack.auth, ['s3cret']);
    server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      const answer = async () => {
        const header = (n: string) => (req.headers[n] as string | undefined) ?? null;
        const result = await verify({ header }, new Uint8Array(Buffer.concat(chunks)));
        answers.push(result.ok ? 200 : 401);
        res.writeHead(result.ok ? 200 : 401, { 'content-type': 'application/json' }).end(JSON.stringify(result));
      };
      // The test waits on the answer, not on this promise: a verifier that throws answers 500.
      req.on('end', () => void answer().catch((error: unknown) => res.writeHead(500).end(String(error))));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
  });
  after(async () => {
    await new Promise((resolve) => server.close(resolve));
    await removeDir(dir);
  });

  it('signs the body as sent (after --set), now; without it the fixture is stale', async () => {
    const spec = await writeAuthSpec(dir, 'slack', SPECS.slack!);
    const signed = await cli(['send', 'ping', '--url', url, '--spec', spec, '--secret', 's3cret', '--set', 'type=changed'], dir);
    assert.equal(signed.code, 0, signed.stdout + signed.stderr);
    const unsigned = await cli(['send', 'ping', '--url', url, '--spec', spec], dir);
    assert.equal(unsigned.code, 1);
    assert.match(unsigned.stdout, /-> 401 Unauthorized\n\{"ok":false,"reason":"stale"\}/);
    const wrong = await cli(['send', 'ping', '--url', url, '--spec', spec, '--secret', 'other'], dir);
    assert.match(wrong.stdout, /"reason":"mismatch"/);
    assert.deepEqual(answers.slice(0, 3), [200, 401, 401]);
  });

  it('--auth says how to sign when the spec does not', async () => {
    const spec = await writeAuthSpec(dir, 'plain', {});
    const result = await cli(['send', 'ping', '--url', url, '--spec', spec, '--auth', 'slack', '--secret', 's3cret'], dir);
    assert.equal(result.code, 0, result.stdout + result.stderr);
  });

  it('--secret for a spec that signs nothing is a usage error', async () => {
    const result = await cli(['send', 'ping', '--url', url, '--spec', await writeAuthSpec(dir, 'none', {}), '--secret', 'x'], dir);
    assert.equal(result.code, 2);
    assert.match(result.stderr, /^error: --secret: .*none\.yaml describes no signature or shared secret\n {2}for a bearer token use --token\n/);
  });
});
