import './polyfills.js';
import { parseArgs } from 'node:util';
import { formatSummary, runScenarios } from './demo/harness.js';
import { formatUnusedGrants, grantUsage } from './iam/enforcer.js';
import { formatFunctionStats } from './lambda/stats.js';
import { startRuntime } from './runtime.js';

/** `npm run demo`: every scenario of local/demo/scenarios against a throwaway runtime; exit 0 only if all pass. */
const { values, positionals } = parseArgs({
  options: { 'time-scale': { type: 'string' }, verbose: { type: 'boolean', default: false }, bundles: { type: 'boolean' } },
  allowPositionals: true,
});
if (!values.verbose) process.env.POWERTOOLS_LOG_LEVEL ??= 'ERROR';

const timeScale = values['time-scale'] ? Number(values['time-scale']) : 0.001;
console.log(`starting the local runtime in memory (time ×${timeScale})…`);
const rt = await startRuntime({ memory: true, port: 0, timeScale, quiet: !values.verbose, schedules: false, bundles: values.bundles });
let code = 1;
try {
  const results = await runScenarios(rt, { only: positionals });
  console.log(`\n${formatSummary(results)}`);
  console.log(`\n${formatUnusedGrants(grantUsage(rt.iam))}`);
  console.log(`\n${rt.metrics.summaryLine()}`);
  if (rt.iam.denials.length) console.log(`IAM denied ${rt.iam.denials.length} call(s): ${rt.iam.denials.map((d) => `${d.principal} → ${d.action}`).join('; ')}`);
  const stats = rt.functionStats();
  if (stats) console.log(`\n${formatFunctionStats(stats)}`);
  code = results.length > 0 && results.every((r) => r.ok) ? 0 : 1;
  if (!results.length) console.log('no scenarios found in local/demo/scenarios');
} finally {
  await rt.stop();
}
process.exit(code);
