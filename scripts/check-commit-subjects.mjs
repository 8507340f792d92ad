// Keeps new commit subjects short (CONTRIBUTING.md, "Commits"): a subject under 72 characters
// says what changed, and the why goes in the body. The history before BASE has many longer
// subjects; they are landed and stay as they are, so only the commits after BASE are read.
// Usage: node scripts/check-commit-subjects.mjs [--base <commit>]   (`npm run lint` runs it)
// Exits 1 on a subject that breaks the rule, 0 otherwise; skips, with one line saying so, where
// there is no git, no repository, or BASE is not in the clone (a shallow CI clone).
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** The commit the rule starts from: the last one made before it existed. */
export const BASE = '2d339d02a1bfe12e3d8e2e2b8d3d30a23a9c5ba0';
/**
 * Commits made on a branch while the rule was being written, and merged under a merge commit
 * before it landed: rewording one would mean replaying that merge's resolved conflicts.
 */
export const EXEMPT = new Set(['ce3ec69ee7f9ada0a514053826c447a9878e31c6']);
/** A subject must be shorter than this. */
export const SUBJECT_LIMIT = 72;
/** A subject longer than this is carrying the why: it needs a body. */
export const BODYLESS_LIMIT = 50;

/**
 * What is wrong with each commit, one line each (none: an empty list).
 * @param {Array<{ hash: string, subject: string, body: string }>} commits
 * @returns {string[]}
 */
export function subjectProblems(commits) {
  const problems = [];
  for (const { hash, subject, body } of commits) {
    if (EXEMPT.has(hash)) continue;
    const at = `${hash.slice(0, 7)} "${subject}"`;
    const length = [...subject].length;
    if (length >= SUBJECT_LIMIT) problems.push(`${at}: subject of ${length} characters; keep it under ${SUBJECT_LIMIT}, the why in the body`);
    else if (length > BODYLESS_LIMIT && body.trim() === '') {
      problems.push(`${at}: subject of ${length} characters and no body; over ${BODYLESS_LIMIT}, say the why in a body`);
    }
  }
  return problems;
}

/**
 * Reads `git log` output made with the format below.
 * @param {string} log
 */
export function parseLog(log) {
  return log
    .split('\x1e')
    .map((record) => record.replace(/^\n/, ''))
    .filter((record) => record !== '')
    .map((record) => {
      const [hash = '', subject = '', body = ''] = record.split('\x00');
      return { hash, subject, body };
    });
}

/** @param {string[]} args */
function git(args) {
  return spawnSync('git', args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
}

/** @param {string[]} argv */
function main(argv) {
  const at = argv.indexOf('--base');
  const base = at === -1 ? BASE : argv[at + 1];
  const notice = (/** @type {string} */ why) => console.log(`check-commit-subjects: skipped, ${why}`);
  if (base === undefined) throw new Error('--base needs a commit');
  const inside = git(['rev-parse', '--is-inside-work-tree']);
  if (inside.error) return notice('git is not installed');
  if (inside.status !== 0) return notice('not a git repository');
  if (git(['cat-file', '-e', `${base}^{commit}`]).status !== 0) return notice(`base commit ${base.slice(0, 7)} is not in this clone (shallow?)`);
  const log = git(['log', '--no-merges', '--format=%H%x00%s%x00%b%x1e', `${base}..HEAD`]);
  if (log.status !== 0) throw new Error(`git log failed: ${log.stderr}`);
  const commits = parseLog(log.stdout);
  const problems = subjectProblems(commits);
  if (problems.length === 0) {
    console.log(`check-commit-subjects: ${commits.length} commits after ${base.slice(0, 7)}, subjects fine`);
    return;
  }
  console.error(`check-commit-subjects: ${problems.length} of ${commits.length} commits after ${base.slice(0, 7)}:`);
  for (const problem of problems) console.error(`  ${problem}`);
  console.error('Landed commits stay as they are; amend or reword those not yet shared.');
  process.exitCode = 1;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) main(process.argv.slice(2));
