import { randomUUID } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { join } from 'node:path';
import type { HeaderList } from './auth/scheme.js';
import { requestPath } from './request-path.js';
import type { DeliveryResponse, IncomingDelivery, WebhookRequestHandler } from './receiver/core.js';
import type { DeliveryRecording } from './receiver/options.js';
import { BodyTooLarge, BodyUnavailable, type OnStop } from './receiver/support.js';

/** The receiver on node:http and Express: Node's own types, so kept apart from the Web-standard receiver. */

/** An onRecord that writes one JSON file per delivery into `dir`, for `verify` to read back. */
export function recordToFolder(dir: string): (recording: DeliveryRecording) => Promise<void> {
  return async (recording) => {
    await mkdir(dir, { recursive: true });
    const name = `${recording.receivedAt.replace(/[:.]/g, '-')}-${randomUUID().slice(0, 8)}.json`;
    await writeFile(join(dir, name), `${JSON.stringify(recording, null, 2)}\n`);
  };
}

export interface NodeListenerOptions {
  /**
   * Only this path is served (404 elsewhere, the first such path logged); default the spec's
   * channel path; false serves any path. Under Express, the path as the route sees it: the full
   * path for `app.post(path, ...)`, the rest after the mount point for `app.use(mount, ...)`.
   */
  path?: string | false | undefined;
}

/**
 * A body something else already read: usable when a raw-body parser kept the bytes
 * (`express.raw()`, `express.text()`), refused when it was parsed into an object.
 */
function alreadyRead(req: IncomingMessage, limit: number): Promise<Uint8Array> {
  const kept = (req as IncomingMessage & { body?: unknown }).body;
  const bytes = kept instanceof Uint8Array ? kept : typeof kept === 'string' ? Buffer.from(kept, 'utf8') : undefined;
  if (bytes === undefined) return Promise.reject(new BodyUnavailable('the request body was already read and parsed by another middleware'));
  return bytes.byteLength > limit ? Promise.reject(new BodyTooLarge(`body is larger than ${limit} bytes`)) : Promise.resolve(bytes);
}

/**
 * Reads the body only when the handler asks for it (a request refused on its headers is answered
 * without reading it), and stops at the limit: the stream is paused, not destroyed, so the 413
 * goes out first; discardRest then deals with the rest.
 */
function readNodeBody(req: IncomingMessage, limit: number, onStop?: OnStop): Promise<Uint8Array> {
  // A stream that already ended never emits 'end' again: waiting for it would hang.
  if (req.readableEnded) return alreadyRead(req, limit);
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const done = () => {
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onError);
      req.off('aborted', onAborted);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        done();
        req.pause();
        reject(new BodyTooLarge(`body is larger than ${limit} bytes`));
      } else chunks.push(chunk);
    };
    const onEnd = () => {
      done();
      resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size));
    };
    const onError = (error: Error) => {
      done();
      reject(error);
    };
    const onAborted = () => onError(new Error('request aborted'));
    // Stopped from outside (too slow, or the receiver closing): paused, and answered like a cut body.
    onStop?.((reason) => {
      done();
      req.pause();
      reject(reason);
    });
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', onError);
    req.on('aborted', onAborted);
  });
}

/** A header as Node parsed it, as one text: repeated values (set-cookie) joined; null when absent. */
const headerText = (value: string | string[] | undefined): string | null => (value === undefined ? null : Array.isArray(value) ? value.join(', ') : value);

/** Node's parsed headers as a HeaderList: names lower-case. */
function nodeHeaders(req: IncomingMessage): HeaderList {
  return {
    get: (name) => headerText(req.headers[name.toLowerCase()]),
    *[Symbol.iterator]() {
      for (const [name, value] of Object.entries(req.headers)) if (value !== undefined) yield [name, headerText(value)!] as [string, string];
    },
  };
}

/**
 * A node:http request as the receiver sees it: one object per request, its methods on the
 * prototype, rather than an object of fresh closures.
 */
class NodeDelivery implements IncomingDelivery {
  readonly method: string;
  readonly remoteAddress: string | undefined;

  constructor(
    private readonly req: IncomingMessage,
    readonly path: string,
    readonly url: string,
  ) {
    this.method = req.method ?? 'GET';
    this.remoteAddress = req.socket.remoteAddress;
  }

  header(name: string): string | null {
    return headerText(this.req.headers[name]);
  }

  body(limit: number, onStop?: OnStop): Promise<Uint8Array> {
    return readNodeBody(this.req, limit, onStop);
  }

  headerList(): HeaderList {
    return nodeHeaders(this.req);
  }
}

const NOT_FOUND: DeliveryResponse = { status: 404, headers: { 'content-type': 'application/json' }, body: '{"error":"not found"}' };
const INTERNAL_ERROR = '{"error":"internal error"}';

