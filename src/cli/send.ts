import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { ExitCode, GenError } from '../errors.js';
import { generate } from '../generate.js';
import { signedSchemes } from '../emit/fixtures/sign-request.js';
import type { GenModel } from '../model/types.js';
import { utf8 } from '../runtime/auth/bytes.js';
import { signDelivery } from '../runtime/auth/sign.js';
import { withBodySecret } from '../runtime/auth/token.js';
import type { SendFlags } from './program.js';
import { readingOptions } from './recorded-options.js';
import { identityRule } from '../model/identity/rule.js';
import { identify } from '../runtime/event-identity.js';

/**
 * `send`: a delivery to a running receiver, built from the same request fixtures the generator
 * writes, so a local receiver can be tried without waiting for the real sender.
 */

interface RequestFixture {
  method: string;
  path: string;
  headers: Record<string, string>;
  body: unknown;
}

/** `data.object.images[0].url` → ['data', 'object', 'images', 0, 'url']. */
export function parsePath(text: string): Array<string | number> {
  const parts: Array<string | number> = [];
  for (const match of text.matchAll(/([^.[\]]+)|\[(\d+)\]/g)) parts.push(match[2] !== undefined ? Number(match[2]) : match[1]!);
  if (parts.length === 0) throw new GenError(`--set needs a field path: ${JSON.stringify(text)}`);
  return parts;
}

/** Sets `path=value` in `body`; the value is read as JSON when it is JSON, else as a string. */
export function applySet(body: unknown, assignment: string): void {
  const eq = assignment.indexOf('=');
  if (eq <= 0) throw new GenError(`--set takes path=value, got ${JSON.stringify(assignment)}`);
  const parts = parsePath(assignment.slice(0, eq));
  const raw = assignment.slice(eq + 1);
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    value = raw;
  }
  let node = body as Record<string | number, unknown>;
  for (const part of parts.slice(0, -1)) {
    const next = node?.[part];
    if (typeof next !== 'object' || next === null) throw new GenError(`--set ${assignment}: ${String(part)} is not an object in the body`);
    node = next as Record<string | number, unknown>;
  }
  Object.defineProperty(node, parts[parts.length - 1]!, { value, enumerable: true, writable: true, configurable: true });
}

async function fixtureFor(target: string, flags: SendFlags, cwd: string): Promise<{ fixture: RequestFixture; model: GenModel }> {
  // The spec and options of the folder the receiver was generated into, where --out names it.
  const reading = await readingOptions(flags, cwd);
  const { files, model } = await generate({
    specPath: reading.specPath,
    outDir: '.',
    cwd,
    lenient: reading.lenient,
    overlays: reading.overlays,
    ...(reading.discriminator !== undefined ? { discriminator: reading.discriminator } : {}),
    ...(reading.channels !== undefined ? { channels: reading.channels } : {}),
    ...(reading.auth !== undefined ? { auth: reading.auth } : {}),
  });
  const read = (p: string) => JSON.parse(files.find((f) => f.path === `fixtures/${p}`)!.contents) as unknown;
  const index = read('index.json') as { requests: Record<string, string> };
  const requestFor = (name: string) => (index.requests[name] ? (read(index.requests[name]!) as RequestFixture) : undefined);
  if (!/\.json$/i.test(target)) {
    const fixture = requestFor(target);
    if (fixture) return { fixture, model };
    throw new GenError(`no event ${JSON.stringify(target)} in ${model.spec.displayPath}`, [`events: ${model.events.map((e) => e.wireName).join(', ')}`]);
  }
  let loaded: unknown;
  try {
    loaded = JSON.parse(await readFile(path.resolve(cwd, target), 'utf8'));
  } catch (error) {
    throw new GenError(`cannot read ${target}: ${(error as Error).message.split('\n')[0]}`);
  }
  const asFixture = loaded as Partial<RequestFixture>;
  if (asFixture && typeof asFixture === 'object' && 'body' in asFixture && 'headers' in asFixture) return { fixture: asFixture as RequestFixture, model };
  // A bare body: send it as its own event's request (the model's identity rule says which),
  // else with the first event's request headers.
  const identified = identify(identityRule(model), { body: loaded });
  const like = requestFor(identified.kind === 'known' ? identified.name : model.events[0]!.wireName)!;
  return { fixture: { ...like, body: loaded }, model };
}

/**
 * A 403 from a receiver made by this tool almost always means the address check: without a hint
 * a first local trial (from 127.0.0.1, which no sender documents) fails with no clue why.
 */
