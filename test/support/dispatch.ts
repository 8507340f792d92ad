/** The script both end-to-end identity tests run on compiled outputs (test/corpus-webhooks.test.ts, test/identity-patterns.test.ts). */

/** Posts every request fixture of one compiled output to one handler; prints what went wrong. */
export const DISPATCH = `
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
const folder = process.argv[2];
const { createWebhookHandler } = await import(pathToFileURL(path.join(folder, 'receiver.js')).href);
const { webhookEventNames } = await import(pathToFileURL(path.join(folder, 'events.js')).href);
const read = (file) => JSON.parse(readFileSync(path.join(folder, 'fixtures', file), 'utf8'));
const index = read('index.json');
const requests = Object.entries(index.requests).map(([event, file]) => [event, read(file)]);
const calls = [];
const handlers = Object.fromEntries(webhookEventNames.map((name) => [name, () => void calls.push(name)]));
const bearer = requests.some(([, r]) => 'authorization' in r.headers);
// Fixtures of a spec whose sender signs carry the test secrets and the time they were signed at.
const signed = index.senderSecrets ? { secrets: index.senderSecrets, now: () => index.signedAt * 1000 } : {};
const handle = createWebhookHandler({
  // An Authorization header there is the sender scheme itself (Basic, a raw token), not a bearer token.
  ...(signed.secrets ? {} : bearer ? { token: index.requestToken } : { allowUnauthenticated: true }),
  ...signed,
  // A signature the receiver cannot check by itself (one inside the body) is the user's verify(); dispatch is tested here.
  allowUnverified: true,
  allowedIps: false,
  handlers,
  idempotencyKey: () => undefined,
  logger: { warn: () => undefined, error: () => undefined },
});
const failures = [];
const paths = new Set();
for (const [event, fixture] of requests) {
  calls.length = 0;
  paths.add(fixture.path);
  const url = 'http://localhost' + (fixture.path.startsWith('/') ? fixture.path : '/' + fixture.path);
  const response = await handle(new Request(url, { method: fixture.method, headers: fixture.headers, body: JSON.stringify(fixture.body) }));
  if (response.status !== 200 || calls.length !== 1 || calls[0] !== event) {
    failures.push(event + ': ' + response.status + ' ' + (await response.text()) + ' handled by ' + JSON.stringify(calls));
  }
}
console.log(JSON.stringify({ requests: requests.length, paths: paths.size, failures }));
`;
