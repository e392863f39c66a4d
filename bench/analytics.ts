import { BatchWriteItemCommand, ScanCommand, type AttributeValue } from '@aws-sdk/client-dynamodb';
import { DynamoAnalyticsStore } from '../functions/adapters/dynamodb/analytics-store.js';
import { DynamoMessageStore } from '../functions/adapters/dynamodb/message-store.js';
import type { DayAggregate } from '../functions/domain/analytics/aggregate.js';
import { addDays, daysBetween } from '../functions/domain/analytics/days.js';
import { AnalyticsEngine } from '../functions/domain/analytics/engine.js';
import { dispatchAction } from '../functions/actions/registry.js';
import { insightsAdapters } from '../functions/wiring/insights.js';
import type { Deps } from '../functions/wiring/shared.js';
import { startTestTable } from '../test/support/dynalite.js';
import { DAYS, generate, PHONE, store } from '../test/functions/analytics/dataset.js';
import { median, pool, progress, ratioResult, round, type BenchOptions, type Result } from './lib.js';

/**
 * Analytics at scale, on a dynalite of its own (test/support/dynalite.ts, same process):
 * - get_analytics for 30 closed days over 10k and over 1M messages. 1M messages cannot be written to
 *   dynalite in a bench run, so the rollup items are generated directly, as the rollup job writes them:
 *   a real rollup of a real stored day, with every count scaled to the wanted volume per day. The query
 *   path is the action's own (AnalyticsEngine.slices + analyticsReport, phone resolution skipped).
 * - rollup time of one day at 10k and at 100k raw messages (300 and 3k with --quick): the test
 *   dataset's messages (record-message's item shapes, stored through DynamoMessageStore) cloned with
 *   fresh message keys and customers, written with BatchWriteItem.
 */
const QUERY_DAYS = 30;
const ROLLUP_DAY = DAYS[1]!;

function scaleNumbers(value: unknown, factor: number): unknown {
  if (typeof value === 'number') return Math.round(value * factor);
  if (Array.isArray(value)) return value.map((v) => scaleNumbers(v, factor));
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, k === 'version' ? v : scaleNumbers(v, factor)]));
  return value;
}

type Item = Record<string, AttributeValue>;

async function batchWrite(t: Awaited<ReturnType<typeof startTestTable>>, items: Item[], label: string): Promise<void> {
  const batches: Item[][] = [];
  for (let i = 0; i < items.length; i += 25) batches.push(items.slice(i, i + 25));
  const bar = progress(label, items.length);
  await pool(batches, 8, async (batch) => {
    let pending: Item[] = batch;
    while (pending.length) {
      const out = await t.client.send(new BatchWriteItemCommand({ RequestItems: { [t.tableName]: pending.map((Item) => ({ PutRequest: { Item } })) } }));
      pending = (out.UnprocessedItems?.[t.tableName] ?? []).map((r) => r.PutRequest!.Item!);
    }
    bar.tick(batch.length);
  });
  bar.done();
}

async function scanAll(t: Awaited<ReturnType<typeof startTestTable>>): Promise<Item[]> {
  const items: Item[] = [];
  let ExclusiveStartKey: Item | undefined;
  do {
    const page = await t.client.send(new ScanCommand({ TableName: t.tableName, ExclusiveStartKey }));
    items.push(...(page.Items ?? []));
    ExclusiveStartKey = page.LastEvaluatedKey;
  } while (ExclusiveStartKey);
  return items;
}

/** A fresh table holding `perDay` messages on ROLLUP_DAY (plus the dataset's neighbouring days). */
async function tableWithDay(perDay: number) {
  const t = await startTestTable(`bench-rollup-${perDay}`);
  const messages = new DynamoMessageStore(t.db, t.tableName);
  const data = generate();
  await store(messages, data);
  const all = await scanAll(t);
  const dayMessages = data.filter((m) => m.day === ROLLUP_DAY);
  const templateItems = all.filter((i) => JSON.stringify(i).includes(`out_${ROLLUP_DAY}_`));
  const copies = Math.ceil(perDay / dayMessages.length) - 1; // the originals count as the first copy
  const clones: Item[] = [];
  for (let c = 1; c <= copies; c++) {
    for (const item of templateItems) {
      let text = JSON.stringify(item).replaceAll(`out_${ROLLUP_DAY}_`, `out_${ROLLUP_DAY}_c${c}_`);
      for (const m of dayMessages) text = text.replaceAll(m.waId, `${m.waId}${String(c).padStart(5, '0')}`);
      clones.push(JSON.parse(text) as Item);
    }
  }
  await batchWrite(t, clones, `storing ${perDay} messages (${clones.length + templateItems.length} items)`);
  return { t, messages, stored: (copies + 1) * dayMessages.length };
}

