import { describe, expect, it } from 'vitest';
import { dispatchAction } from '../../../functions/actions/registry.js';
import { describeErrorCode, META_ERROR_CODES } from '../../../functions/domain/messaging/error-codes.js';
import { actionContext, insightsOver, succeeded } from '../../support/action-context.js';
import { DAYS, generate, PHONE } from './dataset.js';
import { datasetTable } from './table.js';

/** The analytics view's data: get_analytics' operator fields and the list_messages click-through. */
const data = generate();
const stored = datasetTable(data);
const now = () => new Date('2026-01-20T08:00:00Z');

/** The insights concern over the test table, as handlers/actions-insights.ts wires it (no EUM phone numbers). */
const context = () => actionContext({ deps: stored.deps, now, insights: () => insightsOver(stored.deps) });

const act = (body: Record<string, unknown>) => succeeded(body, context());

const failedWith = (code: number) => data.filter((m) => m.errorCode === code);

describe('the Meta error-code catalogue', () => {
  it('holds each code once, with a meaning and a fix, and answers an unknown code generically', () => {
    const codes = META_ERROR_CODES.map((c) => c.code);
    expect(new Set(codes).size).toBe(codes.length);
    for (const code of [
      '131047',
      '131049',
      '131026',
      '131048',
      '132000',
      '132001',
      '132005',
      '132007',
      '132012',
      '132015',
      '132016',
      '131051',
      '131056',
      '130472',
      '131000',
      '470',
    ]) {
      expect(codes).toContain(code);
    }
    expect(META_ERROR_CODES.every((c) => c.meaning.length > 20 && c.fix.length > 10)).toBe(true);
    expect(describeErrorCode(131047).title).toMatch(/Re-engagement/);
    expect(describeErrorCode('999999')).toMatchObject({ code: '999999', title: 'Meta error 999999' });
  });
});

describe('get_analytics for the operator view', () => {
  it('groups failures by Meta error code with meaning and fix, and says no closed day is rolled up yet', async () => {
    const out = await act({ action: 'get_analytics', phoneNumberId: PHONE, from: DAYS[0], to: DAYS[2] });

    expect(out.failures.map((f: any) => [f.code, f.count])).toEqual(
      [131026, 131049].map((c) => [String(c), failedWith(c).length]).sort((a, b) => Number(b[1]) - Number(a[1]) || String(a[0]).localeCompare(String(b[0]))),
    );
    expect(out.failures[0]).toMatchObject({ title: describeErrorCode(out.failures[0].code).title, fix: describeErrorCode(out.failures[0].code).fix });
    expect(out.latency).toEqual({ delivery: out.totals.deliveryLatency, read: out.totals.readLatency });
    expect(out.rollups).toEqual({ closedDays: 3, rolledUp: [], missing: DAYS, live: [] });
    expect(out.cost.partial).toBe(true);
    expect(out.cost.chargeableDelivered).toBe(data.filter((m) => m.template && m.deliveredAt).length);
  });

  it('breakdowns are rows sorted by volume, one per template, category and pricing', async () => {
    const out = await act({ action: 'get_analytics', phoneNumberId: PHONE, from: DAYS[0], to: DAYS[2] });

    const byTemplate = (name: string) => data.filter((m) => m.template?.name === name).length;
    expect(out.breakdowns.template.map((r: any) => [r.key, r.outbound])).toEqual(
      [
        ['order_update', byTemplate('order_update')],
        ['promo', byTemplate('promo')],
      ].sort((a, b) => Number(b[1]) - Number(a[1])),
    );
    expect(out.breakdowns.category.map((r: any) => r.key).sort()).toEqual(['MARKETING', 'UTILITY', 'non_template']);
    expect(out.breakdowns.pricing.find((r: any) => r.key === 'utility/regular')).toMatchObject({ category: 'utility', type: 'regular' });
    const counts = out.breakdowns.pricing.map((r: any) => r.count);
    expect(counts).toEqual([...counts].sort((a, b) => b - a));
  });

  it('after the rollups, the same figures come from them and the rollup status lists the days', async () => {
    const before = await act({ action: 'get_analytics', phoneNumberId: PHONE, from: DAYS[0], to: DAYS[2] });
    for (const day of DAYS.slice(0, 2)) await stored.rollupDay({ phoneNumberId: PHONE, day });

    const out = await act({ action: 'get_analytics', phoneNumberId: PHONE, from: DAYS[0], to: '2026-01-20' });

    expect(out.rollups).toMatchObject({ rolledUp: DAYS.slice(0, 2), live: ['2026-01-20'] });
    expect(out.rollups.missing).toContain(DAYS[2]);
    expect(out.failures).toEqual(before.failures);
    expect(out.latency).toEqual(before.latency);
  });
});

