import './polyfills.js';
import { parseArgs } from 'node:util';
import { startRuntime, type Runtime } from './runtime.js';
import { runScenarios } from './demo/harness.js';

/** `npm start`: the whole system offline on one port, seeded with the demo data, until Ctrl-C. */
const { values } = parseArgs({
  options: {
    memory: { type: 'boolean', default: false },
    port: { type: 'string' },
    'data-dir': { type: 'string' },
    host: { type: 'string' },
    'time-scale': { type: 'string' },
    'no-seed': { type: 'boolean', default: false },
    // Each function from its deployed bundle, own process, own environment, on the Lambda runtime's Node.
    bundles: { type: 'boolean' },
  },
});

process.env.POWERTOOLS_LOG_LEVEL ??= 'WARN';

// The console (console/) is rebuilt only when its sources changed.
await (await import('../console/build.js'))
  .buildConsole({ log: (line) => console.log(line) })
  .catch((err: unknown) => console.log(`console build failed (the runtime starts anyway): ${(err as Error).message}`));

const runtime: Runtime = await startRuntime({
  memory: values.memory,
  port: values.port !== undefined ? Number(values.port) : undefined,
  dataDir: values['data-dir'],
  host: values.host,
  timeScale: values['time-scale'] ? Number(values['time-scale']) : undefined,
  bundles: values.bundles,
});

let stopping = false;
let stoppingSince = 0;
async function shutdown(signal: string): Promise<void> {
  if (stopping) {
    // One Ctrl-C reaches us twice: from the terminal (to the whole process group) and relayed by
    // npm/tsx. Only a second press, later, means "do not wait".
    if (Date.now() - stoppingSince < 1000) return;
    console.log(`${signal} again: exiting now without waiting`);
    process.exit(130);
  }
  stopping = true;
  stoppingSince = Date.now();
  console.log(`\n${signal}: stopping (flushing writes, closing dynalite)…`);
  try {
    await runtime.stop();
    console.log('stopped cleanly.');
    process.exit(0);
  } catch (err) {
    console.error('shutdown failed:', err);
    process.exit(1);
  }
}
process.on('SIGINT', () => void shutdown('SIGINT'));
process.on('SIGTERM', () => void shutdown('SIGTERM'));

const u = runtime.url;
const auth = process.env.LOCAL_API_TOKEN ? ` -H "authorization: Bearer $LOCAL_API_TOKEN"` : '';
console.log(`
EUM Social workflows — local runtime at ${u}
Console: ${u}/console/?token=${encodeURIComponent(runtime.consoleToken)}
  data:        ${runtime.dataDir ?? 'in memory (nothing kept)'}
  webhooks:    POST ${u}/webhooks/eum   POST ${u}/webhooks/razorpay
  actions:     POST ${u}/actions
  read:        GET ${u}/executions   GET ${u}/events   GET ${u}/events/{eventId}/trace   GET ${u}/dlq   GET ${u}/health
  AWS SDK:     AWS_ENDPOINT_URL_{DYNAMODB,EVENTBRIDGE,SFN,SECRETS_MANAGER}=${u} AWS_REGION=local

What to try:
  curl -s ${u}/actions${auth} -H 'content-type: application/json' -d '{"action":"list_capabilities"}'
  curl -s ${u}/executions${auth}
  curl -s '${u}/events?detailType=message.status&limit=5'${auth}
  curl -s ${u}/events/<eventId>/trace${auth}        # the journey of one event
  curl -s ${u}/dlq${auth}  ;  curl -s -X POST ${u}/dlq/redrive${auth}
  curl -s -X POST ${u}/events/replay${auth} -H 'content-type: application/json' -d '{"from":"2026-01-01T00:00:00Z"}'

Ctrl-C stops cleanly; executions still running then are listed as INTERRUPTED on the next start.
`);

if (!values['no-seed']) {
  // In the background: the endpoints are usable at once and fill up as the scenarios run.
  console.log('seeding demo data in the background (the demo scenarios, once)…');
  let current = '';
  runScenarios(runtime, {
    timeoutMs: 60_000,
    // One line per scenario as it ends: the stored state shows up within seconds, not at the end.
    onProgress: (line) => {
      const started = /^\[\d+\/\d+\] (\S+)/.exec(line);
      if (started) current = started[1]!;
      else if (/did not finish within/.test(line))
        console.log(`  seeded ${current}: still running at real time (its waits take minutes; \`npm run demo\` or --time-scale 0.01 shows it end)`);
      else if (/^\s+(PASS|FAIL) /.test(line)) console.log(`  seeded ${current}: ${line.trim()}`);
    },
  })
    .then((results) => {
      const ok = results.filter((r) => r.ok).length;
      console.log(`seeded: ${ok}/${results.length} scenarios reached their end state${ok < results.length ? ' (`npm run demo` shows why)' : ''}`);
      const sample = runtime.events().at(-1);
      if (sample?.detail?.eventId) console.log(`try: curl -s ${u}/events/${encodeURIComponent(sample.detail.eventId)}/trace${auth}`);
    })
    .catch((err: unknown) => console.log(`seeding failed (the runtime keeps running): ${(err as Error).message}`));
}