async function rollupTime(perDay: number, runs: number): Promise<{ ms: number; messages: number; listMs: number }> {
  const { t, messages } = await tableWithDay(perDay);
  try {
    // The click-through: one page (50) of one failure code among all the day's messages, newest first.
    const deps = { db: t.db, tableName: t.tableName, messages } as unknown as Deps;
    const listTimes: number[] = [];
    for (let i = 0; i < runs; i++) {
      const t0 = performance.now();
      const res = await dispatchAction(
        { action: 'list_messages', phoneNumberId: PHONE, from: ROLLUP_DAY, to: ROLLUP_DAY, status: 'failed', errorCode: '131049', limit: 50 },
        { deps, now: () => new Date(), insights: () => insightsAdapters(deps) },
      );
      listTimes.push(performance.now() - t0);
      const rows = (res.body as { messages?: { errorCode: string }[] }).messages ?? [];
      if (!rows.length || rows.some((r) => r.errorCode !== '131049')) throw new Error(`list_messages: ${JSON.stringify(res.body).slice(0, 200)}`);
    }
    const analytics = new DynamoAnalyticsStore(t.db, t.tableName);
    const times: number[] = [];
    let counted = 0;
    for (let i = 0; i < runs; i++) {
      const engine = new AnalyticsEngine(messages, analytics); // fresh engine: no day cache between runs
      const t0 = performance.now();
      counted = (await engine.rollup(PHONE, ROLLUP_DAY)).messages;
      times.push(performance.now() - t0);
    }
    return { ms: median(times), messages: counted, listMs: median(listTimes) };
  } finally {
    await t.close();
  }
}

async function queryTime(runs: number): Promise<{ small: number; large: number; largeMessages: number }> {
  const t = await startTestTable('bench-analytics-query');
  try {
    const messages = new DynamoMessageStore(t.db, t.tableName);
    await store(messages, generate());
    const analytics = new DynamoAnalyticsStore(t.db, t.tableName);
    // A real rollup of a real day is the model for every generated rollup item.
    await new AnalyticsEngine(messages, analytics).rollup(PHONE, ROLLUP_DAY);
    const model = (await analytics.getRollups(PHONE, ROLLUP_DAY, ROLLUP_DAY)).get(ROLLUP_DAY) as DayAggregate;
    const modelCount = model.counts.outbound + model.counts.inbound;
    const to = '2026-03-31';
    const from = addDays(to, -(QUERY_DAYS - 1));
    const phones = { small: 'bench-phone-10k', large: 'bench-phone-1m' } as const;
    const totals = { small: 10_000, large: 1_000_000 };
    for (const key of ['small', 'large'] as const) {
      const perDay = totals[key] / QUERY_DAYS;
      for (const day of daysBetween(from, to)) await analytics.putRollup(phones[key], day, scaleNumbers(model, perDay / modelCount) as DayAggregate, Math.round(perDay));
    }
    // The action itself, as the analytics view calls it (dispatch, validation, phone resolution,
    // slices, report and the operator fields: failures, breakdowns, cost, rollup status).
    const deps = { db: t.db, tableName: t.tableName, messages } as unknown as Deps;
    const ctx = { deps, now: () => new Date('2026-06-01T12:00:00Z'), insights: () => insightsAdapters(deps) };
    const time = async (phone: string) => {
      const samples: number[] = [];
      for (let i = 0; i < runs; i++) {
        const t0 = performance.now();
        const res = await dispatchAction({ action: 'get_analytics', phoneNumberId: phone, from, to }, ctx);
        samples.push(performance.now() - t0);
        const body = res.body as { sources?: { liveDays: number }; totals?: { outbound: number } };
        if (res.statusCode !== 200) throw new Error(`get_analytics answered ${res.statusCode}: ${JSON.stringify(res.body).slice(0, 200)}`);
        if (body.sources!.liveDays > 0) throw new Error('a day was aggregated live: rollups missing');
      }
      return median(samples);
    };
    await time(phones.small); // warm-up
    const large = await time(phones.large);
    const check = (await dispatchAction({ action: 'get_analytics', phoneNumberId: phones.large, from, to }, ctx)).body as {
      totals: { outbound: number; inbound: number };
    };
    const counted = check.totals.outbound + check.totals.inbound;
    if (Math.abs(counted - totals.large) > totals.large * 0.01) throw new Error(`the 1M rollups count ${counted} messages`);
    return { small: await time(phones.small), large, largeMessages: counted };
  } finally {
    await t.close();
  }
}

export async function benchAnalytics(opts: BenchOptions): Promise<Result[]> {
  const q = await queryTime(opts.quick ? 3 : 15);
  const sizes = opts.quick ? [300, 3_000] : [10_000, 100_000];
  const runs = opts.quick ? 1 : 3;
  const small = await rollupTime(sizes[0]!, runs);
  const large = await rollupTime(sizes[1]!, runs);
  const label = (n: number) => (n >= 1000 ? `${n / 1000}k` : String(n));
  // Result names stay the same in quick and full runs: the sides say which sizes were measured.
  return [
    ratioResult(
      'analytics.query_30d.1m_over_10k',
      { name: '1M-messages', value: q.large, unit: 'ms' },
      { name: '10k-messages', value: q.small, unit: 'ms' },
      { text: '≤ 2', met: (v) => v <= 2 },
    ),
    ratioResult(
      'analytics.rollup_day.10x_over_1x',
      { name: `${label(sizes[1]!)}-messages`, value: large.ms, unit: 'ms' },
      { name: `${label(sizes[0]!)}-messages`, value: small.ms, unit: 'ms' },
      { text: '≤ 12 (linear)', met: (v) => v <= 12 },
    ),
    { name: 'analytics.rollup_day.large.messages_per_second', value: round(large.messages / (large.ms / 1000), 0), unit: 'messages/s' },
    // The analytics view's data time: the same action over 30 days holding 1M messages.
    { name: 'analytics.get_analytics_30d_1m.ms', value: round(q.large, 1), unit: 'ms', target: '≤ 250', met: q.large <= 250 },
    { name: 'analytics.list_messages_page.large_day.ms', value: round(large.listMs, 1), unit: 'ms' },
  ];
}
