import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { loadSpec } from '../../src/load/load-spec.js';
import { GenError } from '../../src/errors.js';
import { buildModel } from '../../src/model/build-model.js';
import { buildSecurity } from '../../src/model/security.js';
import { describe as describeAuth } from '../../src/model/sender-auth/detect.js';
import { CORPUS, ROOT } from '../support/helpers.js';

/**
 * What sender authentication each provider's webhook spec yields, unchanged specs read as they
 * are. A change here changes what receivers generated from them enforce, so it must be deliberate
 * (CORPUS-AUTH.md holds the expected rows). Without the corpus these tests are skipped, saying so.
 */
const skip = existsSync(path.join(CORPUS, 'webhooks-more')) ? false : `no corpus at ${CORPUS}`;

/** The rows of CORPUS-AUTH.md: document -> `enforced | not enforced | redelivery known by`. */
function expectedRows(): Record<string, string> {
  const rows: Record<string, string> = {};
  for (const line of readFileSync(path.join(ROOT, 'CORPUS-AUTH.md'), 'utf8').split('\n')) {
    const cells = /^\| `([^`]+)` \|(.*)\|$/.exec(line);
    if (!cells) continue;
    const [enforced, unenforced, deliveryId] = cells[2]!.split(' | ').map((c) => c.trim());
    rows[cells[1]!] = `${enforced} | ${unenforced} | ${deliveryId}`;
  }
  return rows;
}

/** The default idempotency key, tried in order: `svix-id > digest`, `id > digest`, `digest`. */
async function redeliveryKey(spec: Awaited<ReturnType<typeof loadSpec>>): Promise<string> {
  let model;
  try {
    model = buildModel(spec).model;
  } catch (error) {
    if (error instanceof GenError) return '(does not generate)';
    throw error;
  }
  const { header, field } = model.idempotency;
  return [header, field?.join('.'), 'digest'].filter((part) => part !== null && part !== undefined).join(' > ');
}

describe('sender auth of the webhook corpus', { skip }, () => {
  const rows = expectedRows();
  it('has a row for each of the 22 webhook specs', () => assert.equal(Object.keys(rows).length, 22));
  for (const [file, expected] of Object.entries(rows)) {
    it(file, async () => {
      const spec = await loadSpec(path.join(CORPUS, file), { lenient: true });
      const sender = buildSecurity(spec.document).sender;
      const enforced = sender.schemes.map((s) => `${s.preset ?? describeAuth(s.auth)}${s.optional ? ' (optional)' : ''}`).join('; ') || '-';
      const unenforced = sender.unenforced.map((u) => `${u.kind} ${u.id}: ${u.reason}`).join('; ') || '-';
      assert.equal(`${enforced} | ${unenforced} | ${await redeliveryKey(spec)}`, expected);
    });
  }
});
