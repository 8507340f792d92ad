// One server for bench/receiver.mjs, in its own process: `bare` only reads the body and answers
// 200; `bare+parse` also parses it; `generated` is the generated receiver (auth, parse, validate,
// dispatch) on the same path.
import http from 'node:http';
import { createWebhookHandler } from '../dist/generated-fixtures/receiver.js';
import { toNodeListener } from '../dist/generated-fixtures/receiver-node.js';

const [mode, token] = process.argv.slice(2);
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
} else {
  const handler = createWebhookHandler({
    token,
    allowedIps: ['127.0.0.1'],
    handlers: { 'image_generation.complete': () => undefined },
    // Every request is the same delivery; without this all but the first would be duplicates.
    idempotencyKey: () => undefined,
    logger: { warn: () => undefined, error: () => undefined },
  });
  listener = toNodeListener(handler);
}
const server = http.createServer(listener);
server.keepAliveTimeout = 60_000;
server.listen(0, '127.0.0.1', () => process.send({ port: server.address().port }));
process.on('SIGINT', () => process.exit(0));
