import { createReadStream, existsSync, statSync } from 'node:fs';
import type http from 'node:http';
import { extname, join, normalize, sep } from 'node:path';
import { timingSafeEqual } from 'node:crypto';
import { PROJECT_ROOT } from '../server/paths.js';
import type { RouteModule } from '../server/route-module.js';
import type { ConsoleRoute } from './ui-routes.js';

export const CONSOLE_DIST = join(PROJECT_ROOT, 'console', 'dist');

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.map': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
};

/**
 * The console-ui route module: the built app at `/console/` (no token: it holds no data) and the
 * routes of local/console-api/ui-routes.ts under `/console/api/*` (bearer token). Mounted after
 * console-server's module (which answers 401 first for a wrong token); false for anything else.
 */
export function consoleUiModule(opts: { token: string; routes: () => ConsoleRoute[]; distDir?: string }): RouteModule {
  return ({ req, res, path, query, rawBody }) => {
    if (path !== '/console' && !path.startsWith('/console/')) return Promise.resolve(false);
    return serveConsole(req, res, path, query, rawBody, { token: opts.token, routes: opts.routes(), distDir: opts.distDir });
  };
}

export async function serveConsole(
  req: http.IncomingMessage,
  res: http.ServerResponse,
  path: string,
  query: URLSearchParams,
  raw: Buffer,
  opts: { token: string; routes: ConsoleRoute[]; distDir?: string },
): Promise<boolean> {
  const method = req.method ?? 'GET';
  // The raw path: `/console` and `/console/` differ here (relative asset URLs need the slash).
  path = new URL(req.url ?? path, 'http://local').pathname;
  if (path.startsWith('/console/api/')) {
    if (!tokenMatches(req.headers.authorization, opts.token)) {
      sendJson(res, 401, { error: 'Unauthorized', message: 'missing or wrong console token: open the URL `npm start` prints (…/console/?token=…)' });
      return true;
    }
    let body: unknown = {};
    if (method === 'POST' && raw.length) {
      try {
        body = JSON.parse(raw.toString('utf8'));
      } catch {
        sendJson(res, 400, { error: 'ValidationError', message: 'body: must be JSON', field: 'body' });
        return true;
      }
    }
    for (const route of opts.routes) {
      const reply = await route(method, path, query, body);
      if (reply) {
        sendJson(res, reply.statusCode, reply.body, reply.headers);
        return true;
      }
    }
    return false;
  }
  if (method !== 'GET' && method !== 'HEAD') return false;
  const dist = opts.distDir ?? CONSOLE_DIST;
  const rel = path === '/console' ? '' : path.slice('/console/'.length);
  const file = normalize(join(dist, rel));
  if (!insideDist(dist, file)) return false;
  const target = rel && existsSync(file) && statSync(file).isFile() ? file : join(dist, 'index.html');
  if (!existsSync(target)) {
    sendJson(res, 503, { error: 'ConsoleNotBuilt', message: 'the console is not built: run `npm run console:build` (npm start does it)' });
    return true;
  }
  if (path === '/console') {
    // Relative asset URLs in index.html need the trailing slash.
    res.writeHead(301, { location: `/console/${query.size ? `?${query}` : ''}` });
    res.end();
    return true;
  }
  res.writeHead(200, { 'content-type': TYPES[extname(target)] ?? 'application/octet-stream', 'cache-control': 'no-cache', 'x-content-type-options': 'nosniff' });
  if (method === 'HEAD') res.end();
  else createReadStream(target).pipe(res);
  return true;
}

function tokenMatches(header: string | undefined, token: string): boolean {
  const given = Buffer.from(/^Bearer\s+(.+)$/i.exec(header ?? '')?.[1] ?? '');
  const want = Buffer.from(token);
  return given.length === want.length && timingSafeEqual(given, want);
}

function sendJson(res: http.ServerResponse, statusCode: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body ?? {});
  res.writeHead(statusCode, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text), ...headers });
  res.end(text);
}

export const insideDist = (dist: string, file: string) => file === dist || file.startsWith(dist + sep);
