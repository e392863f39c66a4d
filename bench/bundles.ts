import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { build } from 'esbuild';
import { lambdaEsbuildOptions } from '../infra/bundling.js';
import { log, median, progress, ratioResult, round, type BenchOptions, type Result } from './lib.js';

/**
 * Every handler of functions/handlers bundled with the CDK stack's own esbuild options, its size
 * (minified JS, source map excluded) and its cold init: the time to import the bundle in a fresh
 * Node process (median of several), divided by the same for an empty handler bundled the same way.
 */
const ROOT = resolve(import.meta.dirname, '..');
const HANDLERS = join(ROOT, 'functions', 'handlers');
const SIZE_LIMIT_KB = 300;
const INIT_LIMIT = 3;

// Dummy env so a handler that reads env at import time behaves as on Lambda (no I/O happens at import).
const LAMBDA_ENV = {
  AWS_REGION: 'us-east-1',
  AWS_ACCESS_KEY_ID: 'bench',
  AWS_SECRET_ACCESS_KEY: 'bench',
  TABLE_NAME: 'bench',
  EVENT_BUS_NAME: 'bench',
  POWERTOOLS_LOG_LEVEL: 'ERROR',
};

async function bundle(entry: string, outDir: string): Promise<{ file: string; bytes: number }> {
  const outfile = join(outDir, 'index.mjs');
  const res = await build({ ...lambdaEsbuildOptions, entryPoints: [entry], outfile, write: false, metafile: false, absWorkingDir: ROOT });
  let bytes = 0;
  mkdirSync(outDir, { recursive: true });
  for (const f of res.outputFiles ?? []) {
    writeFileSync(f.path, f.contents);
    if (f.path.endsWith('.mjs')) bytes = f.contents.byteLength;
  }
  return { file: outfile, bytes };
}

/** One fresh `node` process: milliseconds spent in `import(bundle)` (process start excluded). */
function initMs(file: string): number {
  const script = `const t=performance.now();await import(${JSON.stringify(file)});process.stdout.write(String(performance.now()-t));`;
  const out = spawnSync(process.execPath, ['--input-type=module', '-e', script], { env: { ...process.env, ...LAMBDA_ENV }, encoding: 'utf8' });
  if (out.status !== 0) throw new Error(`import of ${file} failed: ${out.stderr.slice(0, 500)}`);
  return Number(out.stdout);
}

function pairedInit(file: string, emptyFile: string, runs: number): { ms: number; emptyMs: number } {
  const a: number[] = [];
  const b: number[] = [];
  for (let i = 0; i < runs; i++) {
    b.push(initMs(emptyFile));
    a.push(initMs(file));
  }
  return { ms: median(a), emptyMs: median(b) };
}

function medianInit(file: string, runs: number): number {
  return median(Array.from({ length: runs }, () => initMs(file)));
}

export async function benchBundles(opts: BenchOptions): Promise<Result[]> {
  // --quick: one cold import per bundle, no warm-up (keeps the whole quick run under a minute).
  const runs = opts.quick ? 1 : 5;
  const work = mkdtempSync(join(tmpdir(), 'eum-bench-bundles-'));
  // @aws-sdk/* is external (the Lambda runtime provides it): resolve it from the project's node_modules.
  symlinkSync(join(ROOT, 'node_modules'), join(work, 'node_modules'), 'dir');
  const results: Result[] = [];
  try {
    const emptyEntry = join(work, 'empty-src.ts');
    writeFileSync(emptyEntry, 'export const handler = async (_event: unknown) => ({});\n');
    const empty = await bundle(emptyEntry, join(work, 'empty'));
    initMs(empty.file); // warm the OS file cache before any measured run
    const emptyInit = medianInit(empty.file, runs);
    // Informative baseline: an empty handler that only loads the SDK clients every handler gets through
    // functions/wiring.ts (DynamoDB document client, EventBridge, Step Functions, Secrets Manager).
    const sdkEntry = join(work, 'sdk-src.ts');
    writeFileSync(
      sdkEntry,
      [
        "import { DynamoDBClient } from '@aws-sdk/client-dynamodb';",
        "import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';",
        "import { EventBridgeClient } from '@aws-sdk/client-eventbridge';",
        "import { SFNClient } from '@aws-sdk/client-sfn';",
        "import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';",
        'export const clients = [DynamoDBClient, DynamoDBDocumentClient, EventBridgeClient, SFNClient, SecretsManagerClient];',
        'export const handler = async (_event: unknown) => ({});',
      ].join('\n'),
    );
    const sdk = await bundle(sdkEntry, join(work, 'sdk-only'));
    if (!opts.quick) initMs(sdk.file);
    const sdkPair = pairedInit(sdk.file, empty.file, runs);
    const sdkInit = sdkPair.ms;
    const names = readdirSync(HANDLERS).filter((f) => f.endsWith('.ts')).map((f) => f.slice(0, -3)).sort();
    const bar = progress(`bundling + ${runs} cold imports each`, names.length);
    let maxKb = 0;
    let maxRatio = 0;
    // All bundles built at once (esbuild parallelises), then measured one by one.
    const built = await Promise.all(names.map((name) => bundle(join(HANDLERS, `${name}.ts`), join(work, name))));
    for (const [i, name] of names.entries()) {
      const b = built[i]!;
      if (!opts.quick) initMs(b.file);
      // Interleaved with empty-handler runs: both sides of the ratio see the same machine load.
      const pair = pairedInit(b.file, empty.file, runs);
      const init = pair.ms;
      const kb = round(b.bytes / 1024, 1);
      maxKb = Math.max(maxKb, kb);
      results.push({ name: `bundle.${name}.size`, value: kb, unit: 'KB', target: `≤ ${SIZE_LIMIT_KB} KB`, met: kb <= SIZE_LIMIT_KB });
      const ratio = ratioResult(
        `bundle.${name}.init_ratio`,
        { name: name, value: init, unit: 'ms' },
        { name: 'empty-handler', value: pair.emptyMs, unit: 'ms' },
        { text: `≤ ${INIT_LIMIT}× empty handler`, met: (v) => v <= INIT_LIMIT },
      );
      maxRatio = Math.max(maxRatio, ratio.value ?? Infinity);
      results.push(ratio);
      bar.tick();
    }
    bar.done();
    results.push({ name: 'bundle.empty_handler.size', value: round(empty.bytes / 1024, 2), unit: 'KB' });
    results.push({ name: 'bundle.empty_handler.init', value: round(emptyInit, 2), unit: 'ms' });
    results.push({ name: 'bundle.sdk_clients_only.init', value: round(sdkInit, 2), unit: 'ms' });
    results.push(ratioResult('bundle.sdk_clients_only.init_ratio', { name: 'sdk-clients-only', value: sdkInit, unit: 'ms' }, { name: 'empty-handler', value: sdkPair.emptyMs, unit: 'ms' }));
    results.push({ name: 'bundle.max_size', value: maxKb, unit: 'KB', target: `≤ ${SIZE_LIMIT_KB} KB`, met: maxKb <= SIZE_LIMIT_KB });
    results.push({ name: 'bundle.max_init_ratio', value: maxRatio, unit: 'ratio', target: `≤ ${INIT_LIMIT}×`, met: maxRatio <= INIT_LIMIT });
  } catch (err) {
    log(`bundles: ${(err as Error).message}`);
    throw err;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  return results;
}
