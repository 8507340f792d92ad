import { sha256 } from '../hash.js';
import { singleQuoted } from '../codegen/escape.js';
import { fitsWidth } from '../codegen/layout.js';
import { spec, type TemplateSet } from '../codegen/templates.js';
import type { EventModel, GenModel } from '../model/types.js';
import { EVERY } from '../runtime/event-identity.js';
import { breakPayload } from './fixtures/break.js';
import { identityFixtures, identityHeadersOf, unknownEventName, withIdentity } from './fixtures/identity-fixtures.js';
import { childPath } from './fixtures/schema-walk.js';
import { repairExample } from './fixtures/repair.js';
import { Schemas, type Json } from './fixtures/schema-walk.js';
import { authenticateFixture, fixtureSecret, FIXTURE_TIMESTAMP, signedSchemes } from './fixtures/sign-request.js';
import { synthesize } from './fixtures/synthesize.js';
import type { OutputFile } from './output-file.js';
import { channelOfEvent } from './sender-auth.js';

/**
 * `fixtures/`: per event, the spec's examples (secrets replaced), valid payloads (examples repaired,
 * or one synthesized when the spec has none), invalid payloads that each break one rule, and a
 * request as the sender would make it; `fixtures/index.json` says what each file must do.
 */

export const REQUEST_TOKEN = 'REDACTED-webhook-token';

export interface FixtureIndexEntry {
  event: string;
  file: string;
  /** valid: passes strict mode. example: the spec's own, passes tolerant mode. invalid / unknown-event: must fail. */
  expect: 'valid' | 'example' | 'invalid' | 'unknown-event';
  rule?: string;
  path?: string;
  /** Request headers the fixture is delivered with, where a header names the event. */
  headers?: Record<string, string>;
}

const json = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;

/** A folder name for a wire name: itself when safe, else a slug with a hash that keeps it unique. */
export function fixtureDir(wireName: string): string {
  if (/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(wireName) && !wireName.includes('..')) return wireName;
  const slug =
    wireName
      .replace(/[^A-Za-z0-9._-]+/g, '-')
      .replace(/^[-.]+|-+$/g, '')
      .slice(0, 40) || 'event';
  return `${slug}-${sha256(wireName).slice(0, 8)}`;
}

function fileName(base: string, taken: Set<string>): string {
  const safe =
    base
      .replace(/[^A-Za-z0-9._-]+/g, '-')
      .replace(/^[-.]+/, '')
      .slice(0, 80) || 'fixture';
  let name = safe;
  for (let n = 2; taken.has(name); n++) name = `${safe}-${n}`;
  taken.add(name);
  return `${name}.json`;
}

/** `unknown`: a name no event has (unknownEventName), found once for the model, not once per event. */
function eventFixtures(model: GenModel, schemas: Schemas, event: EventModel, unknown: string): { files: OutputFile[]; index: FixtureIndexEntry[] } {
  const dir = fixtureDir(event.wireName);
  const endpoint = model.endpoints.find((e) => e.events.includes(event.wireName))!;
  const schema = { $ref: `#/definitions/${event.payloadType}` };
  const files: OutputFile[] = [];
  const index: FixtureIndexEntry[] = [];
  const identityHeaders = identityHeadersOf(model, event);
  const withHeaders = Object.keys(identityHeaders).length > 0 ? { headers: identityHeaders } : {};
  const add = (file: string, payload: unknown, entry: Omit<FixtureIndexEntry, 'event' | 'file'>) => {
    files.push({ path: `fixtures/${dir}/${file}`, contents: json(payload) });
    index.push({ event: event.wireName, file: `${dir}/${file}`, ...withHeaders, ...entry });
  };

  const takenExamples = new Set<string>();
  const takenValid = new Set<string>();
  const valid: Json[] = [];
  event.examples.forEach((example, i) => {
    const base = example.name ?? `example-${i + 1}`;
    const payload = withIdentity(model, event, example.payload as Json);
    add(`examples/${fileName(base, takenExamples)}`, repairExample(schemas, schema, payload, { secretsOnly: true }), { expect: 'example' });
    const repaired = repairExample(schemas, schema, payload, { secretsOnly: false });
    valid.push(repaired);
    add(`valid/${fileName(base, takenValid)}`, repaired, { expect: 'valid' });
  });
  if (valid.length === 0) {
    const synthesized = withIdentity(model, event, synthesize(schemas, schema, ''));
    valid.push(synthesized);
    add('valid/synthesized.json', synthesized, { expect: 'valid' });
  }

  const takenInvalid = new Set<string>();
  const source = model.identity.source;
  const identityPaths =
    source.kind === 'body' || source.kind === 'shape' ? source.paths.map((p) => p.reduce<string>((at, key) => childPath(at, key === EVERY ? 0 : key), '')) : [];
  for (const broken of breakPayload(schemas, schema, valid[0]!, identityPaths)) {
    add(`invalid/${fileName(`${broken.rule}-${broken.path}`, takenInvalid)}`, broken.payload, { expect: 'invalid', rule: broken.rule, path: broken.path });
  }
  // One per part of the identity: that part renamed makes an event the spec does not list.
  const identity = identityFixtures(model, event, valid[0]!, unknown);
  const identityCount = identity.length;
  for (const fixture of identity) {
    const file = `invalid/${fileName(identityCount === 1 ? 'unknown-event' : `unknown-event-${fixture.path}`, takenInvalid)}`;
    add(file, fixture.payload, { expect: 'unknown-event', rule: 'unknown-event', ...(fixture.headers ? { headers: fixture.headers } : {}) });
  }

  const headers: Record<string, string> = { 'content-type': 'application/json', ...endpoint.headers, ...event.headers, ...identityHeaders };
  if (model.security.bearer) headers.authorization = `Bearer ${REQUEST_TOKEN}`;
  const sent = authenticateFixture(model, valid[0], `fixture-${dir}`);
  Object.assign(headers, sent.headers);
  const request = {
    method: endpoint.method,
    path: endpoint.address,
    headers: Object.fromEntries(Object.entries(headers).sort(([a], [b]) => (a < b ? -1 : 1))),
    body: sent.body,
  };
  files.push({ path: `fixtures/${dir}/request.json`, contents: json(request) });
  return { files, index };
}

