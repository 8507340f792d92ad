// One server for bench/receiver.mjs, in its own process: `bare` only reads the body and answers
// 200; `bare+parse` also parses it; `generated` is the generated receiver (auth, parse, validate,
// dispatch) on the same path; `hmac` is the same receiver checking a GitHub-style HMAC-SHA256
// signature of the body instead of the bearer token.
import http from 'node:http';
import { PRESETS } from '../dist/src/model/sender-auth/presets.js';
import { webhookEventNames } from '../dist/generated-fixtures/events.js';
import { createWebhookHandler, WEBHOOK_METHOD } from '../dist/generated-fixtures/receiver.js';
import { createReceiver } from '../dist/generated-fixtures/receiver-core.js';
import { toNodeListener } from '../dist/generated-fixtures/receiver-node.js';
import { parseWebhookEvent } from '../dist/generated-fixtures/validators.js';

const [mode, token] = process.argv.slice(2);
const common = {
  allowedIps: ['127.0.0.1'],
  handlers: { 'image_generation.complete': () => undefined },
  // Every request is the same delivery; without this all but the first would be duplicates.
  idempotencyKey: () => undefined,
  logger: { warn: () => undefined, error: () => undefined },
};
let listener;
if (mode === 'bare' || mode === 'bare+parse') {
  // bare+parse adds JSON.parse only: the floor for any receiver that reads the JSON at all.
  const parse = mode === 'bare+parse';
  listener = (req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      if (parse) JSON.parse(body.toString('utf8'));
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"status":"ok"}');
    });
  };
} else if (mode === 'hmac') {
  // The generated receiver's own binding, with the spec's bearer token swapped for a signature.
  const binding = {
    method: WEBHOOK_METHOD,
    documentedAddresses: [],
    eventNames: webhookEventNames,
    channels: [],
    senderAuth: { schemes: [PRESETS.github.auth], unenforced: [] },
    parse: parseWebhookEvent,
  };
  listener = toNodeListener(createReceiver(binding, { secret: token, ...common }));
} else {
  listener = toNodeListener(createWebhookHandler({ token, ...common }));
}
const server = http.createServer(listener);
server.keepAliveTimeout = 60_000;
server.listen(0, '127.0.0.1', () => process.send({ port: server.address().port }));
process.on('SIGINT', () => process.exit(0));
