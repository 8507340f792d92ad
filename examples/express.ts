// A receiver in an Express app. Run: npm run build && LEONARDO_WEBHOOK_TOKEN=... node dist/examples/express.js
import http from 'node:http';
import express from 'express';
import { createWebhookHandler, DOCUMENTED_SENDER_ADDRESSES, WEBHOOK_PATH } from '../generated-fixtures/receiver.js';
import { toNodeListener } from '../generated-fixtures/receiver-node.js';
import { exampleSettings } from './settings.js';

const settings = exampleSettings();
const app = express();

const handler = createWebhookHandler({
  token: settings.token,
  allowedIps: settings.allowLocal ? [...DOCUMENTED_SENDER_ADDRESSES, '127.0.0.1', '::1'] : undefined,
  handlers: {
    'image_generation.complete': (event) => console.log(`generation ${event.data.object.id} complete`),
  },
});
// No express.json() before this route: the receiver reads the body itself, with its size limit.
app.post(WEBHOOK_PATH, toNodeListener(handler));

// A server of our own rather than app.listen(): Node checks requestTimeout and headersTimeout only
// every connectionsCheckingInterval (30 s by default), which only the constructor sets.
const server = http.createServer({ requestTimeout: 10_000, headersTimeout: 5_000, connectionsCheckingInterval: 1_000 }, app);
server.listen(settings.port, '127.0.0.1', () => {
  const address = server.address();
  console.log(`listening on http://127.0.0.1:${typeof address === 'object' && address ? address.port : settings.port}`);
});
// On SIGTERM: no new connections, 503 for requests still arriving, exit once handlers are done.
process.on('SIGTERM', () => {
  server.close();
  void handler.close().then(() => process.exit(0));
});
