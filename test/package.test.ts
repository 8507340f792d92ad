import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { cp, mkdir, readdir, readFile, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { MATRIX, type MatrixEntry } from './support/matrix.js';
import { ensureTypeScript, initConfig, npm, runNode, type Run } from './support/npm.js';
import { removeDir, ROOT, tempDir } from './support/helpers.js';

/**
 * The package as a user gets it: `npm pack`, installed into an empty project, run from its bin;
 * the output compiled under each setup of the matrix with that setup's TypeScript (from the npm
 * registry, cached in .cache/ts-matrix) and its generated tests run; then a compiled
 * receiver is started and `send` delivers a fixture to it.
 */

const EXTENDED = path.join(ROOT, 'spec/examples/leonardo-extended.asyncapi.yaml');
const TOKEN = 'package-test-token';

/** A receiver as a user would start one, written so it compiles in every setup of the matrix. */
const SERVER = `import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createWebhookHandler } from './seed/receiver.js';
import { toNodeListener } from './seed/receiver-node.js';

const handler = createWebhookHandler({
  token: ${JSON.stringify(TOKEN)},
  allowedIps: ['127.0.0.1'],
  handlers: { 'image_generation.complete': () => undefined },
});
const server = createServer(toNodeListener(handler));
server.listen(0, '127.0.0.1', () => {
  process.stdout.write(\`listening \${(server.address() as AddressInfo).port}\\n\`);
});
`;

const ok = (r: Run) => `${r.stdout}${r.stderr}`;

describe('the package, installed from its tarball into an empty project', { concurrency: 2, timeout: 280_000 }, () => {
  let dir = '';
  let app = '';
  const tsc = new Map<string, string>();
  const inits = new Map<string, string>();

  before(async () => {
    dir = await tempDir('package');
    app = path.join(dir, 'app');
    await mkdir(path.join(app, 'src'), { recursive: true });
    // The TypeScript versions install while the package is packed and installed.
    const versions = [...new Set(MATRIX.map((m) => m.typescript))];
    const typescripts = Promise.all(versions.map(async (v) => tsc.set(v, await ensureTypeScript(v))));
    const packed = await npm(['pack', '--ignore-scripts', '--silent', '--pack-destination', dir], ROOT);
    assert.equal(packed.code, 0, ok(packed));
    const tarball = path.join(dir, packed.stdout.trim().split('\n').pop()!);
    await writeFile(path.join(app, 'package.json'), '{ "name": "app", "private": true, "type": "module" }\n');
    const installed = await npm(['install', '--no-audit', '--no-fund', '--prefer-offline', '--ignore-scripts', tarball, 'zod@4', '@types/node@20'], app);
    assert.equal(installed.code, 0, ok(installed));
    await typescripts;
    for (const v of versions) inits.set(v, await initConfig(tsc.get(v)!, path.join(dir, `init-${v}`)));
    // The bin the installed package.json names (the esbuild bundle), as npx would run it.
    const installedDir = path.join(app, 'node_modules/leonardo-webhook-gen');
    const manifest = JSON.parse(await readFile(path.join(installedDir, 'package.json'), 'utf8')) as { bin: Record<string, string> };
    const bin = path.join(installedDir, manifest.bin['leonardo-webhook-gen']!);
    for (const args of [
      ['-o', 'src/seed'],
      [EXTENDED, '-o', 'src/extended'],
    ]) {
      const generated = await runNode([bin, ...args, '-q'], app);
      assert.equal(generated.code, 0, ok(generated));
    }
    await writeFile(path.join(app, 'src/server.ts'), SERVER);
  });
  after(() => removeDir(dir));

  /** A project of one setup: its package type and `tsc --init` config, the generated code, the app's node_modules. */
  async function compile(entry: MatrixEntry): Promise<string> {
    const project = path.join(dir, `project-${entry.name}`);
    await cp(path.join(app, 'src'), path.join(project, 'src'), { recursive: true });
    await writeFile(path.join(project, 'package.json'), JSON.stringify({ private: true, type: entry.packageType }));
    await writeFile(path.join(project, 'tsconfig.json'), inits.get(entry.typescript)!);
    await symlink(path.join(app, 'node_modules'), path.join(project, 'node_modules'), 'dir');
    // On top of `tsc --init`: Node's types for the tests and the receiver, and an outDir build.
    const flags = ['-p', '.', '--types', 'node', '--outDir', 'dist', '--rootDir', 'src', ...entry.flags];
    const result = await runNode([tsc.get(entry.typescript)!, ...flags], project);
    assert.equal(ok(result), '', `tsc ${flags.join(' ')} (TypeScript ${entry.typescript})`);
    assert.equal(result.code, 0);
    return project;
  }

  for (const entry of MATRIX) {
    it(`${entry.name}: compiles (TypeScript ${entry.typescript}) and its generated tests pass from the outDir`, async (t) => {
      const started = Date.now();
      const project = await compile(entry);
      const compiled = (await readdir(path.join(project, 'dist/seed'))).filter((f) => f.endsWith('.js'));
      assert.ok(compiled.includes('webhooks.test.js') && compiled.includes('fixtures.js'), compiled.join(', '));
      const tests = await runNode(['--test', '--test-reporter=tap', 'dist/seed/webhooks.test.js', 'dist/extended/webhooks.test.js'], project);
      assert.equal(tests.code, 0, ok(tests));
      assert.match(tests.stdout, /# fail 0\n/);
      assert.match(tests.stdout, /# pass 29\n/);
      if (entry.receiver) await receiverAnswersSend(project);
      t.diagnostic(`${entry.name}: ${((Date.now() - started) / 1000).toFixed(1)} s`);
    });
  }

  /** Starts the compiled receiver and sends it the seed's fixture with the installed CLI. */
  async function receiverAnswersSend(project: string): Promise<void> {
    const server = spawn(process.execPath, ['dist/server.js'], { cwd: project, stdio: ['ignore', 'pipe', 'pipe'] });
    try {
      const port = await new Promise<string>((resolve, reject) => {
        let out = '';
        server.stdout.on('data', (chunk: Buffer) => {
          out += chunk.toString();
          const match = /listening (\d+)/.exec(out);
          if (match) resolve(match[1]!);
        });
        server.on('exit', (code) => reject(new Error(`receiver exited with ${code}`)));
      });
      const bin = path.join(app, 'node_modules/.bin/leonardo-webhook-gen');
      const sent = await runNode([bin, 'send', 'image_generation.complete', '--url', `http://127.0.0.1:${port}/leonardo/webhook`, '--token', TOKEN], app);
      assert.equal(sent.code, 0, ok(sent));
      assert.match(sent.stdout, /^POST http:\/\/127\.0\.0\.1:\d+\/leonardo\/webhook -> 200 OK\n/);
    } finally {
      server.kill();
    }
  }
});
