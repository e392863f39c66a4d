import '../local/polyfills.js';
import { writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { benchBundles } from './bundles.js';
import { formatTable, log, type BenchOptions, type Result } from './lib.js';

/**
 * `npm run bench [-- --quick] [--json] [--only=a,b]`: measures, prints a table on stdout (or the JSON
 * array with --json) and always writes bench/results.json. Progress goes to stderr.
 */
type Phase = { name: string; run: (opts: BenchOptions) => Promise<Result[]> };

const PHASES: Phase[] = [{ name: 'bundles', run: benchBundles }];

async function loadPhases(): Promise<Phase[]> {
  const out = [...PHASES];
  // Later phases are imported lazily so one that fails to load does not take the others down.
  const lazy: [string, string, string][] = [
    ['ingest', './ingest.js', 'benchIngest'],
    ['workflows', './workflows.js', 'benchWorkflows'],
    ['analytics', './analytics.js', 'benchAnalytics'],
    ['console', './console.js', 'benchConsole'],
    ['iam', './iam.js', 'benchIam'],
  ];
  for (const [name, mod, fn] of lazy) {
    out.push({
      name,
      run: async (opts) => {
        const m = (await import(mod)) as Record<string, (o: BenchOptions) => Promise<Result[]>>;
        return m[fn]!(opts);
      },
    });
  }
  return out;
}

async function main() {
  const args = process.argv.slice(2);
  const opts: BenchOptions = { quick: args.includes('--quick') };
  const only = args
    .find((a) => a.startsWith('--only='))
    ?.slice('--only='.length)
    .split(',');
  const json = args.includes('--json');
  const started = Date.now();
  log(`bench (${opts.quick ? 'quick' : 'full'}) on ${availableParallelism()} cores, Node ${process.version}`);
  const results: Result[] = [];
  const failures: string[] = [];
  for (const phase of await loadPhases()) {
    if (only && !only.includes(phase.name)) continue;
    const t = Date.now();
    log(`> ${phase.name}`);
    try {
      results.push(...(await phase.run(opts)));
    } catch (err) {
      failures.push(phase.name);
      log(`! ${phase.name} failed: ${(err as Error).stack ?? err}`);
    }
    log(`  ${phase.name} took ${((Date.now() - t) / 1000).toFixed(1)} s`);
  }
  results.push({ name: 'bench.cores', value: availableParallelism(), unit: 'cores' });
  results.push({ name: 'bench.wall_time', value: Math.round((Date.now() - started) / 100) / 10, unit: 's' });
  writeFileSync(join(import.meta.dirname, 'results.json'), `${JSON.stringify(results, null, 2)}\n`);
  if (json) process.stdout.write(`${JSON.stringify(results, null, 2)}\n`);
  else
    process.stdout.write(
      `${formatTable(results)}\n\nNode ${process.version}, ${availableParallelism()} cores, ${opts.quick ? 'quick' : 'full'} run; written to bench/results.json\n`,
    );
  if (failures.length) {
    log(`phases that failed: ${failures.join(', ')}`);
    process.exitCode = 1;
  }
}

await main();
