import { spec, type TemplateSet } from '../codegen/templates.js';
import type { GenModel } from '../model/types.js';
import { signedSchemes } from './fixtures/sign-request.js';
import type { OutputFile } from './output-file.js';
import { runtimeFile } from './runtime-source.js';

/** The sender-auth runtime, copied as it is: the receiver core imports it whatever the spec. */
const AUTH_RUNTIME = ['bytes.ts', 'hmac-engine.ts', 'hmac.ts', 'receiver-auth.ts', 'scheme.ts', 'sign.ts', 'token.ts', 'verify-sender.ts'];

/** Whether the spec declares anything beyond a bearer token for the receiver to know about. */
export function hasSenderAuth(model: GenModel): boolean {
  const { sender } = model.security;
  return signedSchemes(model).length > 0 || sender.unenforced.length > 0;
}

/**
 * `auth/*.ts` always; and, for specs whose sender signs (or sends a secret),
 * `sender-auth.ts` with what the spec says and `sender-auth.test.ts` that drives the receiver
 * with the signed request fixtures. Specs with a bearer token at most (Leonardo) get neither, so
 * their output stays as it was.
 */
export function emitSenderAuth(model: GenModel, templates: TemplateSet): OutputFile[] {
  const files: OutputFile[] = AUTH_RUNTIME.map((file) => runtimeFile(`auth/${file}`));
  if (!hasSenderAuth(model)) return files;
  const { sender } = model.security;
  const facts = {
    schemes: signedSchemes(model).map((s) => s.auth),
    unenforced: sender.unenforced.map((u) => ({ id: u.id, reason: u.reason })),
  };
  files.push({ path: 'sender-auth.ts', contents: templates.render('sender-auth.ts.hbs', { facts }) });
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
      }),
    });
  }
  return files;
}
