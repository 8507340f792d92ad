// The seed spec generated with `--auth github` (the sender signs each body with HMAC-SHA256 in
// X-Hub-Signature-256), as JavaScript, and the headers of a correctly signed seed request: the
// receiver benches' HMAC cases, against the token cases they differ from only in how the sender
// is checked. esbuild strips the types file by file (the output is type-checked by the tests, not
// here), so no tsc run is needed.
import { createHmac } from 'node:crypto';
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
export const HMAC_SECRET = 'bench-signing-secret';

/** `headers` with the bearer token replaced by the signature of `body` (a string or Buffer). */
export function signedHeaders(headers, body) {
  const signed = { ...headers, 'x-hub-signature-256': `sha256=${createHmac('sha256', HMAC_SECRET).update(body).digest('hex')}` };
  delete signed.authorization;
  return signed;
}

/** Generates into `tmp` and returns the folder of the compiled output. */
export async function hmacOutput(tmp) {
  const { generate } = await import(path.join(root, 'dist/src/generate.js'));
  const { files } = await generate({ specPath: path.join(root, 'spec/leonardo.asyncapi.yaml'), outDir: 'out', cwd: tmp, auth: 'github' });
  const { transform } = await import('esbuild');
  const dir = path.join(tmp, 'hmac');
  for (const file of files) {
    if (!file.path.endsWith('.ts') || file.path.endsWith('.test.ts')) continue;
    const target = path.join(dir, file.path.replace(/\.ts$/, '.js'));
    mkdirSync(path.dirname(target), { recursive: true });
    writeFileSync(target, (await transform(file.contents, { loader: 'ts', format: 'esm', target: 'es2022' })).code);
  }
  writeFileSync(path.join(tmp, 'package.json'), '{ "type": "module", "private": true }\n');
  symlinkSync(path.join(root, 'node_modules'), path.join(tmp, 'node_modules'), 'dir');
  return dir;
}
