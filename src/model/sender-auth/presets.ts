import type { HmacAuth, SenderAuth } from '../../runtime/auth/scheme.js';

/**
 * How well-known senders authenticate, as their documentation states it. Detection picks one when
 * the spec names its header; `--auth <name>` picks one when the spec does not say enough.
 */
export interface Preset {
  auth: SenderAuth;
  /** The header that names a delivery and stays the same across its retries, if the sender sends one. */
  deliveryIdHeader: string | null;
  /** One line for --help, the README and reports. */
  summary: string;
}

const hmacBody = (id: string, header: string, algorithm: 'sha1' | 'sha256', encoding: 'hex' | 'base64', prefix: string): SenderAuth => ({
  kind: 'hmac',
  id,
  algorithm,
  encoding,
  header,
  format: 'single',
  prefix,
  signs: 'body',
  secretFormat: 'text',
});

const standardWebhooks = (id: string, prefix: 'webhook' | 'svix'): HmacAuth => ({
  kind: 'hmac',
  id,
  algorithm: 'sha256',
  encoding: 'base64',
  header: `${prefix}-signature`,
  format: 'list',
  prefix: 'v1,',
  signs: 'id.timestamp.body',
  timestampHeader: `${prefix}-timestamp`,
  idHeader: `${prefix}-id`,
  secretFormat: 'whsec',
});

export const PRESETS = {
  github: {
    auth: hmacBody('github', 'x-hub-signature-256', 'sha256', 'hex', 'sha256='),
    deliveryIdHeader: 'x-github-delivery',
    summary: 'X-Hub-Signature-256: sha256=<hex HMAC-SHA256 of the body>',
  },
  stripe: {
    auth: {
      kind: 'hmac',
      id: 'stripe',
      algorithm: 'sha256',
      encoding: 'hex',
      header: 'stripe-signature',
      format: 'pairs',
      prefix: 'v1=',
      signs: 'timestamp.body',
      secretFormat: 'text',
    },
    deliveryIdHeader: null,
    summary: 'Stripe-Signature: t=<unix>,v1=<hex HMAC-SHA256 of "t.body">',
  },
  slack: {
    auth: {
      kind: 'hmac',
      id: 'slack',
      algorithm: 'sha256',
      encoding: 'hex',
      header: 'x-slack-signature',
      format: 'single',
      prefix: 'v0=',
      signs: 'v0:timestamp:body',
      timestampHeader: 'x-slack-request-timestamp',
      secretFormat: 'text',
    },
    deliveryIdHeader: null,
    summary: 'X-Slack-Signature: v0=<hex HMAC-SHA256 of "v0:timestamp:body">, X-Slack-Request-Timestamp',
  },
  'standard-webhooks': {
    auth: standardWebhooks('standard-webhooks', 'webhook'),
    deliveryIdHeader: 'webhook-id',
    summary: 'webhook-signature: v1,<base64 HMAC-SHA256 of "id.timestamp.body"> with a whsec_ secret',
  },
  svix: {
    // Svix also sends the unbranded Standard Webhooks headers, and its library reads either.
    auth: {
      ...standardWebhooks('svix', 'svix'),
      fallbackHeaders: { 'svix-id': 'webhook-id', 'svix-timestamp': 'webhook-timestamp', 'svix-signature': 'webhook-signature' },
    },
    deliveryIdHeader: 'svix-id',
    summary: 'Standard Webhooks under svix-id, svix-timestamp, svix-signature (or the unbranded webhook-id, webhook-timestamp, webhook-signature)',
  },
  shopify: {
    auth: hmacBody('shopify', 'x-shopify-hmac-sha256', 'sha256', 'base64', ''),
    deliveryIdHeader: 'x-shopify-webhook-id',
    summary: 'X-Shopify-Hmac-Sha256: <base64 HMAC-SHA256 of the body>',
  },
  'gitlab-token': {
    auth: { kind: 'token', id: 'gitlab-token', header: 'x-gitlab-token', prefix: '' },
    deliveryIdHeader: null,
    summary: 'X-Gitlab-Token: <the secret token, as it is>',
  },
  typeform: {
    auth: hmacBody('typeform', 'typeform-signature', 'sha256', 'base64', 'sha256='),
    deliveryIdHeader: null,
    summary: 'Typeform-Signature: sha256=<base64 HMAC-SHA256 of the body>',
  },
} satisfies Record<string, Preset>;

export type PresetName = keyof typeof PRESETS;

export const PRESET_NAMES = Object.keys(PRESETS).sort() as PresetName[];

export function isPresetName(name: string): name is PresetName {
  return Object.prototype.hasOwnProperty.call(PRESETS, name);
}
