import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import { copyFile, mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { promisify } from 'node:util';
import { cli, FIXTURES, removeDir, ROOT, SEED_SPEC, snapshot, tempDir } from '../support/helpers.js';

/**
 * The CLI the package ships is the esbuild bundle in dist/bin (scripts/bundle.mjs), not the tsc
 * output the other tests import. These run that bundle as a process: from the repository, and from
 * a copy of exactly the files `npm pack` would publish, with no node_modules beside it.
 */

const run = promisify(execFile);
const pkg = JSON.parse(await readFile(path.join(ROOT, 'package.json'), 'utf8')) as { version: string; bin: Record<string, string> };
const BIN = path.join(ROOT, pkg.bin['leonardo-webhook-gen']!);

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

async function runBin(bin: string, args: string[], cwd: string, nodeArgs: string[] = []): Promise<Run> {
  try {
    const { stdout, stderr } = await run(process.execPath, [...nodeArgs, bin, ...args], { cwd });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

/**
 * Preloaded into the bin's process: prints to stderr each file it takes from what the build made
 * ahead of time (the formatted runtime, the ajv validators, the AsyncAPI schema of the document's
 * version alone), so a test sees they are used.
 */
const BUILD_WORK_SPY = `
const fs = require('node:fs');
const Module = require('node:module');
const read = fs.readFileSync;
fs.readFileSync = function (file, ...rest) {
  if (String(file).endsWith('runtime-formatted.json')) process.stderr.write('build work: runtime-formatted.json\\n');
  return read.call(this, file, ...rest);
};
Module.syncBuiltinESMExports();
const load = Module._load;
Module._load = function (request, ...rest) {
  if (request.includes('/validators/') || request.includes('/asyncapi-specs/')) process.stderr.write('build work: ' + request.split('/').pop() + '\\n');
  return load.call(this, request, ...rest);
};
`;

/** generated-fixtures/ as the seed's output: without `extended/`, the extended spec's golden output. */
async function seedFixtures(): Promise<Record<string, string>> {
  return Object.fromEntries(Object.entries(await snapshot(FIXTURES)).filter(([file]) => !file.startsWith('extended/')));
}

/** The seed copied to `dir/spec/`, so the headers name the same paths as generated-fixtures'. */
async function seedProject(dir: string): Promise<void> {
  await mkdir(path.join(dir, 'spec'), { recursive: true });
  await copyFile(SEED_SPEC, path.join(dir, 'spec/leonardo.asyncapi.yaml'));
}

describe('the bundled CLI (package bin)', () => {
  let dir: string;
  before(async () => {
    dir = await tempDir('bundle');
  });
  after(async () => removeDir(dir));

  it('a reader that goes away early (`| head`) leaves a complete output and the exit code of the run', async () => {
    const project = path.join(dir, 'closed-pipes');
    await seedProject(project);
    const child = spawn(process.execPath, [BIN, 'spec/leonardo.asyncapi.yaml', '-o', 'generated-fixtures'], {
      cwd: project,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    // Closed before the CLI writes its first line (its warnings, its summary): each write meets EPIPE.
    child.stdout.destroy();
    child.stderr.destroy();
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    assert.equal(code, 0);
    assert.deepEqual(await snapshot(path.join(project, 'generated-fixtures')), await seedFixtures());
  });

  it('generates the seed byte for byte as generated-fixtures', async () => {
    const project = path.join(dir, 'repo-run');
    await seedProject(project);
    const result = await runBin(BIN, ['spec/leonardo.asyncapi.yaml', '-o', 'generated-fixtures', '-q'], project);
    assert.equal(result.code, 0, result.stderr);
    assert.deepEqual(await snapshot(path.join(project, 'generated-fixtures')), await seedFixtures());
  });

  it('reports a broken spec exactly as the compiled sources do', async () => {
    const broken = path.join(dir, 'broken.yaml');
    await writeFile(broken, 'asyncapi: 2.6.0\ninfo: {title: x}\n');
    const bundled = await runBin(BIN, ['broken.yaml', '-o', 'out'], dir);
    const compiled = await cli(['broken.yaml', '-o', 'out'], dir);
    assert.equal(bundled.code, compiled.code);
    assert.equal(bundled.stderr, compiled.stderr);
    assert.match(bundled.stderr, /^error: broken\.yaml is not a usable AsyncAPI document \(2 errors\)/);
  });

  it('reports structural errors in 2.x and 3.x documents exactly as the compiled sources do', async () => {
    // The bundle validates documents with the AsyncAPI schema validators compiled at build time;
    // the compiled sources compile them with ajv at run time. Errors of both of the parser's
    // structure rules (resolved, and $ref placement as written), of types, formats and enums.
    const specs = {
      'v2.yaml': [
        'asyncapi: 2.6.0',
        'info: {title: Broken, version: 1, contact: {email: not-an-email, url: not a url}}',
        'externalDocs: {$ref: "#/x-docs"}',
        'x-docs: {url: https://example.com/docs}',
        'servers: {prod: {url: https://example.com, protocol: https, variables: {port: {enum: 5}}}}',
        'channels: {/hooks: {publish: {operationId: 3, message: {payload: {type: objekt}}}}}',
      ],
      'v3.yaml': [
        'asyncapi: 3.0.0',
        "info: {title: Broken, version: '1'}",
        'channels: {hooks: {address: /hooks, bindings: 5, messages: {done: {payload: {type: object}}}}}',
        "operations: {receiveDone: {action: listen, channel: {$ref: '#/channels/hooks'}}}",
      ],
    };
    const expected = { 'v2.yaml': 13, 'v3.yaml': 1 };
    for (const [file, lines] of Object.entries(specs)) {
      await writeFile(path.join(dir, file), `${lines.join('\n')}\n`);
      const bundled = await runBin(BIN, [file, '-o', 'out'], dir);
      const compiled = await cli([file, '-o', 'out'], dir);
      assert.deepEqual(bundled, compiled, file);
      assert.match(
        bundled.stderr,
        new RegExp(`^error: ${file.replace('.', '\\.')} is not a usable AsyncAPI document \\(${expected[file as keyof typeof expected]} errors?\\)`),
      );
    }
  });

  it('prints the same hints with --verbose as the compiled sources', async () => {
    // --verbose adds the parser's recommended rules, whose validators the bundle compiles lazily.
    const [bundledDir, compiledDir] = [path.join(dir, 'verbose-bundled'), path.join(dir, 'verbose-compiled')];
    await seedProject(bundledDir);
    await seedProject(compiledDir);
    const bundled = await runBin(BIN, ['spec/leonardo.asyncapi.yaml', '-o', 'out', '--verbose'], bundledDir);
    const compiled = await cli(['spec/leonardo.asyncapi.yaml', '-o', 'out', '--verbose'], compiledDir);
    assert.deepEqual(bundled, compiled);
    assert.match(bundled.stderr + bundled.stdout, /hint: /);
  });

  it('runs from the published files alone, with no dependencies installed', async () => {
    // The file list npm would publish; --ignore-scripts keeps prepack from rebuilding under us.
    const { stdout } = await run('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: ROOT });
    const [{ files }] = JSON.parse(stdout) as [{ files: { path: string }[] }];
    const installed = path.join(dir, 'project/node_modules/leonardo-webhook-gen');
    for (const file of files) {
      await mkdir(path.dirname(path.join(installed, file.path)), { recursive: true });
      await copyFile(path.join(ROOT, file.path), path.join(installed, file.path));
    }
    assert.ok(!files.some((f) => f.path.startsWith('dist/src/')), 'the tsc output is not published');
    const bin = path.join(installed, pkg.bin['leonardo-webhook-gen']!);
    const project = path.join(dir, 'project');
    await seedProject(project);

    const version = await runBin(bin, ['--version'], project);
    assert.deepEqual(version, { code: 0, stdout: `${pkg.version}\n`, stderr: '' });
    // It takes what the build made ahead of time, and the output is the same as made at run time.
    const spy = path.join(dir, 'build-work-spy.cjs');
    await writeFile(spy, BUILD_WORK_SPY);
    const result = await runBin(bin, ['spec/leonardo.asyncapi.yaml', '-o', 'generated-fixtures', '-q'], project, ['--require', spy]);
    assert.equal(result.code, 0, result.stderr);
    assert.deepEqual(
      [...new Set(result.stderr.trim().split('\n'))],
      [
        'build work: ajv-errors-metaschema.cjs',
        'build work: 2.6.0.json',
        'build work: metaschemas-all-errors.cjs',
        'build work: asyncapi-2.6.0.cjs',
        'build work: metaschemas-rule-options.cjs',
        'build work: runtime-formatted.json',
      ],
    );
    assert.deepEqual(await snapshot(path.join(project, 'generated-fixtures')), await seedFixtures());
    // No spec argument: the bundled Leonardo spec, found next to the installed bin.
    const bundledSpec = await runBin(bin, ['-o', 'from-bundled-spec', '-q'], project);
    assert.equal(bundledSpec.code, 0, bundledSpec.stderr);
    const models = await readFile(path.join(project, 'from-bundled-spec/models.ts'), 'utf8');
    assert.equal(models.split('\n').slice(2).join('\n'), (await seedFixtures())['models.ts']!.split('\n').slice(2).join('\n'));
  });
});
