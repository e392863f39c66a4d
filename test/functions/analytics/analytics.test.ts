import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import rateCardJson from '../../../config/rate-card.json' with { type: 'json' };
import { dispatchAction } from '../../../functions/actions/registry.js';
import { Keys } from '../../../functions/adapters/dynamodb/keys.js';
import { DynamoAnalyticsStore } from '../../../functions/adapters/dynamodb/analytics-store.js';
import { AnalyticsEngine } from '../../../functions/domain/analytics/engine.js';
import { RELATIVE_ERROR } from '../../../functions/domain/analytics/histogram.js';
import { loadRateCard } from '../../../functions/domain/analytics/rate-card.js';
import { conversationReport } from '../../../functions/domain/analytics/report.js';
import type { InsightsAdapters } from '../../../functions/wiring/insights.js';
import { actionContext, insightsOver, succeeded } from '../../support/action-context.js';
import { DAYS, exactPercentile, generate, PHONE } from './dataset.js';
import { datasetTable } from './table.js';

/** This test's insights wiring: the real stores on the test table, no EUM phone numbers, a rollup starter a test may replace. */
let insights: InsightsAdapters;
const data = generate();
const stored = datasetTable(data);
const now = () => new Date('2026-01-20T08:00:00Z');
const DAY_MS = 24 * 3600_000;

/** The insights concern as this test wires it (`insights`, which a test may replace). */
const context = () => actionContext({ deps: stored.deps, now, insights: () => insights });

const act = (body: Record<string, unknown>) => succeeded(body, context());

beforeAll(() => {
  insights = insightsOver(stored.deps);
});

// The known answers, computed from the generation spec (not from the code under test).
const inRange = (ms: number) => DAYS.includes(new Date(ms).toISOString().slice(0, 10));
const sent = data.filter((m) => m.sentAt);
const delivered = data.filter((m) => m.deliveredAt);
const read = data.filter((m) => m.readAt);
const failed = data.filter((m) => m.fate === 'failed');
const inbound = data.flatMap((m) => m.replies).filter(inRange);
const replied = sent.filter((m) => m.replies.some((r) => r > m.sentAt! && r <= m.sentAt! + DAY_MS));
const deliveryLatencies = delivered.map((m) => m.deliveredAt! - m.sentAt!);
const readLatencies = read.map((m) => m.readAt! - m.sentAt!);
const windowsOpened = data
  .filter((m) => m.replies.some(inRange))
  .reduce((n, m) => n + m.replies.filter((r, j) => inRange(r) && (j === 0 || r - m.replies[j - 1]! > DAY_MS)).length, 0);

