import { build } from 'esbuild';
import { copyFileSync, existsSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Builds the console (console/src → console/dist) with esbuild: one JS bundle, one CSS bundle
 * (@xyflow/react's stylesheet included), index.html. Nothing is fetched at run time.
 */
const CONSOLE_DIR = dirname(fileURLToPath(import.meta.url));
const SRC = join(CONSOLE_DIR, 'src');
export const DIST = join(CONSOLE_DIR, 'dist');

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(p) : statSync(p).mtimeMs);
  }
  return newest;
}

/** True when dist is missing or older than a source file (or this script). */
export function consoleIsStale(): boolean {
  const out = join(DIST, 'app.js');
  if (!existsSync(out) || !existsSync(join(DIST, 'index.html'))) return true;
  const built = statSync(out).mtimeMs;
  return newestMtime(SRC) > built || statSync(fileURLToPath(import.meta.url)).mtimeMs > built;
}

export async function buildConsole(opts: { force?: boolean; log?: (line: string) => void; minify?: boolean } = {}): Promise<{ built: boolean; ms: number }> {
  const started = Date.now();
  if (!opts.force && !consoleIsStale()) return { built: false, ms: 0 };
  opts.log?.('building the console (esbuild) …');
  mkdirSync(DIST, { recursive: true });
  await build({
    entryPoints: { app: join(SRC, 'main.tsx') },
    outdir: DIST,
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: ['chrome110', 'firefox110', 'safari16'],
    jsx: 'automatic',
    minify: opts.minify ?? true,
    sourcemap: 'linked',
    define: { 'process.env.NODE_ENV': '"production"' },
    loader: { '.svg': 'file', '.woff2': 'file' },
    logLevel: 'warning',
    legalComments: 'none',
  });
  copyFileSync(join(SRC, 'index.html'), join(DIST, 'index.html'));
  const ms = Date.now() - started;
  opts.log?.(`console built in ${ms} ms → console/dist/`);
  return { built: true, ms };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  await buildConsole({ force: process.argv.includes('--force'), log: (l) => console.log(l) }).then(
    (r) => !r.built && console.log('console is up to date (console/dist/); --force rebuilds'),
  );
}
