// A receiver in an Express app. Run: npm run build && LEONARDO_WEBHOOK_TOKEN=... node dist/examples/express.js
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

const server = app.listen(settings.port, '127.0.0.1', () => {
  const address = server.address();
  console.log(`listening on http://127.0.0.1:${typeof address === 'object' && address ? address.port : settings.port}`);
});
server.requestTimeout = 10_000;
server.headersTimeout = 5_000;
// On SIGTERM: no new connections, 503 for requests still arriving, exit once handlers are done.
process.on('SIGTERM', () => {
  server.close();
  void handler.close().then(() => process.exit(0));
});
