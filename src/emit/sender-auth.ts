import { stringRecord } from '../codegen/literals.js';
import { spec, type TemplateSet } from '../codegen/templates.js';
import type { GenModel } from '../model/types.js';
import { signedSchemes } from './fixtures/sign-request.js';
import type { OutputFile } from './output-file.js';
import { runtimeFile } from './runtime-source.js';

/** The sender-auth runtime the receiver core imports whatever the spec (the bearer token's check, the types), copied as it is. */
const AUTH_RUNTIME = ['bytes.ts', 'hmac-engine.ts', 'receiver-auth.ts', 'scheme.ts', 'sender-gate.ts', 'sender-options.ts', 'token.ts'];
/** The verifiers of signed and secret-bearing schemes, and the signer: copied only for a spec that names such a scheme. */
const SIGNED_RUNTIME = ['hmac.ts', 'sign.ts', 'verify-sender.ts'];

/** Whether the spec declares anything beyond a bearer token for the receiver to know about. */
export function hasSenderAuth(model: GenModel): boolean {
  const { sender } = model.security;
  return signedSchemes(model).length > 0 || sender.unenforced.length > 0;
}

/** Each event's channel, printed for the generated tests (these and webhooks.test.ts) where channels tell events apart. */
export const channelOfEvent = (model: GenModel): string => stringRecord(model.events.map((e) => [e.wireName, e.channel]));

/**
 * The receiver's part of `auth/*.ts` always, the verifiers only where a scheme needs them; and,
 * for specs whose sender signs (or sends a secret), `sender-auth.ts` with what
 * the spec says and `sender-auth.test.ts` that drives the receiver with the signed request
 * fixtures. Specs with a bearer token at most (Leonardo) get neither: their receiver loads no
 * verifier.
 */
export function emitSenderAuth(model: GenModel, templates: TemplateSet): OutputFile[] {
  const signed = signedSchemes(model).length > 0;
  const files: OutputFile[] = [...AUTH_RUNTIME, ...(signed ? SIGNED_RUNTIME : [])].sort().map((file) => runtimeFile(`auth/${file}`));
  if (!hasSenderAuth(model)) return files;
  const { sender } = model.security;
  const facts = {
    schemes: signedSchemes(model).map((s) => s.auth),
    unenforced: sender.unenforced.map((u) => ({ id: u.id, reason: u.reason })),
  };
  files.push({ path: 'sender-auth.ts', contents: templates.render('sender-auth.ts.hbs', { facts, signed }) });
  if (facts.schemes.length > 0) {
    // Several endpoints: each fixture names the channel whose endpoint it is posted to.
    const undiscriminated = model.endpoints.length > 1;
    files.push({
      path: 'sender-auth.test.ts',
      contents: templates.render('sender-auth.test.ts.hbs', {
        bearer: model.security.bearer !== null,
        unenforced: facts.unenforced.length > 0,
        channelOption: undiscriminated,
        channels: model.events.map((e) => ({ event: spec(e.wireName), channel: spec(e.channel) })),
        channelOfEvent: channelOfEvent(model),
      }),
    });
  }
  return files;
}
