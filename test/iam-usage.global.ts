import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { functionCatalog } from '../infra/function-catalog.js';
import { formatUnusedGrants, mergeGrantUsage } from '../local/iam/enforcer.js';
import { IAM_USAGE_DIR_ENV, loadGrantUsage } from '../local/iam/usage-file.js';

/** Prints once, after the whole run, the catalogue grants no runtime of the suite ever used (a report, not an assertion). */
export default function setup(): () => void {
  const dir = mkdtempSync(join(tmpdir(), 'eum-iam-usage-'));
  process.env[IAM_USAGE_DIR_ENV] = dir;
  return () => {
    try {
      const runs = loadGrantUsage(dir);
      if (runs.length === 0) return;
      // Only the real catalogue: tests that swap in another one (IAM probes) do not count.
      const catalogue = new Map(functionCatalog.map((f) => [f.name, new Set<string>(f.grants)]));
      const usage = mergeGrantUsage(runs)
        .filter((u) => catalogue.has(u.principal))
        .map((u) => ({ ...u, grants: u.grants.filter((g) => catalogue.get(u.principal)!.has(g)) }));
      console.log(`\n${formatUnusedGrants(usage).replace('in this run', `in this test run (${runs.length} runtimes)`)}\n`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  };
}
