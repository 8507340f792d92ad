import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { PRESETS } from '../../src/model/sender-auth/presets.js';
import { utf8 } from '../../src/runtime/auth/bytes.js';
import type { HmacEngine } from '../../src/runtime/auth/hmac-engine.js';
import type { SenderAuth } from '../../src/runtime/auth/scheme.js';
import { signDelivery } from '../../src/runtime/auth/sign.js';
import { createSenderVerifier } from '../../src/runtime/auth/verify-sender.js';
import { VECTORS } from '../support/auth-vectors.js';

/**
 * Each preset against its provider's own published example where the provider publishes one
 * (GitHub, Slack, Standard Webhooks), and against an HMAC computed here with node:crypto where it
 * does not (Stripe, Shopify, Typeform). Both HMAC engines run every case: node:crypto, and Web
 * Crypto as on Workers.
 */
const ENGINES: HmacEngine[] = ['node', 'web'];
const headers = (values: Record<string, string>) => ({ header: (name: string) => values[name] ?? null });
const at = (seconds: number) => () => seconds * 1000;

describe("presets verify their providers' examples", () => {
  for (const vector of VECTORS) {
    for (const engine of ENGINES) {
      it(`${vector.preset} (${engine}): ${vector.source}`, async () => {
        const verify = createSenderVerifier(PRESETS[vector.preset].auth, [vector.secret], { now: at(vector.now), engine });
        assert.deepEqual(await verify(headers(vector.headers), utf8(vector.body)), { ok: true });
        // A secret of the right form (whsec_ secrets are base64), but not the sender's.
        const wrong = createSenderVerifier(PRESETS[vector.preset].auth, ['whsec_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA'], { now: at(vector.now), engine });
        assert.deepEqual(await wrong(headers(vector.headers), utf8(vector.body)), { ok: false, reason: 'mismatch' });
      });
    }
    it(`${vector.preset}: signDelivery reproduces the example's headers`, async () => {
      const auth: SenderAuth = PRESETS[vector.preset].auth;
      const timestamp = Number(
        vector.headers['webhook-timestamp'] ??
          vector.headers['x-slack-request-timestamp'] ??
          /t=(\d+)/.exec(vector.headers['stripe-signature'] ?? '')?.[1] ??
          0,
      );
      const signed = await signDelivery(auth, vector.secret, utf8(vector.body), { timestamp, id: vector.headers['webhook-id'] ?? '' });
      assert.deepEqual(signed, vector.headers);
    });
  }
});
