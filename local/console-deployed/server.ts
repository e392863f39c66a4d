import { randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { serveConsole } from '../console-api/mount.js';
import { refuseRequest } from '../server/front-door.js';
import { deployedConsoleRoutes } from './routes.js';
import type { StackTarget } from './stack.js';

/** Console API bodies are small JSON documents (an action's input at most). */
const MAX_BODY_BYTES = 1024 * 1024;
const HOST = '127.0.0.1';

export interface DeployedConsole {
  url: string;
  port: number;
  token: string;
  /** The URL to open: the console with the token, which it moves to sessionStorage. */
  consoleUrl: string;
  close(): Promise<void>;
}

/**
 * `eum-social console --stack-url/--stack`: the console bundle and its API on the user's machine,
 * bound to 127.0.0.1, behind the twin's front door (Host must be a loopback name: 421; a state-changing
 * request from another Origin: 403; a body that is not JSON: 415) and a random bearer token for every
 * `/console/api/*` route (401), printed once in the URL.
 */
export async function startDeployedConsole(target: StackTarget, opts: { port?: number; token?: string; distDir?: string } = {}): Promise<DeployedConsole> {
  const token = opts.token ?? randomBytes(24).toString('base64url');
  const routes = [deployedConsoleRoutes(target)];
  const server = http.createServer((req, res) => {
    handle(req, res).catch((err) => {
      if (!res.headersSent) json(res, 500, { error: 'InternalError', message: (err as Error).message });
      else res.end();
    });
  });

  async function handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://local');
    const path = url.pathname;
    const refusal = refuseRequest(req, path, { host: HOST });
    if (refusal) {
      req.resume();
      return json(res, refusal.statusCode, refusal.body);
    }
    if (path === '/') {
      res.writeHead(302, { location: '/console/' });
      res.end();
      return;
    }
    const raw = await readBody(req);
    if (!raw) return json(res, 413, { error: 'PayloadTooLarge', message: `body: at most ${MAX_BODY_BYTES} bytes` });
    const consolePath = path === '/console' || path.startsWith('/console/');
    if (!consolePath || !(await serveConsole(req, res, path, url.searchParams, raw, { token, routes, distDir: opts.distDir }))) {
      json(res, 404, { error: 'NotFound', message: `${req.method} ${path}: the deployed-stack console serves /console/ and /console/api/* only` });
    }
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, HOST, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const url = `http://${HOST}:${port}`;
  return {
    url,
    port,
    token,
    consoleUrl: `${url}/console/?token=${token}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

function readBody(req: http.IncomingMessage): Promise<Buffer | undefined> {
  if (req.method === 'GET' || req.method === 'HEAD') return Promise.resolve(Buffer.alloc(0));
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    // Past the limit the rest is read and dropped, so the 413 reaches the client.
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size <= MAX_BODY_BYTES) chunks.push(c);
    });
    req.on('end', () => resolve(size > MAX_BODY_BYTES ? undefined : Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function json(res: http.ServerResponse, statusCode: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(statusCode, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text), 'cache-control': 'no-store' });
  res.end(text);
}
