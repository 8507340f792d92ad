import spectralAjv from '@stoplight/spectral-functions/dist/schema/ajv.js';

/**
 * The parser validates each document with Spectral, whose `schema` function makes new ajv
 * instances for every document, so the AsyncAPI schema's validators are compiled again for each:
 * about 150 ms a document. A process that loads several (`diff`, the second parse of a document
 * with errors, a test file) shares one compiled AsyncAPI schema instead. Only those schemas: ajv
 * keeps a schema with an `$id` by that id, so sharing a document's own schemas would hand the next
 * document the first one's validator for an `$id` they both use. The AsyncAPI schemas' ids
 * (http://asyncapi.com/definitions/<version>/...) name the same schema wherever they appear.
 *
 * The function is replaced on the module's exports, which Spectral reads at each call (CommonJS),
 * in the sources and in the bundle alike; the bundle's precompiled validators sit inside it.
 */
type Assign = ReturnType<typeof spectralAjv.createAjvInstances>;
const ASYNCAPI_SCHEMA = /^http:\/\/asyncapi\.com\/definitions\//;

let shared = false;
export function shareSchemaValidators(): void {
  if (shared) return;
  shared = true;
  const create = spectralAjv.createAjvInstances;
  let asyncapi: Assign | undefined;
  spectralAjv.createAjvInstances = () => {
    const own = create();
    return (schema, dialect, allErrors) => {
      const id = (schema as { $id?: unknown }).$id;
      return typeof id === 'string' && ASYNCAPI_SCHEMA.test(id) ? (asyncapi ??= create())(schema, dialect, allErrors) : own(schema, dialect, allErrors);
    };
  };
}
