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
