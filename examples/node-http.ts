// A receiver on plain node:http. Run: npm run build && LEONARDO_WEBHOOK_TOKEN=... node dist/examples/node-http.js
import http from 'node:http';
import { createWebhookHandler, DOCUMENTED_SENDER_ADDRESSES, defineHandlers } from '../generated-fixtures/receiver.js';
import { toNodeListener } from '../generated-fixtures/receiver-node.js';
import { exampleSettings } from './settings.js';

const settings = exampleSettings();

const handlers = defineHandlers({
  'image_generation.complete': async (event) => {
    const { id, images = [] } = event.data.object;
    console.log(`generation ${id}: ${images.map((image) => image.url).join(', ')}`);
  },
});

const handler = createWebhookHandler({
  token: settings.token,
  allowedIps: settings.allowLocal ? [...DOCUMENTED_SENDER_ADDRESSES, '127.0.0.1', '::1'] : undefined,
  handlers,
  onUnknownEvent: (name) => console.warn(`unknown event ${name}: add it to the spec and regenerate`),
});

// Timeouts bound slow or stalled headers and bodies; the handler bounds their size. Node checks the
// timeouts only every connectionsCheckingInterval (30 s by default), so that is set too.
const server = http.createServer({ requestTimeout: 10_000, headersTimeout: 5_000, connectionsCheckingInterval: 1_000 }, toNodeListener(handler));
// On SIGTERM (a deploy, a scale-down): stop taking connections, answer 503 to requests that still
// arrive, and exit once the handlers in flight are done, so the sender retries nothing half done.
process.on('SIGTERM', () => {
  server.close();
  void handler.close().then(() => process.exit(0));
});
server.listen(settings.port, '127.0.0.1', () => {
  const address = server.address();
  console.log(`listening on http://127.0.0.1:${typeof address === 'object' && address ? address.port : settings.port}`);
});