/** Answers 500 unless an answer went out already; reads away what is left of the body. */
function internalError(req: IncomingMessage, res: ServerResponse): void {
  if (res.headersSent || res.destroyed) return;
  if (req.complete) {
    res.writeHead(500, { 'content-type': 'application/json' });
    res.end(INTERNAL_ERROR);
  } else answerEarly(req, res, 500, { 'content-type': 'application/json' }, INTERNAL_ERROR);
}

/** Writes the receiver's answer; an answer that cannot be written (a header Node refuses) becomes a 500. */
function answer(req: IncomingMessage, res: ServerResponse, response: DeliveryResponse): void {
  if (res.headersSent || res.destroyed) return;
  try {
    if (req.complete) {
      res.writeHead(response.status, response.headers);
      res.end(response.body);
    } else answerEarly(req, res, response.status, response.headers, response.body);
  } catch {
    internalError(req, res);
  }
}

/**
 * An answer given before the body was read (refused on its headers, cut at the size limit, too
 * slow): written at once, with its length, but ended only once the rest of the body is read away
 * (discardRest). Node destroys the socket when a `Connection: close` answer ends; with the
 * client's bytes still unread, the kernel would then reset the connection, and the client, still
 * uploading, would see EPIPE or ECONNRESET instead of the answer.
 */
function answerEarly(req: IncomingMessage, res: ServerResponse, status: number, headers: Record<string, string>, body: string): void {
  res.writeHead(status, { ...headers, 'content-length': String(Buffer.byteLength(body)) });
  res.write(body);
  discardRest(req, () => res.end());
}

/** How much of a body left unread after the answer is read and thrown away before the connection is cut. */
// Typed out: the output must compile under isolatedDeclarations, which does not infer `4 * 1024 * 1024`.
export const DISCARD_LIMIT: { bytes: number; ms: number } = { bytes: 4 * 1024 * 1024, ms: 2_000 };

/**
 * After an answer given before the body was read (refused on its headers, or cut at the size
 * limit): the rest of the body is read and thrown away, so the client, still uploading, reads the
 * answer. Closing at once would leave its bytes unread, and the kernel then resets the connection,
 * which the client may see before the answer. Bounded: past DISCARD_LIMIT's bytes or time the
 * connection is cut anyway. A body that ends in time calls `ended` (which ends the answer), and
 * leaves the connection open for the next request unless the client asked to close it.
 */
function discardRest(req: IncomingMessage, ended: () => void): void {
  let left = DISCARD_LIMIT.bytes;
  const stop = () => {
    finish();
    req.socket.destroy();
  };
  const onEnd = () => {
    finish();
    ended();
  };
  const onData = (chunk: Buffer) => {
    left -= chunk.length;
    if (left < 0) stop();
  };
  const finish = () => {
    clearTimeout(timer);
    req.off('data', onData);
    req.off('end', onEnd);
    req.off('close', finish);
  };
  const timer = setTimeout(stop, DISCARD_LIMIT.ms);
  timer.unref?.();
  req.on('data', onData);
  req.on('end', onEnd);
  req.on('close', finish);
  req.resume();
}

/** For `node:http` and Express: fills the client address from the socket and streams the body. */
export function nodeListener(
  handler: WebhookRequestHandler,
  defaultPath: string | false,
  nodeOptions: NodeListenerOptions = {},
): (req: IncomingMessage, res: ServerResponse) => void {
  const servedPath = nodeOptions.path === undefined ? defaultPath : nodeOptions.path;
  if (servedPath !== false && (typeof servedPath !== 'string' || !servedPath.startsWith('/'))) {
    throw new Error('toNodeListener: `path` must be a path starting with "/", or false to serve any path');
  }
  // A listener mounted where requests arrive under another path answers each 404: the first is
  // logged, saying what to set, so the mistake is not silent; later ones are not (a scan would flood the log).
  let refusedPathLogged = false;
  return (req, res) => {
    const url = req.url ?? '/';
    // The same path the Web handler reads: a target in absolute form (via a proxy) included.
    const path = requestPath(url);
    if (servedPath !== false && path !== servedPath) {
      if (!refusedPathLogged) {
        refusedPathLogged = true;
        handler.logger.warn(
          `answered 404 to a request for ${JSON.stringify(path.slice(0, 100))}: this listener serves only ${servedPath}. Mounted elsewhere (Express app.use, a router), pass toNodeListener(handler, { path: '<the path as the listener sees it>' }) or { path: false }; logged once`,
        );
      }
      answer(req, res, NOT_FOUND);
      return;
    }
    handler.deliver(new NodeDelivery(req, path, url)).then(
      (response) => answer(req, res, response),
      () => internalError(req, res),
    );
  };
}
