import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import http, { type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { COMPILED_FIXTURES, FIXTURES, tempDir } from './helpers.js';

/**
 * The generated receiver (from generated-fixtures/, compiled) behind a real node:http server on
 * 127.0.0.1, as users run it. Tests talk to it over HTTP.
 */

export interface Generated {
  createWebhookHandler: (options: any) => ((request: Request, context?: { remoteAddress?: string }) => Promise<Response>) & { close(): Promise<void> };
  toNodeListener: (handler: any, options?: any) => http.RequestListener;
  recordToFolder: (dir: string) => (recording: unknown) => Promise<void>;
  MemoryIdempotencyStore: new (max?: number, now?: () => number) => any;
  RedisIdempotencyStore: new (options: { command: (args: string[]) => Promise<unknown>; prefix?: string }) => any;
  /** The compiled output, for tests that start receivers in other processes. */
  jsDir: string;
  request: { method: string; path: string; headers: Record<string, string>; body: any };
  token: string;
}

export async function loadGenerated(): Promise<{ dir: string; generated: Generated }> {
  const dir = await tempDir('receiver');
  const receiver = await import(path.join(COMPILED_FIXTURES, 'receiver.js'));
  const node = await import(path.join(COMPILED_FIXTURES, 'receiver-node.js'));
  const index = JSON.parse(await readFile(path.join(FIXTURES, 'fixtures/index.json'), 'utf8'));
  const request = JSON.parse(await readFile(path.join(FIXTURES, 'fixtures', index.requests['image_generation.complete']), 'utf8'));
  return {
    dir,
    generated: {
      createWebhookHandler: receiver.createWebhookHandler,
      MemoryIdempotencyStore: receiver.MemoryIdempotencyStore,
      RedisIdempotencyStore: receiver.RedisIdempotencyStore,
      jsDir: COMPILED_FIXTURES,
      toNodeListener: node.toNodeListener,
      recordToFolder: node.recordToFolder,
      request,
      token: index.requestToken,
    },
  };
}

export interface Running {
  url: string;
  port: number;
  server: Server;
  close(): Promise<void>;
}

export async function serve(listener: http.RequestListener, options: http.ServerOptions = {}): Promise<Running> {
  const server = http.createServer(options, listener);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    server,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A logger that keeps every line, to assert what was (and was not) logged. */
export function recordingLogger() {
  const lines: string[] = [];
  return {
    lines,
    logger: {
      warn: (message: string, fields?: unknown) => lines.push(`warn ${message} ${JSON.stringify(fields ?? {})}`),
      error: (message: string, fields?: unknown) => lines.push(`error ${message} ${JSON.stringify(fields ?? {})}`),
    },
  };
}

/**
 * The seed's request fixture, as the receiver tests send it: `request` with headers or a body
 * replaced, `make` a handler with the fixture's token and a handler for the seed's event, `withId`
 * the sample with its own delivery id (a valid UUID, so only what a test adds is drift). `g` is
 * read when they run, as the tests load it in `before`.
 */
export function seedRequests(g: () => Generated) {
  const request = (overrides: { headers?: Record<string, string>; body?: unknown } = {}) =>
    new Request(`http://localhost${g().request.path}`, {
      method: 'POST',
      headers: { ...g().request.headers, ...overrides.headers },
      body: typeof overrides.body === 'string' ? overrides.body : JSON.stringify(overrides.body ?? g().request.body),
    });
  const make = (options: Record<string, unknown>) =>
    g().createWebhookHandler({
      token: g().token,
      allowedIps: false,
      logger: recordingLogger().logger,
      handlers: { 'image_generation.complete': () => undefined },
      ...options,
    });
  const withId = (label: string) => {
    const hex = createHash('sha256').update(label).digest('hex');
    const id = `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
    const body = g().request.body;
    return { ...body, data: { object: { ...body.data.object, id } } };
  };
  return { request, make, withId };
}
