import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { build, type Metafile } from 'esbuild';
import { lambdaEsbuildOptions } from '../infra/bundling.js';
import { nodeBinaryFor } from '../local/lambda/bundle-invoker.js';
import { log, median, progress, ratioResult, round, type BenchOptions, type Result } from './lib.js';

/**
 * Every handler of functions/handlers bundled with the CDK stack's own esbuild options (the AWS SDK
 * bundled in, nothing external), its size (minified JS, source map excluded) and its cold init: the
 * time to import the bundle in a fresh process of the Lambda runtime's Node (median of several),
 * divided by the same for the baseline, a handler that only constructs the SDK clients the functions
 * use, bundled the same way. The bundles sit in a temporary folder with no node_modules above them.
 */
const ROOT = resolve(import.meta.dirname, '..');
const HANDLERS = join(ROOT, 'functions', 'handlers');
/** The SDK clients bundled in weigh ~300–450 KB of every bundle: the limit is on the whole bundle as deployed. */
const SIZE_LIMIT_KB = 1024;
const INIT_LIMIT = 3;
const NODE = nodeBinaryFor();

// Dummy env so a handler that reads env at import time behaves as on Lambda (no I/O happens at import).
const LAMBDA_ENV = {
  AWS_REGION: 'us-east-1',
  AWS_ACCESS_KEY_ID: 'bench',
  AWS_SECRET_ACCESS_KEY: 'bench',
  TABLE_NAME: 'bench',
  EVENT_BUS_NAME: 'bench',
  POWERTOOLS_LOG_LEVEL: 'ERROR',
};

/**
 * What weighs most in a bundle: its inputs' output bytes summed per package (node_modules/<pkg>) or
 * project folder, largest first. Printed for a bundle over the limit, so the next one to grow past
 * it says why without a separate analysis.
 */
function largestInputs(metafile: Metafile, count = 3): { name: string; kb: number }[] {
  const output = Object.values(metafile.outputs).find((o) => o.entryPoint);
  const sums = new Map<string, number>();
  for (const [path, { bytesInOutput }] of Object.entries(output?.inputs ?? {})) {
    const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(path)?.[1] ?? path.split('/').slice(0, 2).join('/');
    sums.set(pkg, (sums.get(pkg) ?? 0) + bytesInOutput);
  }
  return [...sums]
    .sort((a, b) => b[1] - a[1])
    .slice(0, count)
    .map(([name, bytes]) => ({ name, kb: round(bytes / 1024, 1) }));
}

/**
 * Dynamic import() edges from the project's own code: esbuild keeps every export of their target
 * and of what it re-exports, so one aimed at a whole package or a shared module costs tens of KB.
 */
function projectDynamicImports(metafile: Metafile): string[] {
  return Object.entries(metafile.inputs).flatMap(([path, input]) =>
    path.includes('node_modules/') ? [] : input.imports.filter((i) => i.kind === 'dynamic-import').map((i) => `${path} → ${i.path.replace(/^.*node_modules\//, '')}`),
  );
}

async function bundle(entry: string, outDir: string, external = lambdaEsbuildOptions.external): Promise<{ file: string; bytes: number; metafile: Metafile }> {
  const outfile = join(outDir, 'index.mjs');
  // nodePaths: the baseline entries are written outside the project, their imports still resolve from it.
  const res = await build({
    ...lambdaEsbuildOptions,
    external,
    entryPoints: [entry],
    outfile,
    write: false,
    metafile: true,
    absWorkingDir: ROOT,
    nodePaths: [join(ROOT, 'node_modules')],
  });
  let bytes = 0;
  mkdirSync(outDir, { recursive: true });
  for (const f of res.outputFiles ?? []) {
    writeFileSync(f.path, f.contents);
    if (f.path.endsWith('.mjs')) bytes = f.contents.byteLength;
  }
  return { file: outfile, bytes, metafile: res.metafile! };
}

/** One fresh `node` process: milliseconds spent in `import(bundle)` (process start excluded). */
function initMs(file: string): number {
  const script = `const t=performance.now();await import(${JSON.stringify(file)});process.stdout.write(String(performance.now()-t));`;
  const out = spawnSync(NODE, ['--input-type=module', '-e', script], { env: { PATH: process.env.PATH ?? '', ...LAMBDA_ENV }, encoding: 'utf8' });
  if (out.status !== 0) throw new Error(`import of ${file} failed: ${out.stderr.slice(0, 500)}`);
  return Number(out.stdout);
}

