import type { TemplateSet } from '../codegen/templates.js';
import { stringArray } from '../codegen/literals.js';
import { spec } from '../codegen/templates.js';
import { GenError } from '../errors.js';
import type { GenModel } from '../model/types.js';
import type { OutputFile } from './output-file.js';
import { runtimeFile } from './runtime-source.js';
import { hasSenderAuth } from './sender-auth.js';

/** The receiver's fixed code, the same for every spec: copied from src/runtime/ as it is. */
const RUNTIME_FILES = [
  'delivery-key.ts',
  'idempotency.ts',
  'idempotency-redis.ts',
  'node-builtin.ts',
  'node-listener.ts',
  'receiver/addresses.ts',
  'receiver/answers.ts',
  'receiver/body-reads.ts',
  'receiver/claims.ts',
  'receiver/config.ts',
  'receiver/core.ts',
  'receiver/dispatch.ts',
  'receiver/event-rungs.ts',
  'receiver/in-flight.ts',
  'receiver/options.ts',
  'receiver/report.ts',
  'receiver/request-rungs.ts',
  'receiver/support.ts',
  'receiver/types.ts',
];

/**
 * The receiver: `receiver.ts` binds the runtime's receiver to the spec (method, path, documented
 * addresses, events, channels, parseWebhookEvent) and `receiver-node.ts` gives node:http and
 * Express the spec's path; everything else is the runtime's, copied from src/runtime/.
 */
export function emitReceiver(model: GenModel, templates: TemplateSet): OutputFile[] {
  const endpoints = model.endpoints;
  const methods = [...new Set(endpoints.map((e) => e.method))];
  if (methods.length > 1) {
    throw new GenError(
      'the receiver serves one HTTP method, but the channels use several',
      endpoints.map((e) => `${e.channel}: ${e.method}`),
    );
  }
  const channels = [...new Set(endpoints.map((e) => e.channel))].sort();
  const data = {
    method: spec(methods[0] ?? 'POST'),
    path: spec(endpoints.length === 1 && endpoints[0]!.address.startsWith('/') ? endpoints[0]!.address : '/'),
    allowlist: model.security.ipAllowlist.map(spec),
    allowlistArray: stringArray(model.security.ipAllowlist),
    channels: channels.map(spec),
    channelsArray: stringArray(channels),
    senderAuth: hasSenderAuth(model),
    idempotency: { header: model.idempotency.header, field: model.idempotency.field },
    idempotencyReason: spec(model.idempotency.reason),
  };
  return [
    ...RUNTIME_FILES.map((file) => runtimeFile(file)),
    { path: 'receiver.ts', contents: templates.render('receiver.ts.hbs', data) },
    // Where the address names events, every endpoint's path is served (the path tells the event).
    {
      path: 'receiver-node.ts',
      contents: templates.render('receiver-node.ts.hbs', { anyPath: model.identity.source.kind === 'address' && endpoints.length > 1 }),
    },
  ];
}
