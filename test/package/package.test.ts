import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { cp, mkdir, readdir, readFile, stat, symlink, writeFile } from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { MATRIX, type MatrixEntry } from '../support/matrix.js';
import { ensureTypeScript, initConfig, npm, runNode, type Run } from '../support/npm.js';
import { removeDir, ROOT, tempDir } from '../support/helpers.js';

/**
 * The package as a user gets it: `npm pack`, installed into an empty project, run from its bin;
 * the output compiled under each setup of the matrix with that setup's TypeScript (from the npm
 * registry, cached in .cache/ts-matrix) and its generated tests run; then a compiled
 * receiver is started and `send` delivers a fixture to it. And the first hour: what the install
 * brings, the README's receiver example answering the README's `send`, the shipped examples.
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

/** What the app installed besides the package: the generated code's own needs (README, "Installing"). */
const APP_NEEDS = new Set(['zod', '@types/node', 'undici-types']);

/** Bytes of every file under `dir`. */
async function bytesUnder(dir: string): Promise<number> {
  let total = 0;
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    total += entry.isDirectory() ? await bytesUnder(full) : entry.isFile() ? (await stat(full)).size : 0;
  }
  return total;
}

/** A port free a moment ago, for a server whose code names its port. */
async function freePort(): Promise<number> {
  const probe = net.createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as net.AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

/** Resolves once something accepts connections on the port; bounded, so a server that never listens fails the test. */
async function listening(port: number, child: ChildProcess, output: () => string): Promise<void> {
  for (let tries = 0; tries < 100; tries++) {
    if (child.exitCode !== null) throw new Error(`the server exited with ${child.exitCode}: ${output()}`);
    const up = await new Promise<boolean>((resolve) => {
      const socket = net.connect(port, '127.0.0.1', () => {
        socket.end();
        resolve(true);
      });
      socket.on('error', () => resolve(false));
    });
    if (up) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`nothing listens on ${port}: ${output()}`);
}

/** The first fenced block of `language` after `heading` in the README. */
function readmeBlock(readme: string, heading: string, language: string, after = 0): { text: string; end: number } {
  const start = readme.indexOf(`\n\`\`\`${language}\n`, Math.max(readme.indexOf(heading), after));
  const end = readme.indexOf('\n```\n', start + 1);
  assert.ok(readme.indexOf(heading) >= 0 && start >= 0 && end > start, `a ${language} block under ${heading}`);
  return { text: readme.slice(start + language.length + 5, end + 1), end };
}

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

  it('installs nothing besides itself: no dependency, no install script, under 20 MB, examples included', async () => {
    const lock = JSON.parse(await readFile(path.join(app, 'package-lock.json'), 'utf8')) as {
      packages: Record<string, { hasInstallScript?: boolean }>;
    };
    const installed = Object.keys(lock.packages)
      .filter((at) => at !== '')
      .map((at) => at.replace(/^node_modules\//, ''));
    assert.deepEqual(
      installed.filter((name) => !APP_NEEDS.has(name)),
      ['leonardo-webhook-gen'],
    );
    assert.deepEqual(
      Object.entries(lock.packages)
        .filter(([, p]) => p.hasInstallScript)
        .map(([at]) => at),
      [],
    );
    const own = path.join(app, 'node_modules/leonardo-webhook-gen');
    const manifest = JSON.parse(await readFile(path.join(own, 'package.json'), 'utf8')) as Record<string, unknown>;
    for (const field of ['dependencies', 'optionalDependencies', 'peerDependencies']) assert.equal(manifest[field], undefined, field);
    const megabytes = (await bytesUnder(own)) / 1e6;
    assert.ok(megabytes < 20, `${megabytes.toFixed(1)} MB installed`);
    assert.deepEqual((await readdir(path.join(own, 'examples'))).filter((f) => f.endsWith('.ts')).sort(), [
      'express.ts',
      'hono.ts',
      'node-http.ts',
      'settings.ts',
    ]);
  });

  it("the README's receiver example answers the README's `send` with 200, and so does the shipped node:http example", async () => {
    const readme = await readFile(path.join(ROOT, 'README.md'), 'utf8');
    const example = readmeBlock(readme, '### Receiving webhooks', 'ts');
    const trial = readmeBlock(readme, '### Receiving webhooks', 'sh', example.end).text.trim().split('\n');
    assert.equal(trial.length, 2, trial.join('\n'));
    const project = path.join(dir, 'readme-example');
    await cp(path.join(app, 'src/seed'), path.join(project, 'src/generated'), { recursive: true });
    await cp(path.join(app, 'src/seed'), path.join(project, 'src/generated-fixtures'), { recursive: true });
    // The examples as the package ships them, in the place their imports name.
    for (const file of ['node-http.ts', 'settings.ts']) {
      await cp(path.join(app, 'node_modules/leonardo-webhook-gen/examples', file), path.join(project, 'src/examples', file));
    }
    const port = await freePort();
    // The one change: the port, since 3000 may be taken on this machine.
    await writeFile(path.join(project, 'src/server.ts'), example.text.replaceAll('3000', String(port)));
    await writeFile(path.join(project, 'package.json'), '{ "private": true, "type": "module" }\n');
    await writeFile(path.join(project, 'tsconfig.json'), inits.get('5.9.3')!);
    await symlink(path.join(app, 'node_modules'), path.join(project, 'node_modules'), 'dir');
    const compiled = await runNode([tsc.get('5.9.3')!, '-p', '.', '--types', 'node', '--outDir', 'dist', '--rootDir', 'src'], project);
    assert.equal(ok(compiled), '', 'the README example and the shipped examples compile under tsc --init');

    // `LEONARDO_WEBHOOK_TOKEN=local-trial WEBHOOK_ALLOW_LOCAL=1 node server.js`, as written.
    const words = trial[0]!.split(/\s+/);
    const env = Object.fromEntries(words.filter((w) => /^[A-Z_]+=/.test(w)).map((w) => [w.slice(0, w.indexOf('=')), w.slice(w.indexOf('=') + 1)]));
    assert.deepEqual(words.slice(Object.keys(env).length), ['node', 'server.js']);
    const bin = path.join(app, 'node_modules/.bin/leonardo-webhook-gen');
    const send = trial[1]!.replaceAll('3000', String(port)).split(/\s+/);
    assert.deepEqual(send.slice(0, 2), ['npx', 'leonardo-webhook-gen']);
    for (const [entry, extra] of [
      ['dist/server.js', {}],
      ['dist/examples/node-http.js', { PORT: String(port) }],
    ] as const) {
      const server = spawn(process.execPath, [entry], { cwd: project, env: { ...process.env, ...env, ...extra }, stdio: ['ignore', 'pipe', 'pipe'] });
      let output = '';
      server.stdout.on('data', (d: Buffer) => (output += d));
      server.stderr.on('data', (d: Buffer) => (output += d));
      try {
        await listening(port, server, () => output);
        const sent = await runNode([bin, ...send.slice(2)], app);
        assert.equal(sent.code, 0, `${entry}: ${ok(sent)}\n${output}`);
        assert.match(sent.stdout, /-> 200 OK\n/);
      } finally {
        server.kill();
        await new Promise((resolve) => (server.exitCode !== null ? resolve(undefined) : server.once('exit', resolve)));
      }
    }
  });

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
