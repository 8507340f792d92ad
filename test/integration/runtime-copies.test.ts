import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { generate } from '../../src/generate.js';
import { writeAuthSpec } from '../support/auth-specs.js';
import { removeDir, SEED_SPEC, tempDir } from '../support/helpers.js';

/**
 * The output copies (and its receiver imports) only the runtime its spec uses: a spec with a
 * bearer token at most gets no sender verifier, no HMAC and no signer; a signed spec gets them,
 * imported by its sender-auth.ts rather than by the receiver's core.
 */
const VERIFIERS = ['auth/hmac.ts', 'auth/sign.ts', 'auth/verify-sender.ts'];
const RECEIVER_AUTH = [
  'auth/bytes.ts',
  'auth/hmac-engine.ts',
  'auth/receiver-auth.ts',
  'auth/scheme.ts',
  'auth/sender-gate.ts',
  'auth/sender-options.ts',
  'auth/token.ts',
];

describe('the runtime a spec needs, and no more', () => {
  let dir = '';
  let seed: Map<string, string>;
  let signed: Map<string, string>;
  before(async () => {
    dir = await tempDir('runtime-copies');
    const files = async (specPath: string) =>
      new Map((await generate({ specPath, outDir: 'out', cwd: dir })).files.map((f) => [f.path, f.contents] as [string, string]));
    seed = await files(SEED_SPEC);
    signed = await files(await writeAuthSpec(dir, 'github', { schemes: 'sig:\n  type: httpApiKey\n  in: header\n  name: X-Hub-Signature-256' }));
  });
  after(() => removeDir(dir));
  const auth = (files: Map<string, string>) => [...files.keys()].filter((f) => f.startsWith('auth/')).sort();

  it('a bearer-only spec: the receiver-side auth files only', () => {
    assert.deepEqual(auth(seed), RECEIVER_AUTH);
    assert.equal(seed.has('sender-auth.ts'), false);
  });

  it('no copied file of a bearer-only spec imports a verifier', () => {
    for (const [file, contents] of seed) {
      if (!file.endsWith('.ts')) continue;
      for (const verifier of VERIFIERS) assert.doesNotMatch(contents, new RegExp(`from '[./]*${verifier.replace('auth/', '')}`), `${file} imports ${verifier}`);
    }
  });

  it('a signed spec: the verifiers too, handed to the receiver by its sender-auth.ts', () => {
    assert.deepEqual(auth(signed), [...RECEIVER_AUTH, ...VERIFIERS].sort());
    assert.match(signed.get('sender-auth.ts')!, /import \{ createSenderVerifier \} from '\.\/auth\/verify-sender\.js';/);
    assert.match(signed.get('sender-auth.ts')!, /\n {2}verifier: createSenderVerifier,\n/);
    assert.doesNotMatch(signed.get('auth/receiver-auth.ts')!, /from '\.\/verify-sender\.js'/);
  });
});
