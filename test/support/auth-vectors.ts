import { createHmac } from 'node:crypto';
import type { PresetName } from '../../src/model/sender-auth/presets.js';

/**
 * Each preset's example: the provider's own published one where it publishes one (GitHub, Slack,
 * Standard Webhooks), else an HMAC computed here with node:crypto, independently of the code under test.
 */
export interface Vector {
  preset: PresetName;
  source: string;
  secret: string;
  body: string;
  headers: Record<string, string>;
  now: number;
}

const nodeHmac = (algorithm: string, key: string | Buffer, text: string, encoding: 'hex' | 'base64') =>
  createHmac(algorithm, key).update(text).digest(encoding);

const NOW = 1_764_000_000;
const JSON_BODY = '{"id":"evt_1","type":"order.created","data":{"amount":1200}}';

export const VECTORS: Vector[] = [
  {
    preset: 'github',
    source: 'docs.github.com, "Validating webhook deliveries": the documented test values',
    secret: "It's a Secret to Everybody",
    body: 'Hello, World!',
    headers: { 'x-hub-signature-256': 'sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17' },
    now: NOW,
  },
  {
    preset: 'slack',
    source: 'Slack, "Verifying requests from Slack": the worked example',
    secret: '8f742231b10e8888abcd99yyyzzz85a5',
    body:
      'token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V&channel_name=foobar' +
      '&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text=&response_url=https%3A%2F%2Fhooks.slack.com' +
      '%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c',
    headers: { 'x-slack-request-timestamp': '1531420618', 'x-slack-signature': 'v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503' },
    now: 1531420618,
  },
  {
    preset: 'standard-webhooks',
    source: 'standard-webhooks/standard-webhooks, the JavaScript library\'s "sign function works" vector',
    secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
    body: '{"test": 2432232314}',
    headers: {
      'webhook-id': 'msg_p5jXN8AQM9LWM0D4loKWxJek',
      'webhook-timestamp': '1614265330',
      'webhook-signature': 'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=',
    },
    now: 1614265330,
  },
  {
    preset: 'stripe',
    source: 'computed here with node:crypto (Stripe publishes no test vector)',
    secret: 'whsec_test_stripe',
    body: JSON_BODY,
    headers: { 'stripe-signature': `t=${NOW},v1=${nodeHmac('sha256', 'whsec_test_stripe', `${NOW}.${JSON_BODY}`, 'hex')}` },
    now: NOW + 10,
  },
  {
    preset: 'shopify',
    source: 'computed here with node:crypto (Shopify publishes no test vector)',
    secret: 'shopify-client-secret',
    body: JSON_BODY,
    headers: { 'x-shopify-hmac-sha256': nodeHmac('sha256', 'shopify-client-secret', JSON_BODY, 'base64') },
    now: NOW,
  },
  {
    preset: 'typeform',
    source: 'computed here with node:crypto (Typeform publishes no test vector)',
    secret: 'typeform-secret',
    body: JSON_BODY,
    headers: { 'typeform-signature': `sha256=${nodeHmac('sha256', 'typeform-secret', JSON_BODY, 'base64')}` },
    now: NOW,
  },
  {
    preset: 'gitlab-token',
    source: 'the token as configured on the webhook',
    secret: 'gitlab-secret-token',
    body: JSON_BODY,
    headers: { 'x-gitlab-token': 'gitlab-secret-token' },
    now: NOW,
  },
];
