import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import { signedSchemes } from '../../src/emit/fixtures/sign-request.js';
import { loadSpec } from '../../src/load/load-spec.js';
import { buildModel } from '../../src/model/build-model.js';
import type { GenModel } from '../../src/model/types.js';
import { signDelivery } from '../../src/runtime/auth/sign.js';
import { cli, compileOutputs, CORPUS, removeDir, tempDir, transpileOutput } from '../support/helpers.js';

/**
 * The loop the tool exists for, end to end, on traffic nobody here wrote: deliveries recorded by
 * the generated receiver (onRecord) -> verify --suggest -> regenerate through the overlay -> every
 * recorded delivery passes strict validation and reaches its own handler with 200, and a second
 * verify reports no drift. On 100 real Stripe events (signed here), and on recordings made from
 * the generated request fixtures of several corpus specs, with the drift real specs meet added.
 */
const STRIPE_EVENTS = path.join(CORPUS, 'payloads/stripe');
const skip = existsSync(STRIPE_EVENTS) && existsSync(path.join(CORPUS, 'webhooks-more')) ? false : `no corpus at ${CORPUS}`;
// Base64 after whsec_, as Svix-style schemes require; any other scheme takes it as it is.
const SECRET = `whsec_${Buffer.from('drift-loop-test').toString('base64')}`;

interface Recording {
  event: string | null;
  headers: Record<string, string>;
  body: unknown;
}
type Receiver = { deliver(d: unknown): Promise<{ status: number; body: string }> };
type Factory = (options: Record<string, unknown>) => Receiver;

/**
 * The corpus's Stripe events, each with an id of its own: 89 of the 100 are documentation
 * examples sharing placeholder ids (`evt_000000000000000000000000`), which real Stripe never
 * sends twice for two events, so the default key (the event's `id`) would rightly merge them.
 */
async function stripeEvents(): Promise<Array<{ id: string; data: { object: { id: string } } }>> {
  const files = await jsonFiles(STRIPE_EVENTS);
  const seen = new Set<string>();
  return Promise.all(
    files.map(async (f, i) => {
      const body = JSON.parse(await readFile(f, 'utf8')) as { id: string; data: { object: { id: string } } };
      if (seen.has(body.id)) body.id = `${body.id}_${i}`;
      seen.add(body.id);
      return body;
    }),
  );
}

async function jsonFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile() && e.name.endsWith('.json'))
    .map((e) => path.join(e.parentPath, e.name))
    .sort();
}

/** One delivery as the sender makes it: the body's bytes, signed now with the test secret where the spec's sender signs. */
async function request(model: GenModel, headers: Record<string, string>, body: unknown, signed: boolean) {
  const bytes = new TextEncoder().encode(JSON.stringify(body));
  const all: Record<string, string> = { ...headers, 'content-type': 'application/json' };
  if (signed)
    for (const { auth } of signedSchemes(model))
      Object.assign(all, await signDelivery(auth, SECRET, bytes, { timestamp: Math.floor(Date.now() / 1000), id: 'd' }));
  return { method: 'POST', header: (n: string) => all[n] ?? null, body: async () => bytes, remoteAddress: '127.0.0.1', path: '/', url: '/' };
}

/** The generated receiver of a folder, every event handled by noting its name. */
async function receiverOf(folder: string, model: GenModel, options: Record<string, unknown>) {
  const { createWebhookHandler } = (await import(pathToFileURL(path.join(folder, 'receiver.js')).href)) as { createWebhookHandler: Factory };
  const calls: string[] = [];
  const handlers = Object.fromEntries(model.events.map((e) => [e.wireName, () => void calls.push(e.wireName)]));
  const signed = signedSchemes(model).length > 0;
  const handle = createWebhookHandler({
    ...(signed ? { secret: SECRET } : { allowUnauthenticated: true }),
    allowUnverified: true,
    allowedIps: false,
    handlers,
    logger: { warn: () => undefined, error: () => undefined },
    ...options,
  });
  return { handle, calls, signed };
}

