import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { build } from 'esbuild';
import { lambdaEsbuildOptions } from '../../infra/bundling.js';
import { PROJECT_ROOT } from '../server/paths.js';

/**
 * The functions' esbuild bundles, built with the stack's own options (infra/bundling.ts) and kept
 * in `.bundles/` (git-ignored) under a content hash: a bundle is rebuilt only when one of the
 * project files it was built from, the lockfile or the build options changed. Writes go to a
 * temporary folder renamed into place, so parallel test workers never read half a bundle.
 */
export const BUNDLES_DIR = join(PROJECT_ROOT, '.bundles');

export interface BuiltBundle {
  name: string;
  file: string;
  bytes: number;
  cached: boolean;
}

interface Manifest {
  key: string;
  /** Project files (not node_modules: the lockfile covers those) → sha256 of their content. */
  inputs: Record<string, string>;
  bytes: number;
}

const sha = (data: string | Buffer): string => createHash('sha256').update(data).digest('hex');
const fileSha = (path: string): string | undefined => (existsSync(path) ? sha(readFileSync(path)) : undefined);

/** What every bundle depends on besides its own sources. */
function buildKey(entry: string): string {
  const { alias, ...rest } = lambdaEsbuildOptions;
  const aliasFiles = Object.values(alias ?? {}).map((p) => fileSha(join(PROJECT_ROOT, p)) ?? p);
  return sha(JSON.stringify({ rest, alias, aliasFiles, entry: relative(PROJECT_ROOT, entry), lock: fileSha(join(PROJECT_ROOT, 'package-lock.json')), node: process.version }));
}

function dirFor(name: string, entry: string): string {
  return join(BUNDLES_DIR, `${name}-${sha(relative(PROJECT_ROOT, entry)).slice(0, 8)}`);
}

function upToDate(dir: string, key: string): Manifest | undefined {
  try {
    const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as Manifest;
    if (manifest.key !== key || !existsSync(join(dir, 'index.mjs'))) return undefined;
    for (const [path, hash] of Object.entries(manifest.inputs)) if (fileSha(join(PROJECT_ROOT, path)) !== hash) return undefined;
    return manifest;
  } catch {
    return undefined;
  }
}

/** One function's bundle, from the cache when nothing it was built from changed. */
export async function bundleFunction(name: string, entry: string): Promise<BuiltBundle> {
  const dir = dirFor(name, entry);
  const key = buildKey(entry);
  const file = join(dir, 'index.mjs');
  const hit = upToDate(dir, key);
  if (hit) return { name, file, bytes: hit.bytes, cached: true };
  const res = await build({ ...lambdaEsbuildOptions, entryPoints: [entry], outfile: file, write: false, metafile: true, absWorkingDir: PROJECT_ROOT });
  const inputs: Record<string, string> = {};
  for (const input of Object.keys(res.metafile!.inputs)) {
    if (input.includes('node_modules/') || input.startsWith('<')) continue;
    const hash = fileSha(join(PROJECT_ROOT, input));
    if (hash) inputs[input] = hash;
  }
  const tmp = `${dir}.tmp-${process.pid}-${Date.now()}`;
  mkdirSync(tmp, { recursive: true });
  let bytes = 0;
  for (const out of res.outputFiles ?? []) {
    writeFileSync(join(tmp, relative(dir, out.path)), out.contents);
    if (out.path.endsWith('.mjs')) bytes = out.contents.byteLength;
  }
  writeFileSync(join(tmp, 'manifest.json'), JSON.stringify({ key, inputs, bytes } satisfies Manifest));
  rmSync(dir, { recursive: true, force: true });
  try {
    renameSync(tmp, dir);
  } catch {
    // Another worker renamed its (identical) build first.
    rmSync(tmp, { recursive: true, force: true });
  }
  return { name, file, bytes, cached: false };
}

/** Several bundles, built in parallel (esbuild), with one progress line per bundle built on stderr. */
export async function bundleFunctions(entries: { name: string; entry: string }[], opts: { log?: (line: string) => void } = {}): Promise<Map<string, BuiltBundle>> {
  const log = opts.log ?? (() => undefined);
  let done = 0;
  const built = await Promise.all(
    entries.map(async ({ name, entry }) => {
      const b = await bundleFunction(name, entry);
      done++;
      if (!b.cached) log(`bundled ${name} (${Math.round(b.bytes / 1024)} KB) [${done}/${entries.length}]`);
      return b;
    }),
  );
  const cached = built.filter((b) => b.cached).length;
  if (cached < entries.length) log(`${entries.length} function bundle(s) ready: ${entries.length - cached} built, ${cached} from .bundles/`);
  return new Map(built.map((b) => [b.name, b]));
}
