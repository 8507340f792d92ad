import type { IdentityRule } from '../../runtime/event-identity.js';
import type { GenModel, IdentitySource } from '../types.js';

/**
 * Where an event's identity is read, with its value there: each body path, or by group (`groups`)
 * only the event's own group's, for an event has a value on that path alone (the others hold '').
 * The one reading of that encoding: the names, the rule, the literal types and the fixtures use it.
 */
export function ownIdentity(source: IdentitySource, identity: readonly string[]): Array<{ path: string[]; value: string; index: number }> {
  if (source.kind !== 'body') return [];
  return source.paths.map((path, index) => ({ path, value: identity[index]!, index })).filter(({ value }) => source.groups !== true || value !== '');
}

/** An event's own identity values as one text (its wire name, for body identities). */
export function ownValues(source: IdentitySource, identity: readonly string[], separator = ''): string {
  return ownIdentity(source, identity)
    .map((o) => o.value)
    .join(separator);
}

/**
 * The runtime rule for a model: what the generated validators print as their IDENTITY constant,
 * and what verify, the fixtures and send run through the same `identify()`.
 */
export function identityRule(model: GenModel): IdentityRule {
  const source = model.identity.source;
  switch (source.kind) {
    case 'body':
      // By group, an event has a value on its own group's path only, and the values are unique.
      return source.groups
        ? { kind: 'body', paths: source.paths, groups: true, events: Object.fromEntries(model.events.map((e) => [ownValues(source, e.identity), e.wireName])) }
        : { kind: 'body', paths: source.paths, events: Object.fromEntries(model.events.map((e) => [e.identity.join('\u0000'), e.wireName])) };
    case 'shape':
      return {
        kind: 'shape',
        paths: source.paths,
        events: Object.fromEntries(model.events.map((e) => [e.identity.join('\u0000'), e.wireName])),
        ...(source.present === true ? { present: true } : {}),
      };
    case 'header':
      return { kind: 'header', header: source.name.toLowerCase(), events: Object.fromEntries(model.events.map((e) => [e.identity[0]!, e.wireName])) };
    case 'address':
      return {
        kind: 'address',
        events: Object.fromEntries(model.endpoints.map((e) => [e.channel, e.events[0]!])),
        addresses: Object.fromEntries(model.endpoints.map((e) => [e.channel, e.address])),
      };
    case 'single':
      return { kind: 'single', event: model.events[0]!.wireName };
  }
}

/** How the summary says it: `told apart by header X-Gitlab-Event (a constant in each message)`. */
export function identitySummary(model: GenModel): string {
  return model.identity.source.kind === 'single' ? 'one event' : `told apart by ${model.identity.reason}`;
}

/** The headers that name events, lower-case: kept in recordings, set in request fixtures. */
export function identityHeaders(model: GenModel): string[] {
  return model.identity.source.kind === 'header' ? [model.identity.source.name.toLowerCase()] : [];
}