describe('get_analytics on a generated dataset with known answers', () => {
  let raw: any;
  let fromRollups: any;

  it('the dataset exercises every measure', () => {
    expect([sent.length, delivered.length, read.length, failed.length, inbound.length, replied.length, windowsOpened]).toEqual([96, 72, 48, 24, 38, 18, 29]);
  });

  it('answers from raw items (no rollups yet): counts, rates, failure reasons, latency within the histogram bound', async () => {
    raw = await act({ action: 'get_analytics', phoneNumberId: PHONE, from: DAYS[0], to: DAYS[2] });

    expect(raw.sources).toEqual({ rollupDays: 0, liveDays: 3 });
    const t = raw.totals;
    expect(t).toMatchObject({ outbound: data.length, sent: sent.length, delivered: delivered.length, read: read.length, failed: failed.length });
    expect(t.inbound).toBe(inbound.length);
    expect(t.replied).toBe(replied.length);
    expect(t.deliveryRate).toBeCloseTo(delivered.length / sent.length, 4);
    expect(t.readRate).toBeCloseTo(read.length / delivered.length, 4);
    expect(t.failureRate).toBeCloseTo(failed.length / data.length, 4);
    expect(t.replyRate24h).toBeCloseTo(replied.length / sent.length, 4);
    expect(t.failureReasons).toEqual(
      [131026, 131049]
        .map((code) => ({ code: String(code), count: failed.filter((m) => m.errorCode === code).length }))
        .sort((a, b) => b.count - a.count || a.code.localeCompare(b.code)),
    );
    for (const [hist, values] of [
      [t.deliveryLatency, deliveryLatencies],
      [t.readLatency, readLatencies],
    ] as const) {
      expect(hist.samples).toBe(values.length);
      for (const [p, key] of [
        [0.5, 'p50Ms'],
        [0.95, 'p95Ms'],
      ] as const) {
        const exact = exactPercentile(values, p);
        expect(Math.abs(hist[key] - exact)).toBeLessThanOrEqual(exact * RELATIVE_ERROR + 1);
      }
    }
    expect(t.byTemplate.promo.outbound).toBe(data.filter((m) => m.template?.name === 'promo').length);
    expect(t.byCategory.non_template.outbound).toBe(data.filter((m) => !m.template).length);
    expect(t.byPricing['utility/regular']).toBe(sent.filter((m) => m.template?.category === 'UTILITY').length);
    expect(t.byPricing['service/free_customer_service']).toBe(sent.filter((m) => !m.template).length);
    expect(t.byPricing.unpriced).toBe(failed.length);
  });

  it('rolls each closed day up; the answer from rollups equals the answer from raw items', async () => {
    for (const day of DAYS) await stored.rollupDay({ phoneNumberId: PHONE, day });

    fromRollups = await act({ action: 'get_analytics', phoneNumberId: PHONE, from: DAYS[0], to: DAYS[2] });

    expect(fromRollups.sources).toEqual({ rollupDays: 3, liveDays: 0 });
    expect({ ...fromRollups, sources: null, rollups: null }).toEqual({ ...raw, sources: null, rollups: null });
  });

  it('hourly series add up to the totals', async () => {
    const hourly = await act({ action: 'get_analytics', phoneNumberId: PHONE, from: DAYS[0], to: DAYS[2], granularity: 'hour' });

    expect(hourly.series).toHaveLength(72);
    const sum = (k: string) => hourly.series.reduce((a: number, s: any) => a + s[k], 0);
    expect(['sent', 'delivered', 'read', 'failed', 'inbound', 'replied'].map(sum)).toEqual([
      sent.length,
      delivered.length,
      read.length,
      failed.length,
      inbound.length,
      replied.length,
    ]);
  });

  it('re-running a rollup writes an identical item', async () => {
    const get = async () => (await stored.table.db.send(new GetCommand({ TableName: stored.table.tableName, Key: Keys.analyticsRollup(PHONE, DAYS[1]!) }))).Item;
    const before = await get();

    await stored.rollupDay({ phoneNumberId: PHONE, day: DAYS[1]! });

    expect(await get()).toEqual(before);
  });

  it('a day with no messages rolls up to zeroes and answers zeroes, not errors', async () => {
    await stored.rollupDay({ phoneNumberId: PHONE, day: '2026-01-05' });

    const out = await act({ action: 'get_analytics', phoneNumberId: PHONE, from: '2026-01-05', to: '2026-01-05' });

    expect(out.sources).toEqual({ rollupDays: 1, liveDays: 0 });
    expect(out.totals).toMatchObject({ outbound: 0, sent: 0, inbound: 0, deliveryRate: null, failureRate: null });
    expect(out.totals.deliveryLatency).toEqual({ samples: 0, p50Ms: null, p95Ms: null });
  });

  it('"all" phone numbers covers the rolled-up ones', async () => {
    const all = await act({ action: 'get_analytics', from: DAYS[0], to: DAYS[2] });

    expect(all.phoneNumberIds).toEqual([PHONE]);
    expect(all.totals.sent).toBe(sent.length);
  });

  it('rejects a reversed range naming the fields', async () => {
    const res = await dispatchAction({ action: 'get_analytics', from: DAYS[2], to: DAYS[0] }, context());

    expect(res.statusCode).toBe(400);
    expect(JSON.stringify(res.body)).toMatch(/from: must not be after to/);
  });
});

