import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import { ROOT } from '../support/helpers.js';

/** The commit rule of `npm run lint` (scripts/check-commit-subjects.mjs), on commits made up here. */
interface Commit {
  hash: string;
  subject: string;
  body: string;
}
interface Checker {
  subjectProblems(commits: Commit[]): string[];
  parseLog(log: string): Commit[];
}
const checker = async () => (await import(pathToFileURL(path.join(ROOT, 'scripts/check-commit-subjects.mjs')).href)) as Checker;

const HASH = 'a'.repeat(40);
const subject = (length: number) => 'x'.repeat(length);

describe('check-commit-subjects', () => {
  const cases: Array<{ name: string; commit: Commit; problems: string[] }> = [
    { name: 'a short subject with no body', commit: { hash: HASH, subject: subject(50), body: '' }, problems: [] },
    { name: 'a subject of 71 with a body', commit: { hash: HASH, subject: subject(71), body: 'why\n' }, problems: [] },
    {
      name: 'a subject of 72',
      commit: { hash: HASH, subject: subject(72), body: 'why\n' },
      problems: [`aaaaaaa "${subject(72)}": subject of 72 characters; keep it under 72, the why in the body`],
    },
    {
      name: 'a subject of 51 and no body',
      commit: { hash: HASH, subject: subject(51), body: ' \n' },
      problems: [`aaaaaaa "${subject(51)}": subject of 51 characters and no body; over 50, say the why in a body`],
    },
    // Merged before the rule existed (scripts/check-commit-subjects.mjs, EXEMPT); any other hash is held to it.
    { name: 'an exempt commit', commit: { hash: 'ce3ec69ee7f9ada0a514053826c447a9878e31c6', subject: subject(57), body: '' }, problems: [] },
    // Characters, not UTF-16 units or bytes: "µ" and an emoji count one each.
    { name: 'characters are counted, not bytes', commit: { hash: HASH, subject: `${'µ'.repeat(35)}${'😀'.repeat(36)}`, body: 'why' }, problems: [] },
  ];
  for (const { name, commit, problems } of cases) {
    it(name, async () => {
      assert.deepEqual((await checker()).subjectProblems([commit]), problems);
    });
  }

  it('reads the git log format it asks for', async () => {
    const log = `${HASH}\x00First line\x00Body line one\nline two\n\x1e\n${'b'.repeat(40)}\x00Second\x00\x1e\n`;
    assert.deepEqual((await checker()).parseLog(log), [
      { hash: HASH, subject: 'First line', body: 'Body line one\nline two\n' },
      { hash: 'b'.repeat(40), subject: 'Second', body: '' },
    ]);
  });
});
