import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { ROOT } from './helpers.js';

/** npm and node as child processes, and the cache of TypeScript versions for the package test. */

export interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function run(command: string, args: string[], cwd: string): Promise<Run> {
  // Inside a test run node sets NODE_TEST_CONTEXT, which would send a child's test report to us.
  const env = { ...process.env };
  delete env.NODE_TEST_CONTEXT;
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? 1, stdout, stderr }));
  });
}

export const runNode = (args: string[], cwd: string): Promise<Run> => run(process.execPath, args, cwd);
export const npm = (args: string[], cwd: string): Promise<Run> => run(process.platform === 'win32' ? 'npm.cmd' : 'npm', args, cwd);

// Outside node_modules, so `npm ci` keeps it; gitignored.
export const MATRIX_CACHE = path.join(ROOT, '.cache/ts-matrix');

/**
 * The path of `tsc` for an exact TypeScript version, installed from the registry on first use and
 * reused afterwards. Installed beside the cache and renamed in, so an interrupted install is
 * never taken for a complete one.
 */
export async function ensureTypeScript(version: string): Promise<string> {
  const home = path.join(MATRIX_CACHE, `typescript-${version}`);
  const tsc = path.join(home, 'node_modules/typescript/bin/tsc');
  const manifest = path.join(home, 'node_modules/typescript/package.json');
  if (existsSync(manifest) && (JSON.parse(readFileSync(manifest, 'utf8')) as { version: string }).version === version) return tsc;
  await mkdir(MATRIX_CACHE, { recursive: true });
  const staging = await mkdtemp(path.join(MATRIX_CACHE, `.installing-${version}-`));
  try {
    await writeFile(path.join(staging, 'package.json'), '{ "private": true }\n');
    const installed = await npm(['install', '--no-audit', '--no-fund', '--ignore-scripts', '--prefer-offline', `typescript@${version}`], staging);
    if (installed.code !== 0) throw new Error(`npm install typescript@${version} failed:\n${installed.stderr}`);
    await rm(home, { recursive: true, force: true });
    await rename(staging, home);
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
  return tsc;
}

/** What `tsc --init` writes for this TypeScript, as a new user would start. */
export async function initConfig(tsc: string, dir: string): Promise<string> {
  await mkdir(dir, { recursive: true });
  const result = await runNode([tsc, '--init'], dir);
  if (result.code !== 0) throw new Error(`tsc --init failed: ${result.stdout}${result.stderr}`);
  return readFile(path.join(dir, 'tsconfig.json'), 'utf8');
}
