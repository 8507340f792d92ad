import type { AuthSpecParts } from './auth-specs.js';

/** Detection, one small spec per way a spec can say how its sender authenticates, and what the model must then hold. */
export interface DetectCase {
  name: string;
  spec: AuthSpecParts;
  auth?: string;
  /** Expected schemes as `preset` or a JSON description, plus `?` when optional. */
  schemes: Array<string | Record<string, unknown>>;
  unenforced?: string[];
  deliveryId?: string | null;
}

const GENERIC_HEX = {
  kind: 'hmac',
  id: 'X-Acme-Signature',
  algorithm: 'sha256',
  encoding: 'hex',
  header: 'x-acme-signature',
  format: 'single',
  prefix: 'sha256=',
  signs: 'body',
  secretFormat: 'text',
};

export const detectCases: DetectCase[] = [
  {
    name: 'GitHub: a scheme on X-Hub-Signature-256, the delivery header declared',
    spec: { schemes: 'sig:\n  type: httpApiKey\n  in: header\n  name: X-Hub-Signature-256', headers: 'X-GitHub-Delivery:\n  type: string' },
    schemes: ['github'],
    deliveryId: 'x-github-delivery',
  },
  {
    name: 'Stripe: a scheme on Stripe-Signature',
    spec: { schemes: 'stripe:\n  type: httpApiKey\n  in: header\n  name: Stripe-Signature' },
    schemes: ['stripe'],
    deliveryId: null,
  },
  {
    name: 'Slack: message headers only',
    spec: { headers: 'X-Slack-Signature:\n  type: string\nX-Slack-Request-Timestamp:\n  type: string' },
    schemes: ['slack'],
  },
  {
    name: 'Standard Webhooks: the three headers, the id is the delivery id',
    spec: { headers: 'webhook-id:\n  type: string\nwebhook-timestamp:\n  type: string\nwebhook-signature:\n  type: string' },
    schemes: ['standard-webhooks'],
    deliveryId: 'webhook-id',
  },
  {
    name: 'Svix: named in the prose only',
    spec: { description: 'Every request carries `svix-id`, `svix-timestamp` and `svix-signature` headers.' },
    schemes: ['svix'],
    deliveryId: 'svix-id',
  },
  {
    name: 'Webhook-Signature without the id and timestamp headers is not Standard Webhooks',
    spec: { schemes: 'key:\n  type: httpApiKey\n  in: header\n  name: Webhook-Signature\n  description: An HMAC of the request body.' },
    schemes: [],
    unenforced: ['unclear key: Webhook-Signature: an HMAC, but the spec does not name the hash (SHA-1, SHA-256, SHA-512)'],
  },
  {
    name: 'Shopify: a symmetricEncryption scheme that names its header; the webhook id described',
    spec: {
      schemes: 'hmac:\n  type: symmetricEncryption\n  description: Base64 HMAC-SHA256 of the raw body in the `X-Shopify-Hmac-Sha256` header.',
      headers: 'X-Shopify-Webhook-Id:\n  type: string\n  description: A unique identifier for the webhook delivery; use it for deduplication.',
    },
    schemes: ['shopify'],
    deliveryId: 'x-shopify-webhook-id',
  },
  { name: 'GitLab: a token header', spec: { schemes: 'token:\n  type: httpApiKey\n  in: header\n  name: X-Gitlab-Token' }, schemes: ['gitlab-token'] },
  { name: 'Typeform', spec: { schemes: 'tf:\n  type: httpApiKey\n  in: header\n  name: Typeform-Signature' }, schemes: ['typeform'] },
  {
    name: 'a generic HMAC, read from the header description',
    spec: { headers: 'X-Acme-Signature:\n  type: string\n  description: Hex HMAC-SHA256 of the raw request body, prefixed with `sha256=`.' },
    schemes: [GENERIC_HEX],
  },
  {
    name: 'a generic HMAC whose encoding is not said',
    spec: { headers: 'X-Acme-Signature:\n  type: string\n  description: HMAC-SHA256 of the raw request body.' },
    schemes: [],
    unenforced: ['unclear X-Acme-Signature: an HMAC, but the spec does not say hex or base64'],
  },
  {
    name: 'an HMAC that also covers a timestamp header, joined how the spec does not say',
    spec: { headers: 'X-Acme-Signature:\n  type: string\n  description: Base64 HMAC-SHA256 of the body.\nX-Acme-Signature-Timestamp:\n  type: string' },
    schemes: [],
    unenforced: ['unclear X-Acme-Signature: an HMAC that also covers a timestamp, but the spec does not say how the two are joined'],
  },
  {
    name: 'http bearer',
    spec: { schemes: 'b:\n  type: http\n  scheme: bearer' },
    schemes: [{ kind: 'token', id: 'b', header: 'authorization', prefix: 'Bearer ' }],
  },
  {
    name: 'Authorization as httpApiKey saying Bearer, next to an allowlist scheme',
    spec: {
      schemes:
        'key:\n  type: httpApiKey\n  in: header\n  name: Authorization\n  description: "Optional. The sender sends `Authorization: Bearer <key>`."\nips:\n  type: httpApiKey\n  in: header\n  name: X-Forwarded-For\n  description: Source IP allowlist 192.0.2.1',
    },
    schemes: [{ kind: 'token', id: 'key', header: 'authorization', prefix: 'Bearer ' }, '?'],
  },
  {
    name: 'Authorization as httpApiKey, a plain token',
    spec: { schemes: 'key:\n  type: httpApiKey\n  in: header\n  name: Authorization' },
    schemes: [{ kind: 'token', id: 'key', header: 'authorization', prefix: '' }],
  },
  { name: 'userPassword is HTTP Basic', spec: { schemes: 'basic:\n  type: userPassword' }, schemes: [{ kind: 'basic', id: 'basic' }] },
  {
    name: 'Basic next to an empty requirement is optional',
    spec: { schemes: 'basic:\n  type: http\n  scheme: basic', security: '- basic: []\n- {}' },
    schemes: [{ kind: 'basic', id: 'basic' }, '?'],
  },
  {
    name: 'a JWT signed by the sender',
    spec: {
      schemes: 'jwt:\n  type: httpApiKey\n  in: header\n  name: X-Verification\n  description: A JWT (ES256) signed by the sender; fetch the public key.',
    },
    schemes: [],
    unenforced: ["unenforceable jwt: a JWT signed with the sender's key"],
  },
  {
    name: 'a signature that is a form field',
    spec: {
      schemes: 'sig:\n  type: httpApiKey\n  in: header\n  name: sig\n  description: HMAC-SHA1 of the payload field.',
      fields: 'sig:\n  type: string',
      contentType: 'application/x-www-form-urlencoded',
    },
    schemes: [],
    unenforced: ['unenforceable sig: a signature inside the body field sig, not a header'],
  },
  {
    name: 'a canonical-request signature',
    spec: {
      schemes: 'sig:\n  type: httpApiKey\n  in: header\n  name: X-Sig\n  description: Hex HMAC-SHA256 of the canonical request (method, path, headers, body).',
    },
    schemes: [],
    unenforced: ['unenforceable sig: X-Sig: an HMAC of a canonical request (method, path, chosen headers and body), not of the body alone'],
  },
  {
    name: 'a passcode in a body field the payload declares',
    spec: { schemes: 'pass:\n  type: userPassword\n  description: Payloads include a passcode field that matches yours.', fields: 'passcode:\n  type: string' },
    schemes: [{ kind: 'field', id: 'pass', field: 'passcode' }],
  },
  {
    name: 'a signature in the body is not a passcode',
    spec: {
      schemes: 'sig:\n  type: apiKey\n  in: user\n  description: The HMAC signature is inside the JSON payload at additionalData.signature.',
      fields: 'additionalData:\n  type: object',
    },
    schemes: [],
    unenforced: ['unenforceable sig: a signature inside the body'],
  },
  { name: 'oauth2 is not about deliveries', spec: { schemes: 'o:\n  type: oauth2\n  flows: {}' }, schemes: [] },
  { name: 'nothing declared', spec: {}, schemes: [], deliveryId: null },
  {
    name: 'a per-attempt UUID is no delivery id',
    spec: { headers: 'X-Request-UUID:\n  type: string\n  description: The unique identifier of this delivery attempt, for deduplication of logs.' },
    schemes: [],
    deliveryId: null,
  },
  {
    name: '--auth github replaces what the spec says',
    spec: { schemes: 'basic:\n  type: userPassword' },
    auth: 'github',
    schemes: ['github'],
    deliveryId: 'x-github-delivery',
  },
  {
    name: '--auth with a generic HMAC description',
    spec: {},
    auth: 'hmac:sha512:base64:X-Sig:v1=',
    schemes: [
      {
        kind: 'hmac',
        id: 'hmac',
        algorithm: 'sha512',
        encoding: 'base64',
        header: 'x-sig',
        format: 'single',
        prefix: 'v1=',
        signs: 'body',
        secretFormat: 'text',
      },
    ],
  },
  {
    name: 'x-webhook-auth at the top level: a preset, in place of what the spec says',
    spec: { schemes: 'basic:\n  type: userPassword', extensions: 'x-webhook-auth: github' },
    schemes: ['github'],
    deliveryId: 'x-github-delivery',
  },
  {
    name: 'x-webhook-auth under info: the hmac:... text',
    spec: { infoExtensions: 'x-webhook-auth: "hmac:sha512:base64:X-Sig:v1="' },
    schemes: [{ ...GENERIC_HEX, id: 'hmac', algorithm: 'sha512', encoding: 'base64', header: 'x-sig', prefix: 'v1=' }],
  },
  {
    name: 'x-webhook-auth as an object: the same generic HMAC',
    spec: { extensions: 'x-webhook-auth:\n  algorithm: sha256\n  encoding: hex\n  header: X-Acme-Signature\n  prefix: "sha256="' },
    schemes: [{ ...GENERIC_HEX, id: 'hmac' }],
  },
  {
    name: 'x-webhook-auth on a scheme: that scheme is the preset, under its own id; the others are read as usual',
    spec: {
      schemes:
        'sig:\n  type: httpApiKey\n  in: header\n  name: X-Signature\n  x-webhook-auth: stripe\ntoken:\n  type: httpApiKey\n  in: header\n  name: X-Gitlab-Token',
    },
    schemes: ['stripe', 'gitlab-token'],
  },
  {
    name: 'x-webhook-auth on a scheme, as an object',
    spec: {
      schemes:
        'sig:\n  type: httpApiKey\n  in: header\n  name: X-Acme-Signature\n  x-webhook-auth:\n    algorithm: sha256\n    encoding: hex\n    header: X-Acme-Signature\n    prefix: "sha256="',
    },
    schemes: [{ ...GENERIC_HEX, id: 'sig' }],
  },
  {
    name: '--auth wins over x-webhook-auth',
    spec: { extensions: 'x-webhook-auth: github' },
    auth: 'shopify',
    schemes: ['shopify'],
    deliveryId: 'x-shopify-webhook-id',
  },
];