export const FORBIDDEN_HINT =
  "hint: 403 usually means the receiver refused this machine's address: createWebhookHandler admits only allowedIps\n" +
  "  (by default the sender's documented addresses). To try it locally, add '127.0.0.1' and '::1' to allowedIps,\n" +
  '  or pass allowedIps: false; behind a proxy, see trustProxy.\n';

/**
 * A 401 says nothing of why: most often `send` sent the fixture's placeholder token or its test
 * signature because no credential was given. Says which was sent and what to pass.
 */
export function unauthorizedHint(model: GenModel, given: { token: boolean; secret: boolean }): string {
  const signs = signedSchemes(model).length > 0;
  const lines: string[] = [];
  if (model.security.bearer !== null && !given.token) {
    lines.push(
      "hint: 401: no token was given, so the fixture's placeholder token went out; pass the receiver's token with --token <token>",
      '  or set LEONARDO_WEBHOOK_TOKEN.',
    );
  }
  if (signs && !given.secret) {
    lines.push(
      `${lines.length === 0 ? 'hint: 401: ' : '  and '}no secret was given, so the fixture's test signature (made at a fixed past time) went out;`,
      "  pass the sender's secret with --secret <secret> or set LEONARDO_WEBHOOK_SECRET, and --auth if generation needed it.",
    );
  }
  if (lines.length === 0) {
    lines.push(
      `hint: 401: the receiver refused the ${signs ? 'signature made with --secret' : 'token given'}; check that it is the one the receiver was created with`,
      `  (its \`${signs ? 'secret' : 'token'}\` option).`,
    );
  }
  return `${lines.join('\n')}\n`;
}

/**
 * Signs the body as sent, now, under each scheme the spec's sender signs with, keeping the
 * fixture's delivery id (so a second send is a redelivery). Without --secret the fixture's own
 * signatures go as they are, made with the test secret at a fixed past time.
 */
async function signWith(secret: string, model: GenModel, headers: Record<string, string>, body: unknown): Promise<string> {
  const schemes = signedSchemes(model);
  if (schemes.length === 0)
    throw new GenError(`--secret: ${model.spec.displayPath} describes no signature or shared secret`, ['for a bearer token use --token']);
  let sent = body;
  for (const { auth } of schemes) sent = withBodySecret(auth, sent, secret);
  const text = JSON.stringify(sent);
  const id = (model.idempotency.header !== null ? headers[model.idempotency.header] : undefined) ?? `send-${Date.now()}`;
  for (const { auth } of schemes) {
    try {
      Object.assign(headers, await signDelivery(auth, secret, utf8(text), { timestamp: Math.floor(Date.now() / 1000), id }));
    } catch (error) {
      throw new GenError(`--secret cannot sign for ${auth.id}: ${(error as Error).message}`);
    }
  }
  return text;
}

export async function runSend(target: string, flags: SendFlags, io: { out: (s: string) => void; err: (s: string) => void; cwd: string }): Promise<number> {
  const { fixture, model } = await fixtureFor(target, flags, io.cwd);
  const body = JSON.parse(JSON.stringify(fixture.body)) as unknown;
  for (const assignment of flags.set ?? []) applySet(body, assignment);
  const headers: Record<string, string> = { ...fixture.headers };
  const token = flags.token ?? process.env.LEONARDO_WEBHOOK_TOKEN;
  if (token !== undefined) headers.authorization = `Bearer ${token}`;
  // The environment's secret is for specs that sign; --secret given for one that does not is a mistake worth saying.
  const envSecret = signedSchemes(model).length > 0 ? process.env.LEONARDO_WEBHOOK_SECRET : undefined;
  const secret = flags.secret ?? envSecret;
  const text = secret !== undefined ? await signWith(secret, model, headers, body) : JSON.stringify(body);
  let url: URL;
  try {
    url = new URL(flags.url);
  } catch {
    throw new GenError(`--url is not a URL: ${flags.url}`);
  }
  let response: Response;
  try {
    response = await fetch(url, { method: fixture.method, headers, body: text, signal: AbortSignal.timeout(30_000) });
  } catch (error) {
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    const reason = cause?.code ?? cause?.message ?? (error as Error).message;
    throw new GenError(`no answer from ${url.href} (${reason})`, ['is the receiver running, and is this its address?']);
  }
  io.out(`${fixture.method} ${url.href} -> ${response.status} ${response.statusText}\n${await response.text()}\n`);
  if (response.status === 403) io.err(FORBIDDEN_HINT);
  if (response.status === 401) io.err(unauthorizedHint(model, { token: token !== undefined, secret: secret !== undefined }));
  return response.ok ? ExitCode.ok : ExitCode.drift;
}
