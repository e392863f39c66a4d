import { PutItemCommand } from '@aws-sdk/client-dynamodb';
import { DEFAULT_IDS, inboundText } from '../local/demo/backbone-payloads.js';
import { startRuntime, type Runtime } from '../local/runtime.js';
import { countDynamoRequestsOf, dynamoCount } from './dynamo-count.js';
import { log, percentile, pool, progress, ratioResult, round, type BenchOptions, type Result } from './lib.js';

/**
 * Ingest throughput: a storm of EUM inbound-message webhooks through the whole local pipeline
 * (HTTP → ingest-eum → bus → rules → record-message → stored), against the raw ceiling of the same
 * dynalite measured in the same run: plain conditional PutItem calls, same concurrency, straight to
 * dynalite's own port (not through the runtime's proxy), items shaped like message items (GSI keys).
 */
const TARGET = 0.5;

async function rawCeiling(rt: Runtime, count: number, concurrency: number): Promise<number> {
  const bar = progress(`raw PutItem x${count} @${concurrency}`, count);
  const items = Array.from({ length: count }, (_, i) => i);
  const started = performance.now();
  await pool(items, concurrency, async (i) => {
    const key = `bench-raw-${i}-${started}`;
    await rt.dynamo.send(
      new PutItemCommand({
        TableName: rt.tableName,
        Item: {
          pk: { S: `MSG#${key}` },
          sk: { S: 'MSG' },
          gsi1pk: { S: `PHONE#${DEFAULT_IDS.metaPhoneNumberId}#DAY#2026-01-01` },
          gsi1sk: { S: `2026-01-01T00:00:00.000Z#${key}` },
          direction: { S: 'inbound' },
          from: { S: `1555${String(i).padStart(7, '0')}` },
          text: { S: 'x'.repeat(200) },
        },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
    bar.tick();
  });
  const seconds = (performance.now() - started) / 1000;
  bar.done();
  return count / seconds;
}

interface PipelineRun {
  perSecond: number;
  latencies: number[];
  /** record-message's writes per event, from the trace. */
  writesPerEvent: number;
  /** Every write and read request that reached dynalite during the storm, per event (ingest dedupe included). */
  allWritesPerEvent: number;
  allReadsPerEvent: number;
}

async function pipeline(rt: Runtime, count: number, concurrency: number): Promise<PipelineRun> {
  const bar = progress(`webhook storm x${count} @${concurrency}`, count);
  const sentAt = new Map<string, number>();
  const runId = Date.now().toString(36);
  const wamids = Array.from({ length: count }, (_, i) => `wamid.BENCH${runId}${String(i).padStart(7, '0')}`);
  const nowSec = Math.floor(Date.now() / 1000);
  const startWall = Date.now();
  const before = { ...dynamoCount };
  const started = performance.now();
  await pool(wamids, concurrency, async (wamid, i) => {
    // One customer per message: no artificial hot key in the store.
    const ids = { ...DEFAULT_IDS, customerWaId: `1555${String(i).padStart(7, '0')}` };
    sentAt.set(wamid, Date.now());
    const res = await rt.postWebhook('/webhooks/eum', inboundText(ids, wamid, `bench ${i}`, nowSec));
    if (res.statusCode !== 200) throw new Error(`webhook ${i}: HTTP ${res.statusCode} ${JSON.stringify(res.body)}`);
    bar.tick();
  });
  await rt.idle(120_000);
  const seconds = (performance.now() - started) / 1000;
  const allWrites = dynamoCount.writeUnits - before.writeUnits;
  const allReads = dynamoCount.readOps - before.readOps;
  bar.done();
  // Latency per event: POST sent → record-message's last write, from the runtime's event traces.
  const latencies: number[] = [];
  let writes = 0;
  let traced = 0;
  for (const e of rt.events({ detailType: 'message.received' })) {
    const wamid = String(e.detail.messageId ?? '');
    const t0 = sentAt.get(wamid);
    if (t0 === undefined || Date.parse(e.time) < startWall - 1000) continue;
    const steps = (rt.trace(String(e.detail.eventId ?? e.id))?.steps ?? []) as { at: string; kind: string; actor?: string }[];
    const stored = steps.filter((s) => s.kind === 'item-written' && String(s.actor ?? '').includes('record-message'));
    if (stored.length === 0) continue;
    traced++;
    writes += steps.filter((s) => s.kind === 'item-written').length;
    latencies.push(Date.parse(stored[stored.length - 1]!.at) - t0);
  }
  if (traced < count) log(`  note: ${traced}/${count} events traced to a record-message write`);
  return { perSecond: count / seconds, latencies, writesPerEvent: traced ? writes / traced : NaN, allWritesPerEvent: allWrites / count, allReadsPerEvent: allReads / count };
}

export async function benchIngest(opts: BenchOptions): Promise<Result[]> {
  const count = opts.quick ? 200 : 3000;
  const concurrency = 16;
  const rt = await startRuntime({ memory: true, port: 0, quiet: true, timeScale: 0.001 });
  await countDynamoRequestsOf(rt);
  try {
    // Warm-up: first requests pay module loading and connection setup on both sides.
    await pipeline(rt, 20, 4);
    await rawCeiling(rt, 100, concurrency);
    const raw = await rawCeiling(rt, count, concurrency);
    const pipe = await pipeline(rt, count, concurrency);
    return [
      ratioResult(
        'ingest.throughput_ratio',
        { name: 'pipeline', value: pipe.perSecond, unit: 'events/s' },
        { name: 'raw-conditional-putitem', value: raw, unit: 'puts/s' },
        { text: `≥ ${TARGET} of store ceiling`, met: (v) => v >= TARGET },
      ),
      // Informative: how much of the store's write ceiling the storm used, counting every write it made.
      ratioResult(
        'ingest.store_write_ratio',
        { name: 'pipeline-writes', value: pipe.perSecond * pipe.allWritesPerEvent, unit: 'writes/s' },
        { name: 'raw-conditional-putitem', value: raw, unit: 'puts/s' },
      ),
      { name: 'ingest.all_writes_per_event', value: round(pipe.allWritesPerEvent, 2), unit: 'DynamoDB write requests/event (all handlers)' },
      { name: 'ingest.all_reads_per_event', value: round(pipe.allReadsPerEvent, 2), unit: 'DynamoDB read requests/event (all handlers)' },
      { name: 'ingest.events_per_second', value: round(pipe.perSecond, 1), unit: 'events/s' },
      { name: 'ingest.raw_putitem_per_second', value: round(raw, 1), unit: 'puts/s' },
      { name: 'ingest.latency_p50', value: percentile(pipe.latencies, 0.5), unit: 'ms' },
      { name: 'ingest.latency_p99', value: percentile(pipe.latencies, 0.99), unit: 'ms' },
      { name: 'ingest.writes_per_event', value: round(pipe.writesPerEvent, 2), unit: 'record-message writes/event (traced)' },
      { name: 'ingest.storm_size', value: count, unit: `events @ concurrency ${concurrency}` },
    ];
  } finally {
    await rt.stop();
  }
}
