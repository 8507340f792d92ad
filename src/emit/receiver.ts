import type { TemplateSet } from '../codegen/templates.js';
import { spec } from '../codegen/templates.js';
import { GenError } from '../errors.js';
import type { GenModel } from '../model/types.js';
import type { OutputFile } from './output-file.js';
import { runtimeSource } from './runtime-source.js';

/**
 * The receiver: `receiver.ts` (a Web-standard handler: auth, validation, dispatch) and
 * `receiver-node.ts` (node:http and Express), from templates, with the spec-independent parts
 * copied from src/runtime/.
 */
export function emitReceiver(model: GenModel, templates: TemplateSet): OutputFile[] {
  const endpoints = model.endpoints;
  const methods = [...new Set(endpoints.map((e) => e.method))];
  if (methods.length > 1) {
    throw new GenError('the receiver serves one HTTP method, but the channels use several', endpoints.map((e) => `${e.channel}: ${e.method}`));
  }
  const data = {
    method: spec(methods[0] ?? 'POST'),
    path: spec(endpoints.length === 1 && endpoints[0]!.address.startsWith('/') ? endpoints[0]!.address : '/'),
    allowlist: model.security.ipAllowlist.map(spec),
  };
  return [
    { path: 'receiver-support.ts', contents: runtimeSource('receiver-support.ts') },
    { path: 'receiver.ts', contents: templates.render('receiver.ts.hbs', data) },
    { path: 'receiver-node.ts', contents: templates.render('receiver-node.ts.hbs', {}) },
  ];
}
