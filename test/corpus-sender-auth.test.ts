import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { loadSpec } from '../src/load/load-spec.js';
import { buildSecurity } from '../src/model/security.js';
import { describe as describeAuth } from '../src/model/sender-auth/detect.js';
import { CORPUS } from './support/helpers.js';

/**
 * What sender authentication each provider's webhook spec yields, unchanged specs read as they
 * are. A change here changes what receivers generated from them enforce, so it must be deliberate
 * (and CORPUS-AUTH.md updated with it). Without the corpus these tests are skipped, saying so.
 */
const skip = existsSync(path.join(CORPUS, 'webhooks-more')) ? false : `no corpus at ${CORPUS}`;

/** file: enforced | not enforced | delivery-id header. */
const EXPECTED: Record<string, string> = {
  'webhooks/figma.yml': '- | unenforceable passcodeVerification: a secret or signature inside the body | -',
  'webhooks/honeybadger.yml': '- | - | -',
  'webhooks/resend.yml': 'svix | - | svix-id',
  'webhooks/typeform.yml': 'typeform | - | -',
  'webhooks-more/adyen.yml': 'HTTP Basic | unenforceable hmacSignature: a secret or signature inside the body | -',
  'webhooks-more/bitbucket.yml': '- | - | -',
  'webhooks-more/braintree.yml': '- | unenforceable hmacSignature: a signature inside the body field bt_signature, not a header | -',
  'webhooks-more/cal-com.yml': 'HMAC-SHA256 (hex) of the body in x-cal-signature-256 | - | -',
  'webhooks-more/chargebee.yml': 'HTTP Basic (optional) | - | -',
  'webhooks-more/cloudflare.yml': '- | unclear signingKey: Webhook-Signature: an HMAC, but the spec does not name the hash (SHA-1, SHA-256, SHA-512) | -',
  'webhooks-more/coinbase.yml': '- | unclear X-CC-Webhook-Signature: an HMAC, but the spec does not say hex or base64 | -',
  'webhooks-more/contentful.yml':
    '- | unenforceable WebhookSignature: x-contentful-signature: an HMAC of a canonical request (method, path, chosen headers and body), not of the body alone | -',
  'webhooks-more/docusign.yml': '- | unclear hmac: X-DocuSign-Signature-1: an HMAC, but the spec does not say hex or base64 | -',
  'webhooks-more/gitlab.yml': 'gitlab-token | - | -',
  'webhooks-more/hubspot.yml': '- | - | -',
  'webhooks-more/intercom.yml': 'HMAC-SHA1 (hex) of the body in x-hub-signature after sha1= | - | -',
  'webhooks-more/pipedrive.yml': 'HTTP Basic (optional) | - | -',
  'webhooks-more/plaid.yml': "- | unenforceable plaidJwt: a JWT signed with the sender's key | -",
  'webhooks-more/shopify.yml': 'shopify | - | x-shopify-webhook-id',
  'webhooks-more/stripe.yml': 'stripe | - | -',
  'webhooks-more/zendesk.yml': '- | unclear x-zendesk-webhook-signature: an HMAC that also covers a timestamp, but the spec does not say how the two are joined | -',
  'webhooks-more/zoom.yml': 'a token in authorization | - | -',
};

describe('sender auth of the webhook corpus', { skip }, () => {
  for (const [file, expected] of Object.entries(EXPECTED)) {
    it(file, async () => {
      const spec = await loadSpec(path.join(CORPUS, file), { lenient: true });
      const sender = buildSecurity(spec.document).sender;
      const enforced = sender.schemes.map((s) => `${s.preset ?? describeAuth(s.auth)}${s.optional ? ' (optional)' : ''}`).join('; ') || '-';
      const unenforced = sender.unenforced.map((u) => `${u.kind} ${u.id}: ${u.reason}`).join('; ') || '-';
      assert.equal(`${enforced} | ${unenforced} | ${sender.deliveryIdHeader ?? '-'}`, expected);
    });
  }
});
