import { GenError } from '../../errors.js';
import type { HmacAuth } from '../../runtime/auth/scheme.js';
import type { SenderScheme } from '../types.js';
import { isPresetName, PRESET_NAMES, PRESETS } from './presets.js';

/**
 * The one vocabulary for saying how a sender authenticates where the spec's own text does not:
 * `--auth <choice>` on the command line, or `x-webhook-auth` in the spec (at the top level, under
 * `info`, or on one security scheme). A choice is a preset name, `hmac:<alg>:<enc>:<header>[:<prefix>]`,
 * or (in the spec) the same HMAC as an object `{ algorithm, encoding, header, prefix }`.
 */

export type AuthChoice = { auth: SenderScheme['auth']; preset: string | null };

const HMAC_FORM = 'hmac:<sha1|sha256|sha512>:<hex|base64>:<header>[:<prefix>], e.g. hmac:sha256:hex:X-Signature:sha256=';
const OBJECT_FORM = 'or in the spec the same as an object: { algorithm: sha256, encoding: hex, header: X-Signature, prefix: "sha256=" }';
const ALGORITHMS = ['sha1', 'sha256', 'sha512'];
const ENCODINGS = ['hex', 'base64'];
const TOKEN_CHARS = /^[A-Za-z0-9!#$%&'*+.^_`|~-]+$/;

function genericHmac(algorithm: string, encoding: string, header: string, prefix: string): HmacAuth {
  return {
    kind: 'hmac',
    id: 'hmac',
    algorithm: algorithm as HmacAuth['algorithm'],
    encoding: encoding as HmacAuth['encoding'],
    header: header.toLowerCase(),
    format: 'single',
    prefix,
    signs: 'body',
    secretFormat: 'text',
  };
}

/** Where a choice was made, for messages: `--auth`, or `x-webhook-auth` with its place in the spec. */
export interface ChoiceSource {
  name: '--auth' | 'x-webhook-auth';
  /** `at the top level`, `under info`, `on securitySchemes.<id>`. */
  place?: string;
}

const placed = (source: ChoiceSource) => (source.place === undefined ? '' : ` (${source.place})`);

function parseText(text: string, source: ChoiceSource): AuthChoice {
  if (isPresetName(text)) return { auth: PRESETS[text].auth, preset: text };
  const generic = /^hmac:(sha1|sha256|sha512):(hex|base64):([A-Za-z0-9!#$%&'*+.^_`|~-]+)(?::(.*))?$/.exec(text);
  if (generic) return { auth: genericHmac(generic[1]!, generic[2]!, generic[3]!, generic[4] ?? ''), preset: null };
  throw new GenError(`${source.name} ${JSON.stringify(text)}${placed(source)} is neither a preset nor an HMAC description`, [
    `presets: ${PRESET_NAMES.join(', ')}`,
    `an HMAC of the raw body: ${HMAC_FORM}`,
    ...(source.name === '--auth' ? [] : [OBJECT_FORM]),
  ]);
}

function parseObject(value: Record<string, unknown>, source: ChoiceSource): AuthChoice {
  const problems: string[] = [];
  const unknown = Object.keys(value).filter((k) => !['algorithm', 'encoding', 'header', 'prefix'].includes(k));
  if (unknown.length > 0) problems.push(`unknown key${unknown.length > 1 ? 's' : ''} ${unknown.join(', ')} (keys: algorithm, encoding, header, prefix)`);
  const { algorithm, encoding, header, prefix = '' } = value;
  if (typeof algorithm !== 'string' || !ALGORITHMS.includes(algorithm))
    problems.push(`algorithm must be ${ALGORITHMS.join(', ')}, not ${JSON.stringify(algorithm)}`);
  if (typeof encoding !== 'string' || !ENCODINGS.includes(encoding)) problems.push(`encoding must be hex or base64, not ${JSON.stringify(encoding)}`);
  if (typeof header !== 'string' || !TOKEN_CHARS.test(header)) problems.push(`header must be a header name, not ${JSON.stringify(header)}`);
  if (typeof prefix !== 'string') problems.push(`prefix must be a string, not ${JSON.stringify(prefix)}`);
  if (problems.length > 0)
    throw new GenError(`${source.name}${placed(source)} is not an HMAC description: ${problems.join('; ')}`, [
      `or a preset: ${PRESET_NAMES.join(', ')}`,
      `or ${HMAC_FORM}`,
    ]);
  return { auth: genericHmac(algorithm as string, encoding as string, header as string, prefix as string), preset: null };
}

/** `--auth`'s text, or an `x-webhook-auth` value as the spec has it. */
export function parseAuthChoice(value: unknown, source: ChoiceSource = { name: '--auth' }): AuthChoice {
  if (typeof value === 'string') return parseText(value, source);
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) return parseObject(value as Record<string, unknown>, source);
  throw new GenError(`${source.name}${placed(source)} must be a preset name, an hmac:... text or an HMAC object, not ${JSON.stringify(value)}`, [
    `presets: ${PRESET_NAMES.join(', ')}`,
    `an HMAC of the raw body: ${HMAC_FORM}`,
    OBJECT_FORM,
  ]);
}
