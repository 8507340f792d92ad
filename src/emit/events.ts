import { spec } from '../codegen/templates.js';
import type { TemplateSet } from '../codegen/templates.js';
import type { GenModel } from '../model/types.js';
import type { OutputFile } from './output-file.js';

/**
 * `events.ts` (the union of all events, the map from wire name to payload type, the list of
 * names) and `index.ts`, rendered from templates.
 */
export function emitEvents(model: GenModel, templates: TemplateSet): OutputFile[] {
  const events = model.events.map((e) => ({
    wireName: spec(e.wireName),
    payloadType: e.payloadType,
    identifier: e.identifier,
    docText: spec([e.title, e.summary].filter((t) => t !== undefined).join('\n\n')),
  }));
  return [
    { path: 'events.ts', contents: templates.render('events.ts.hbs', { events }) },
    { path: 'index.ts', contents: templates.render('index.ts.hbs', {}) },
  ];
}