/** The tests that ship with the output: every fixture does what index.json says. */
function generatedTests(model: GenModel, templates: TemplateSet): OutputFile {
  const undiscriminated = model.identity.source.kind === 'address';
  const channels = model.events.map((e) => ({ event: spec(e.wireName), channel: spec(e.channel) }));
  const bearer = model.security.bearer !== null;
  return {
    path: 'webhooks.test.ts',
    contents: templates.render('webhooks.test.ts.hbs', {
      channelOption: undiscriminated,
      channels,
      channelOfEvent: channelOfEvent(model),
      bearer,
    }),
  };
}

/**
 * `fixtures.ts`: every fixture file as a module, so compiled tests need no files beside them. Laid
 * out as prettier lays it out (each pair on one line where it fits), so the format stage skips it;
 * where a pair's width is in doubt, or the template is the user's, prettier formats the file.
 */
function fixtureModule(files: OutputFile[], templates: TemplateSet): OutputFile {
  const entries = files
    .filter((f) => f.path.startsWith('fixtures/') && f.path.endsWith('.json'))
    .map((f) => {
      const path = f.path.slice('fixtures/'.length);
      const text = JSON.stringify(JSON.parse(f.contents));
      return { path: spec(path), text: spec(text), flat: fitsWidth(`  [${singleQuoted(path)}, ${singleQuoted(text)}],`) };
    });
  const contents = templates.render('fixtures.ts.hbs', { files: entries });
  // prettier keeps a list of two or more pairs one per line; a single pair might join its line.
  const settled = entries.length >= 2 && entries.every((e) => e.flat !== undefined) && templates.isBuiltin('fixtures.ts.hbs');
  return settled ? { path: 'fixtures.ts', contents, formatted: true } : { path: 'fixtures.ts', contents };
}

export function emitFixtures(model: GenModel, templates: TemplateSet): OutputFile[] {
  const schemas = new Schemas(model.schemas);
  const unknown = unknownEventName(model);
  const files: OutputFile[] = [];
  const index: FixtureIndexEntry[] = [];
  for (const event of model.events) {
    const result = eventFixtures(model, schemas, event, unknown);
    files.push(...result.files);
    index.push(...result.index);
  }
  const requests = Object.fromEntries(model.events.map((e) => [e.wireName, `${fixtureDir(e.wireName)}/request.json`]));
  // Only specs with signed schemes get the signing facts, so other outputs stay as they were.
  const signed = signedSchemes(model);
  const signing =
    signed.length === 0 ? {} : { senderSecrets: Object.fromEntries(signed.map((s) => [s.auth.id, fixtureSecret(s.auth)])), signedAt: FIXTURE_TIMESTAMP };
  files.push({ path: 'fixtures/index.json', contents: json({ requestToken: REQUEST_TOKEN, ...signing, fixtures: index, requests }) });
  files.push(fixtureModule(files, templates), generatedTests(model, templates));
  return files;
}
