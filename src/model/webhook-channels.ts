import type { ServerInterface } from '@asyncapi/parser';
import type { Received } from './received.js';

/**
 * Channels that are not this receiver's webhooks, left out so they never block the ones that are:
 * a streaming channel (its servers speak ws, kafka, mqtt... beside channels on HTTP servers), and
 * a channel on a server of its own that third parties post to (the provider's ingestion API),
 * where the webhook channels are on the subscriber's server (a URL the user supplies, `{webhookUrl}`,
 * or one its description calls the subscriber's). Nothing is left out unless some channel stays.
 */

const HTTP = /^https?$/i;
const SUBSCRIBER = /\b(your|subscriber|subscribers|receiver|receiving|consumer|webhook url|callback)\b/i;

const serversOf = (r: Received): ServerInterface[] => r.channel.servers().all();
const onHttp = (r: Received) => serversOf(r).some((s) => HTTP.test(s.protocol()));
const subscriberServer = (s: ServerInterface) => /\{[^}]+\}/.test(s.url()) || SUBSCRIBER.test(s.description() ?? '');

export interface LeftOutChannel {
  channel: string;
  why: string;
}

export function webhookChannels(received: Received[], named: readonly string[] = []): { kept: Received[]; leftOut: LeftOutChannel[] } {
  const isNamed = (r: Received) => named.includes(r.channel.id()) || named.includes(r.channel.address() ?? '');
  const leftOut: LeftOutChannel[] = [];
  let kept = received;
  if (kept.some(onHttp)) {
    const streaming = kept.filter((r) => !onHttp(r) && serversOf(r).length > 0 && !isNamed(r));
    for (const r of streaming) {
      leftOut.push({
        channel: r.channel.id(),
        why: `its servers speak ${[...new Set(serversOf(r).map((s) => s.protocol()))].join(', ')}, not HTTP: it is not a webhook`,
      });
    }
    kept = kept.filter((r) => !streaming.includes(r));
  }
  const subscriber = (r: Received) => serversOf(r).some(subscriberServer);
  if (kept.some(subscriber)) {
    const others = kept.filter((r) => !subscriber(r) && serversOf(r).length > 0 && !isNamed(r));
    if (others.length < kept.length) {
      for (const r of others) {
        const urls = serversOf(r).map((s) => s.url());
        leftOut.push({
          channel: r.channel.id(),
          why: `it is on ${urls.join(', ')}, a server of the provider's, not the subscriber's URL the webhooks are posted to`,
        });
      }
      kept = kept.filter((r) => !others.includes(r));
    }
  }
  return { kept, leftOut };
}