describe('list_messages (click-through)', () => {
  it('lists the failures of one code over the range, newest first, across days and pages, each once', async () => {
    const seen: any[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await act({
        action: 'list_messages',
        phoneNumberId: PHONE,
        from: DAYS[0],
        to: DAYS[2],
        status: 'failed',
        errorCode: '131049',
        limit: 5,
        ...(cursor ? { cursor } : {}),
      });
      seen.push(...page.messages);
      cursor = page.nextCursor ?? undefined;
      pages += 1;
    } while (cursor && pages < 20);

    const expected = failedWith(131049)
      .sort((a, b) => b.createdAt - a.createdAt)
      .map((m) => m.key);
    expect(seen.map((m) => m.messageKey)).toEqual(expected);
    expect(pages).toBeGreaterThan(1);
    expect(seen[0]).toMatchObject({ status: 'failed', errorCode: '131049', errorTitle: describeErrorCode(131049).title, direction: 'outbound' });
  });

  it('filters by template and customer, and bounds by time within a day', async () => {
    const promo = await act({ action: 'list_messages', phoneNumberId: PHONE, from: DAYS[1], to: DAYS[1], template: 'promo', limit: 200 });
    expect(promo.messages.map((m: any) => m.messageKey).sort()).toEqual(
      data
        .filter((m) => m.day === DAYS[1] && m.template?.name === 'promo')
        .map((m) => m.key)
        .sort(),
    );

    const one = data.find((m) => m.day === DAYS[2] && m.fate === 'read')!;
    const byCustomer = await act({ action: 'list_messages', phoneNumberId: PHONE, from: DAYS[0], to: DAYS[2], waId: one.waId, direction: 'outbound' });
    expect(byCustomer.messages.map((m: any) => m.messageKey)).toEqual([one.key]);
    expect(byCustomer.messages[0]).toMatchObject({ status: 'read', statusAt: new Date(one.readAt!).toISOString(), errorCode: null });

    const morning = await act({ action: 'list_messages', phoneNumberId: PHONE, from: `${DAYS[0]}T00:00:00Z`, to: `${DAYS[0]}T02:59:59Z`, direction: 'outbound' });
    expect(morning.messages.map((m: any) => m.messageKey)).toEqual(
      data
        .filter((m) => m.day === DAYS[0] && m.createdAt < Date.parse(`${DAYS[0]}T03:00:00Z`))
        .map((m) => m.key)
        .reverse(),
    );
  });

  it('refuses a bad cursor, a reversed range and a malformed error code, naming the field', async () => {
    for (const [body, field] of [
      [{ from: DAYS[0], to: DAYS[2], cursor: 'nope' }, 'cursor'],
      [{ from: DAYS[2], to: DAYS[0] }, 'from'],
      [{ from: DAYS[0], to: DAYS[2], errorCode: '13104x' }, 'errorCode'],
    ] as const) {
      const res = await dispatchAction({ action: 'list_messages', phoneNumberId: PHONE, ...body }, context());
      expect(res.statusCode).toBe(400);
      expect((res.body as any).error.details.issues.map((i: any) => i.field)).toContain(field);
    }
  });
});
