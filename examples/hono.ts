// A receiver in a Hono app on Node. Run: npm run build && LEONARDO_WEBHOOK_TOKEN=... node dist/examples/hono.js
import { serve } from '@hono/node-server';
import { getConnInfo } from '@hono/node-server/conninfo';
import { Hono } from 'hono';
import { createWebhookHandler, DOCUMENTED_SENDER_ADDRESSES, WEBHOOK_PATH } from '../generated-fixtures/receiver.js';
import { exampleSettings } from './settings.js';

const settings = exampleSettings();
const handle = createWebhookHandler({
  token: settings.token,
  allowedIps: settings.allowLocal ? [...DOCUMENTED_SENDER_ADDRESSES, '127.0.0.1', '::1'] : undefined,
  handlers: {
    'image_generation.complete': (event) => console.log(`generation ${event.data.object.id} complete`),
  },
});

const app = new Hono();
// The handler is Web-standard: hand it the raw Request and the client's address.
app.all(WEBHOOK_PATH, (c) => handle(c.req.raw, { remoteAddress: getConnInfo(c).remote.address }));

// Node checks requestTimeout and headersTimeout only every connectionsCheckingInterval (30 s by default).
const serverOptions = { requestTimeout: 10_000, headersTimeout: 5_000, connectionsCheckingInterval: 1_000 };
const server = serve({ fetch: app.fetch, port: settings.port, hostname: '127.0.0.1', serverOptions }, (info) => {
  console.log(`listening on http://127.0.0.1:${info.port}`);
});
// On SIGTERM: no new connections, 503 for requests still arriving, exit once handlers are done.
process.on('SIGTERM', () => {
  server.close();
  void handle.close().then(() => process.exit(0));
});