/** `file` and a baseline imported alternately (`emptyMs` is the baseline's median). */
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
  // No node_modules above the bundles: everything they import must be inside them.
  const work = mkdtempSync(join(tmpdir(), 'eum-bench-bundles-'));
  // Only for the comparison with the SDK left external (the old setting): a folder that links node_modules.
  const externalWork = mkdtempSync(join(tmpdir(), 'eum-bench-sdk-external-'));
  symlinkSync(join(ROOT, 'node_modules'), join(externalWork, 'node_modules'), 'dir');
  const results: Result[] = [];
  try {
    const emptyEntry = join(work, 'empty-src.ts');
    writeFileSync(emptyEntry, 'export const handler = async (_event: unknown) => ({});\n');
    const empty = await bundle(emptyEntry, join(work, 'empty'));
    initMs(empty.file); // warm the OS file cache before any measured run
    const emptyInit = medianInit(empty.file, runs);
    // The baseline: a handler that only constructs the SDK clients the functions use (DynamoDB with its
    // document client, EventBridge, Step Functions, Secrets Manager, EUM Social, Lambda), bundled in.
    const sdkEntry = join(work, 'sdk-src.ts');
    writeFileSync(
      sdkEntry,
      [
        "import { DynamoDBClient } from '@aws-sdk/client-dynamodb';",
        "import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';",
        "import { EventBridgeClient } from '@aws-sdk/client-eventbridge';",
        "import { SFNClient } from '@aws-sdk/client-sfn';",
        "import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';",
        "import { SocialMessagingClient } from '@aws-sdk/client-socialmessaging';",
        "import { LambdaClient } from '@aws-sdk/client-lambda';",
        'export const clients = [DynamoDBDocumentClient.from(new DynamoDBClient({})), new EventBridgeClient({}), new SFNClient({}), new SecretsManagerClient({}), new SocialMessagingClient({}), new LambdaClient({})];',
        'export const handler = async (_event: unknown) => ({});',
      ].join('\n'),
    );
    const sdk = await bundle(sdkEntry, join(work, 'sdk-only'));
    if (!opts.quick) initMs(sdk.file);
    const sdkPair = pairedInit(sdk.file, empty.file, runs);
    const sdkInit = sdkPair.ms;
    const names = readdirSync(HANDLERS)
      .filter((f) => f.endsWith('.ts'))
      .map((f) => f.slice(0, -3))
      .sort();
    const bar = progress(`bundling + ${runs} cold imports each`, names.length);
    let maxKb = 0;
    let maxRatio = 0;
    // All bundles built at once (esbuild parallelises), then measured one by one.
    const built = await Promise.all(names.map((name) => bundle(join(HANDLERS, `${name}.ts`), join(work, name))));
    for (const [i, name] of names.entries()) {
      const b = built[i]!;
      if (!opts.quick) initMs(b.file);
      // Interleaved with baseline runs: both sides of the ratio see the same machine load.
      const pair = pairedInit(b.file, sdk.file, runs);
      const kb = round(b.bytes / 1024, 1);
      maxKb = Math.max(maxKb, kb);
      if (kb > SIZE_LIMIT_KB) {
        const top = largestInputs(b.metafile).map((t) => `${t.name} ${t.kb} KB`);
        log(`\n  ${name}: ${kb} KB, over ${SIZE_LIMIT_KB} KB; largest inputs: ${top.join(', ')}`);
        const dynamic = projectDynamicImports(b.metafile);
        if (dynamic.length) log(`  dynamic imports in project code (each target kept whole): ${dynamic.join('; ')}`);
      }
      results.push({ name: `bundle.${name}.size`, value: kb, unit: 'KB', target: `≤ ${SIZE_LIMIT_KB} KB`, met: kb <= SIZE_LIMIT_KB });
      results.push({ name: `bundle.${name}.init`, value: round(pair.ms, 1), unit: 'ms' });
      const ratio = ratioResult(
        `bundle.${name}.init_ratio`,
        { name, value: pair.ms, unit: 'ms' },
        { name: 'sdk-clients-only', value: pair.emptyMs, unit: 'ms' },
        { text: `≤ ${INIT_LIMIT}× SDK-clients-only handler`, met: (v) => v <= INIT_LIMIT },
      );
      maxRatio = Math.max(maxRatio, ratio.value ?? Infinity);
      results.push(ratio);
      bar.tick();
    }
    bar.done();
    // Finding 2's trade: the same function with @aws-sdk/* left external (resolved from node_modules, as
    // from the runtime's copy) against bundled, interleaved.
    const probe = 'ingest-eum';
    const external = await bundle(join(HANDLERS, `${probe}.ts`), join(externalWork, probe), ['@aws-sdk/*']);
    if (!opts.quick) initMs(external.file);
    const bundledProbe = built[names.indexOf(probe)]!;
    const trade = pairedInit(external.file, bundledProbe.file, runs);
    results.push(
      ratioResult(
        `bundle.${probe}.init_sdk_external_ratio`,
        { name: `${probe} (SDK external)`, value: trade.ms, unit: 'ms' },
        { name: `${probe} (SDK bundled)`, value: trade.emptyMs, unit: 'ms' },
      ),
    );
    results.push({ name: 'bundle.empty_handler.size', value: round(empty.bytes / 1024, 2), unit: 'KB' });
    results.push({ name: 'bundle.empty_handler.init', value: round(emptyInit, 2), unit: 'ms' });
    results.push({ name: 'bundle.sdk_clients_only.size', value: round(sdk.bytes / 1024, 1), unit: 'KB' });
    results.push({ name: 'bundle.sdk_clients_only.init', value: round(sdkInit, 2), unit: 'ms' });
    results.push(
      ratioResult('bundle.sdk_clients_only.init_ratio', { name: 'sdk-clients-only', value: sdkInit, unit: 'ms' }, { name: 'empty-handler', value: sdkPair.emptyMs, unit: 'ms' }),
    );
    results.push({ name: 'bundle.max_size', value: maxKb, unit: 'KB', target: `≤ ${SIZE_LIMIT_KB} KB`, met: maxKb <= SIZE_LIMIT_KB });
    results.push({ name: 'bundle.max_init_ratio', value: maxRatio, unit: 'ratio', target: `≤ ${INIT_LIMIT}× SDK-clients-only`, met: maxRatio <= INIT_LIMIT });
  } catch (err) {
    log(`bundles: ${(err as Error).message}`);
    throw err;
  } finally {
    rmSync(work, { recursive: true, force: true });
    rmSync(externalWork, { recursive: true, force: true });
  }
  return results;
}
