import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, it } from 'node:test';
import { FIXTURES, ROOT } from '../support/helpers.js';

/**
 * The examples as a user first meets them: tried from this machine without WEBHOOK_ALLOW_LOCAL,
 * the 403 is explained (once), and SIGTERM shuts them down cleanly.
 */
describe('examples: a refused local trial is explained, SIGTERM closes', () => {
  for (const example of ['node-http', 'express', 'hono']) {
    it(example, async () => {
      const index = JSON.parse(await readFile(path.join(FIXTURES, 'fixtures/index.json'), 'utf8'));
      const request = JSON.parse(await readFile(path.join(FIXTURES, 'fixtures', index.requests['image_generation.complete']), 'utf8'));
      const env: Record<string, string | undefined> = { ...process.env, LEONARDO_WEBHOOK_TOKEN: index.requestToken, PORT: '0', NODE_TEST_CONTEXT: '' };
      delete env.WEBHOOK_ALLOW_LOCAL;
      const child = spawn(process.execPath, [path.join(ROOT, 'dist/examples', `${example}.js`)], { env, stdio: ['ignore', 'pipe', 'pipe'] });
      let output = '';
      child.stdout.on('data', (d) => (output += d));
      child.stderr.on('data', (d) => (output += d));
      const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
      try {
        const url = await new Promise<string>((resolve, reject) => {
          const timer = setTimeout(() => reject(new Error(`${example} did not start: ${output}`)), 10_000);
          child.stdout.on('data', () => {
            const match = /listening on (http:\/\/\S+)/.exec(output);
            if (match) {
              clearTimeout(timer);
              resolve(match[1]!);
            }
          });
        });
        assert.match(output, /only the documented sender addresses are accepted; to try it from this machine, set WEBHOOK_ALLOW_LOCAL=1/);
        for (let i = 0; i < 2; i++) {
          const response = await fetch(url + request.path, { method: request.method, headers: request.headers, body: JSON.stringify(request.body) });
          assert.equal(response.status, 403);
        }
        await new Promise((r) => setTimeout(r, 50));
        assert.equal(output.match(/refused a request from 127\.0\.0\.1: not in allowedIps/g)?.length, 1, output);
        child.kill('SIGTERM');
        assert.equal(await exited, 0, output);
      } finally {
        if (child.exitCode === null) child.kill('SIGKILL');
      }
    });
  }
});
