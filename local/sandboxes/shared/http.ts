import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A parsed request as the sandboxes see it. */
export interface SandboxRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingMessage['headers'];
  rawBody: string;
}

export interface SandboxResponse {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
  /** Sent as is (already serialized). */
  raw?: string;
}

export type SandboxHandler = (req: SandboxRequest) => Promise<SandboxResponse> | SandboxResponse;

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function write(res: ServerResponse, out: SandboxResponse): void {
  const body = out.raw ?? (out.body === undefined ? '' : JSON.stringify(out.body));
  res.writeHead(out.status, {
    'content-type': 'application/json',
    'content-length': String(Buffer.byteLength(body)),
    ...(out.headers ?? {}),
  });
  res.end(body);
}

/** Starts an HTTP server on 127.0.0.1 (random port) that answers every request through `handler`. */
export async function listen(handler: SandboxHandler, onCrash: (err: unknown) => SandboxResponse): Promise<{ url: string; server: Server; close(): Promise<void> }> {
  const server = createServer((req, res) => {
    void (async () => {
      let out: SandboxResponse;
      try {
        const url = new URL(req.url ?? '/', 'http://127.0.0.1');
        const rawBody = await readBody(req);
        out = await handler({ method: (req.method ?? 'GET').toUpperCase(), path: url.pathname, query: url.searchParams, headers: req.headers, rawBody });
      } catch (err) {
        out = onCrash(err);
      }
      write(res, out);
    })();
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    server,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections?.();
        server.close(() => resolve());
      }),
  };
}