describe('get_conversation_analytics (partial)', () => {
  it('reconstructs windows, initiators and the estimated cost from the dated rate card, same from rollups and raw', async () => {
    const out = await act({ action: 'get_conversation_analytics', phoneNumberId: PHONE, from: DAYS[0], to: DAYS[2] });

    expect(out.partial).toBe(true);
    expect(out.runbook.length).toBeGreaterThan(0);
    expect(out.note).toMatch(/Business Manager/);
    expect(out.customerServiceWindows.opened).toBe(windowsOpened);
    expect(out.byInitiator.business).toBe(data.filter((m) => m.template).length);
    const chargeable = delivered.filter((m) => m.template);
    expect(out.chargeableDelivered).toBe(chargeable.length);
    const market = (waId: string) => (waId.startsWith('91') ? 'IN' : waId.startsWith('1') ? 'NA' : 'GB');
    const rate = (m: (typeof data)[number]) => rateCardJson.markets.find((x) => x.market === market(m.waId))!.rates[m.template!.category.toLowerCase() as 'marketing' | 'utility'];
    expect(out.estimatedCost.totalMicros).toBe(chargeable.reduce((a, m) => a + rate(m), 0));
    expect(out.estimatedCost.rateCard).toMatchObject({ version: rateCardJson.version, effectiveFrom: rateCardJson.effectiveFrom });

    // The same question answered with every day aggregated live from raw items gives the same numbers.
    expect(out.sources.rollupDays).toBe(3);
    const live = await new AnalyticsEngine(stored.deps.messages, new DynamoAnalyticsStore(stored.table.db, stored.table.tableName)).slices(
      [PHONE],
      DAYS[0]!,
      DAYS[2]!,
      '2026-01-20',
      {
        preferLive: true,
      },
    );
    const fromRaw = conversationReport(live, loadRateCard(), { from: DAYS[0]!, to: DAYS[2]!, phoneNumberIds: [PHONE] });
    expect({ ...fromRaw, sources: null }).toEqual({ ...out, sources: null });
    expect(fromRaw.sources).toEqual({ rollupDays: 0, liveDays: 3 });
  });
});

describe('backfill_analytics / get_backfill_status', () => {
  it('starts a rollup run for closed days, refuses today, and reports progress of a run', async () => {
    const started: unknown[] = [];
    const wired = insights;
    insights = {
      ...wired,
      rollupStarter: {
        start: async (input, runId) => (started.push({ input, runId }), { executionArn: `arn:aws:states:local:000000000000:execution:analytics-rollup:${runId}`, runId }),
        status: async () => 'RUNNING',
      },
    };
    const analytics = new DynamoAnalyticsStore(stored.table.db, stored.table.tableName);

    const ok = await act({ action: 'backfill_analytics', from: '2026-01-01', to: '2026-01-12' });
    const today = await dispatchAction({ action: 'backfill_analytics', from: '2026-01-19', to: '2026-01-20' }, context());
    await analytics.startRun({ runId: ok.runId, from: '2026-01-01', to: '2026-01-12', phoneNumberIds: [PHONE], total: 12, startedAt: now().toISOString() });
    for (const d of ['2026-01-01', '2026-01-02', '2026-01-02']) await analytics.markDone(ok.runId, `${d}#${PHONE}`);
    const status = await act({ action: 'get_backfill_status', runId: ok.runId });
    insights = wired;

    expect(ok).toMatchObject({ from: '2026-01-01', to: '2026-01-12', days: 12, next: { action: 'get_backfill_status' } });
    expect(started).toEqual([{ input: { from: '2026-01-01', to: '2026-01-12' }, runId: ok.runId }]);
    expect(today.statusCode).toBe(400);
    expect(JSON.stringify(today.body)).toMatch(/to: must be a closed UTC day/);
    expect(status).toMatchObject({ done: 2, total: 12, percent: 16 });
  });
});