describe('the drift loop converges in one round', { skip }, () => {
  let dir = '';
  before(async () => {
    dir = await tempDir('drift-loop');
  });
  after(() => removeDir(dir));

  /** Records `deliveries` through a first receiver, suggests, regenerates, and checks the second round. */
  async function loop(name: string, spec: string, deliveries: Array<{ headers: Record<string, string>; body: unknown }>) {
    const first = `${name}-first`;
    assert.equal((await cli([spec, '-o', first, '-q'], dir)).code, 0);
    await transpileOutput(path.join(dir, first));
    const model = buildModel(await loadSpec(spec)).model;
    const recordings: Recording[] = [];
    const one = await receiverOf(path.join(dir, first), model, { onRecord: (r: Recording) => void recordings.push(r) });
    for (const d of deliveries) await one.handle.deliver(await request(model, d.headers, d.body, one.signed));
    assert.equal(recordings.length, deliveries.length, 'every authentic delivery is recorded');
    const file = `${name}.jsonl`;
    await writeFile(path.join(dir, file), recordings.map((r) => JSON.stringify(r)).join('\n'));

    const suggested = await cli(['verify', file, '--out', first, '--suggest', `${name}.fix.yaml`], dir);
    assert.equal(suggested.code, 1, 'the recordings drift from the spec as published');
    const second = `${name}-second`;
    const regenerated = await cli([spec, '--overlay', `${name}.fix.yaml`, '-o', second, '-q'], dir);
    assert.equal(regenerated.code, 0, regenerated.stderr);
    const again = await cli(['verify', file, '--out', second], dir);
    assert.equal(again.code, 0, again.stdout + again.stderr);
    assert.match(again.stdout, new RegExp(`^${recordings.length} payloads: ${recordings.length} valid, 0 with drift, 0 unknown event, 0 unrecognized\\n`));
    assert.match(again.stdout, /\nno drift against /);
    return { second, recordings, overlaidModel: buildModel(await loadSpec(spec, { overlays: [path.join(dir, `${name}.fix.yaml`)] })).model };
  }

  /** Every recording, delivered again to the regenerated receiver in strict mode, reaches its own handler with 200. */
  async function deliverAgain(folder: string, model: GenModel, recordings: Recording[]) {
    // Variants made from one fixture share its event id: here every delivery is to be handled.
    const two = await receiverOf(folder, model, { mode: 'strict', idempotencyKey: () => undefined });
    for (const r of recordings) {
      const answer = await two.handle.deliver(await request(model, r.headers, r.body, two.signed));
      assert.equal(answer.status, 200, `${r.event}: ${answer.body}`);
    }
    assert.deepEqual(
      two.calls,
      recordings.map((r) => r.event),
    );
  }

  it('on 100 real Stripe events: learnt, regenerated, and every one handled in strict mode', async () => {
    const bodies = await stripeEvents();
    assert.equal(bodies.length, 100);
    const spec = path.join(CORPUS, 'webhooks-more/stripe.yml');
    const { second, recordings, overlaidModel } = await loop(
      'stripe',
      spec,
      bodies.map((body) => ({ headers: {}, body })),
    );
    const { output } = await compileOutputs(dir, [second]);
    assert.equal(output, '', 'the regenerated output type-checks');
    await deliverAgain(path.join(dir, 'js', second), overlaidModel, recordings);
  });

  /**
   * The drift real specs meet, put into a generated request fixture: an undeclared field at the
   * top and in the first nested object, a string sent as null, another as a number. The event's
   * own name (its identity values) is left as it is.
   */
  function drifted(body: unknown, identity: readonly string[]): unknown[] {
    const leaves: Array<[Record<string, unknown>, string]> = [];
    const objects: Array<Record<string, unknown>> = [];
    const walk = (node: unknown) => {
      if (Array.isArray(node)) node.forEach(walk);
      else if (typeof node === 'object' && node !== null) {
        objects.push(node as Record<string, unknown>);
        for (const [k, v] of Object.entries(node)) {
          if (typeof v === 'string' && !identity.includes(v)) leaves.push([node as Record<string, unknown>, k]);
          walk(v);
        }
      }
    };
    const variant = (change: (copy: unknown) => void) => {
      const copy = structuredClone(body);
      leaves.length = 0;
      objects.length = 0;
      walk(copy);
      change(copy);
      return copy;
    };
    return [
      variant(() => {
        objects[0]!.drift_added = { seen: 1, tags: ['a'] };
        if (objects[1]) objects[1].drift_nested = 2.5;
      }),
      variant(() => {
        const [holder, key] = leaves[0] ?? [];
        if (holder) holder[key!] = null;
      }),
      variant(() => {
        const [holder, key] = leaves.at(-1) ?? [];
        if (holder) holder[key!] = 42;
      }),
    ];
  }

  for (const file of ['webhooks/typeform.yml', 'webhooks/resend.yml', 'webhooks-more/gitlab.yml', 'webhooks-more/plaid.yml']) {
    it(`on recordings made from ${file}'s request fixtures, with drift added`, async () => {
      const spec = path.join(CORPUS, file);
      const name = path.basename(file, '.yml');
      const folder = path.join(dir, `${name}-fixtures`);
      assert.equal((await cli([spec, '-o', folder, '-q'], dir)).code, 0);
      const read = async (p: string) => JSON.parse(await readFile(path.join(folder, 'fixtures', p), 'utf8')) as unknown;
      const index = (await read('index.json')) as { requests: Record<string, string> };
      const model = buildModel(await loadSpec(spec)).model;
      const identity = new Map(model.events.map((e) => [e.wireName, e.identity]));
      const deliveries: Array<{ headers: Record<string, string>; body: unknown }> = [];
      for (const [event, request] of Object.entries(index.requests)) {
        const fixture = (await read(request)) as { headers: Record<string, string>; body: unknown };
        const headers = Object.fromEntries(Object.entries(fixture.headers).filter(([h]) => h !== 'authorization'));
        for (const body of drifted(fixture.body, identity.get(event) ?? [])) deliveries.push({ headers, body });
      }
      const { second, recordings, overlaidModel } = await loop(name, spec, deliveries);
      await transpileOutput(path.join(dir, second));
      await deliverAgain(path.join(dir, second), overlaidModel, recordings);
    });
  }

  it('two different Stripe events about one object are both handled, a redelivery once', async () => {
    const model = buildModel(await loadSpec(path.join(CORPUS, 'webhooks-more/stripe.yml'))).model;
    const bodies = await stripeEvents();
    const { handle, calls, signed } = await receiverOf(path.join(dir, 'stripe-first'), model, {});
    let tried = 0;
    for (const event of bodies) {
      if ((await handle.deliver(await request(model, {}, event, signed))).status !== 200) continue;
      // Another event about the same object: its own id, the same data.object.id.
      const other = { ...event, id: `${event.id}_another` };
      const before = calls.length;
      assert.equal((await handle.deliver(await request(model, {}, other, signed))).status, 200);
      assert.equal((await handle.deliver(await request(model, {}, event, signed))).status, 200);
      assert.equal(calls.length, before + 1, `${event.id}: the other event is handled, the redelivery is not`);
      tried++;
    }
    assert.ok(tried >= 50, `${tried} valid events tried`);
  });
});
