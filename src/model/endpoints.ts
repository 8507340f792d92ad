import type { ChannelInterface, MessageInterface, OperationInterface } from '@asyncapi/parser';
import type { Candidate } from './identity/candidate.js';
import type { Received } from './received.js';
import { isPath } from './identity/candidate.js';
import type { Endpoint } from './types.js';

/**
 * Endpoints from what the sender does. Providers post every event to the one URL the user
 * registered, so channels that share an address, or whose key is an event name rather than a path
 * (`orders/create`, `change.deal`), are one endpoint. Only distinct path addresses make several,
 * and where the address is what tells events apart, each channel is its own.
 */

export function httpMethod(channel: ChannelInterface, operations: OperationInterface[]): string {
  const bindings = [channel.bindings().get('http')?.value(), ...operations.map((op) => op.bindings().get('http')?.value())];
  for (const binding of bindings) {
    const method = (binding as { method?: unknown } | undefined)?.method;
    if (typeof method === 'string' && method !== '') return method.toUpperCase();
  }
  return 'POST';
}

/** Example header values from the http bindings and message headers: what the sender sends. */
export function exampleHeaders(operations: OperationInterface[], messages: MessageInterface[]): Record<string, string> {
  const schemas: unknown[] = [
    ...operations.map((op) => (op.bindings().get('http')?.value() as { headers?: unknown } | undefined)?.headers),
    ...messages.map((m) => m.headers()?.json()),
  ];
  const out: Record<string, string> = {};
  for (const schema of schemas) {
    const properties = (schema as { properties?: Record<string, Record<string, unknown>> } | undefined)?.properties ?? {};
    for (const [name, prop] of Object.entries(properties)) {
      const lower = name.toLowerCase();
      if (lower === 'authorization' || lower in out) continue;
      const examples = [
        prop.example,
        ...(Array.isArray(prop.examples) ? prop.examples : []),
        ...(Array.isArray(prop.enum) && prop.enum.length === 1 ? prop.enum : []),
      ];
      const value = examples.find((e): e is string => typeof e === 'string');
      if (value !== undefined) out[lower] = value;
    }
  }
  return Object.fromEntries(Object.entries(out).sort(([a], [b]) => (a < b ? -1 : 1)));
}

/** The headers every one of these header sets has with the same value. */
function common(sets: Array<Record<string, string>>): Record<string, string> {
  const [first, ...rest] = sets;
  return Object.fromEntries(Object.entries(first ?? {}).filter(([k, v]) => rest.every((s) => s[k] === v)));
}

export function buildEndpoints(
  received: Received[],
  candidates: Candidate[],
  names: string[],
  headers: Array<Record<string, string>>,
  byAddress: boolean,
): Endpoint[] {
  const groups = new Map<string, Received[]>();
  for (const r of received) {
    const address = r.channel.address() ?? r.channel.id();
    const key = byAddress ? `channel\u0000${r.channel.id()}` : isPath(address) ? address : '/';
    groups.set(key, [...(groups.get(key) ?? []), r]);
  }
  const endpoints: Endpoint[] = [];
  for (const group of groups.values()) {
    const ids = new Set(group.map((r) => r.channel.id()));
    const members = candidates.map((_, i) => i).filter((i) => ids.has(candidates[i]!.channel));
    if (members.length === 0) continue;
    const first = group[0]!;
    const address = first.channel.address() ?? first.channel.id();
    const shared = byAddress || isPath(address) ? address : '/';
    endpoints.push({
      channel: group.length === 1 ? first.channel.id() : shared,
      address: shared,
      method: httpMethod(first.channel, first.operations),
      events: [...new Set(members.map((i) => names[i]!))].sort(),
      headers: common(members.map((i) => headers[i]!)),
    });
  }
  return endpoints.sort((a, b) => (a.channel < b.channel ? -1 : 1));
}
