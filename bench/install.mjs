// What a user pays to install the tool: `npm pack` of this package, installed with `npm install`
// into an empty project, against the AsyncAPI CLI installed the same way in the same run (a fresh
// empty project each, the same npm, the same flags, the same npm cache). For each: the wall time,
// the size of node_modules, the packages installed and those with install scripts.
// Usage: npm run bench:install (BENCH_SKIP_PEER=1 measures ours alone). Figures are printed, not
// recorded: the network and npm's cache decide most of the time, so they hold for this run only.
// Target: under 20 MB, no install scripts.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const PEER = '@asyncapi/cli@5.0.5';
const PEER_TIMEOUT_MS = Number(process.env.BENCH_PEER_TIMEOUT_MS ?? 600_000);
const TARGET_MB = 20;
const npmCommand = process.platform === 'win32' ? 'npm.cmd' : 'npm';

function npm(args, cwd, timeout = 600_000) {
  const result = spawnSync(npmCommand, args, { cwd, encoding: 'utf8', timeout, maxBuffer: 64 * 1024 * 1024 });
  return { code: result.status, stdout: result.stdout ?? '', stderr: result.stderr ?? '', error: result.error };
}

/** Bytes of every file under `dir`, symlinks not followed. */
function bytesUnder(dir) {
  let total = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) total += bytesUnder(full);
    else if (entry.isFile()) total += statSync(full).size;
  }
  return total;
}

/** Installs `spec` into a new empty project; the figures, or why there are none. */
function install(label, spec, timeout) {
  const project = mkdtempSync(path.join(tmpdir(), 'lwg-bench-install-'));
  try {
    writeFileSync(path.join(project, 'package.json'), '{ "name": "empty", "private": true }\n');
    const started = process.hrtime.bigint();
    const result = npm(['install', '--no-audit', '--no-fund', spec], project, timeout);
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    if (result.error || result.code !== 0) {
      const why =
        /** @type {NodeJS.ErrnoException | undefined} */ (result.error)?.code === 'ETIMEDOUT'
          ? `not installed within ${timeout / 1000} s`
          : (result.stderr.trim().split('\n').pop() ?? `exit ${result.code}`);
      return { label, skipped: why };
    }
    const lock = JSON.parse(readFileSync(path.join(project, 'package-lock.json'), 'utf8'));
    const packages = Object.entries(lock.packages).filter(([at]) => at !== '');
    const scripts = packages.filter(([, p]) => p.hasInstallScript).map(([at]) => at.replace(/^.*node_modules\//, ''));
    const topLevel = readdirSync(path.join(project, 'node_modules')).filter((n) => !n.startsWith('.')).length;
    return { label, seconds, mb: bytesUnder(path.join(project, 'node_modules')) / 1e6, packages: packages.length, topLevel, scripts };
  } finally {
    rmSync(project, { recursive: true, force: true });
  }
}

const packDir = mkdtempSync(path.join(tmpdir(), 'lwg-bench-pack-'));
mkdirSync(packDir, { recursive: true });
// Packed as built: `npm run bench:install` builds first, so prepack need not run again.
const packed = npm(['pack', '--ignore-scripts', '--silent', '--pack-destination', packDir], root);
if (packed.code !== 0) {
  console.error(packed.stderr);
  process.exit(1);
}
const tarball = path.join(packDir, packed.stdout.trim().split('\n').pop());
console.log(`tarball: ${path.basename(tarball)}, ${(statSync(tarball).size / 1e6).toFixed(2)} MB`);

const rows = [install('leonardo-webhook-gen (packed tarball)', tarball, 600_000)];
if (process.env.BENCH_SKIP_PEER === '1') rows.push({ label: PEER, skipped: 'BENCH_SKIP_PEER=1' });
else {
  console.log(`installing ${PEER} the same way (a minute or more)...`);
  rows.push(install(PEER, PEER, PEER_TIMEOUT_MS));
}
rmSync(packDir, { recursive: true, force: true });

console.log(`\nnpm install into an empty project (npm ${npm(['--version'], root).stdout.trim()}, Node ${process.version}):`);
for (const row of rows) {
  if (row.skipped) {
    console.log(`  ${row.label}: skipped (${row.skipped})`);
    continue;
  }
  const scripts = row.scripts.length === 0 ? 'none' : `${row.scripts.length} (${row.scripts.join(', ')})`;
  console.log(
    `  ${row.label}: ${row.seconds.toFixed(1)} s, ${row.mb.toFixed(1)} MB, ${row.packages} package${row.packages === 1 ? '' : 's'} (${row.topLevel} top-level), install scripts: ${scripts}`,
  );
}
const [ours, peer] = rows;
if (!ours.skipped && peer && !peer.skipped) {
  console.log(`  ratio to ${PEER}: ${(ours.seconds / peer.seconds).toPrecision(2)}x the time, ${(ours.mb / peer.mb).toPrecision(2)}x the size`);
}
if (!ours.skipped) {
  const met = ours.mb < TARGET_MB && ours.scripts.length === 0;
  console.log(`target (under ${TARGET_MB} MB, no install scripts): ${met ? 'met' : 'NOT met'}`);
  if (!met) process.exitCode = 1;
} else process.exitCode = 1;
