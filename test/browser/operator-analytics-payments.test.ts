import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatMoney } from '../../console/src/operator/money.js';
import { snsNotification } from '../../local/sandboxes/shared/sns.js';
import { messagesEnvelope } from '../../local/demo/scenarios/quality-analytics.js';
import { hasChromium, openSeededConsole, type ConsoleSession } from './harness.js';

/**
 * The operator's Analytics and Payments views against the seeded demo, in Debian's chromium: the
 * numbers on the page are the actions' numbers (each called directly here), a failure code clicks
 * through to its messages, a refund above what is refundable gets the action's field error.
 */
describe.skipIf(!hasChromium)('operator views: analytics and payments', () => {
  let s: ConsoleSession;
  beforeAll(async () => {
    s = await openSeededConsole(['backbone', 'payments', 'quality-analytics', 'operator-views']);
    // A failure with another code today, as EUM delivers it: a click-through that ignored the code would list it too.
    const phone = (s.rt.sandboxes.eum as unknown as { phoneNumber: Parameters<typeof messagesEnvelope>[0] }).phoneNumber;
    const status = {
      id: `wamid.console-undeliverable-${Date.now().toString(36)}`,
      status: 'failed',
      timestamp: String(Math.floor(Date.now() / 1000)),
      recipient_id: '919800009999',
      errors: [{ code: 131026, title: 'Message undeliverable' }],
    };
    const res = await s.rt.postWebhook('/webhooks/eum', snsNotification(messagesEnvelope(phone, { statuses: [status] })), { 'x-amz-sns-message-type': 'Notification' });
    expect(res.statusCode).toBe(200);
    await s.rt.idle();
  }, 240_000);
  afterAll(async () => s?.close());

  const noSeriousA11yIssues = async () => expect(await s.axe()).toEqual([]);
  const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
  const action = async (input: Record<string, unknown>) => {
    const r = await s.rt.action(input);
    expect(r.statusCode, JSON.stringify(r.body)).toBe(200);
    return r.body as any;
  };

  it('analytics: the totals are get_analytics’ totals; a failure code’s count clicks through to the messages with that code', async () => {
    const { page } = s;
    const [from, to] = [day(-29), day(0)];
    const report = await action({ action: 'get_analytics', phoneNumberId: 'all', from, to });
    const failures: { code: string; count: number }[] = report.failures ?? report.totals.failureReasons;
    expect(failures.map((f) => f.code)).toEqual(expect.arrayContaining(['131026', '131049']));
    const failure = failures.find((f) => f.code === '131049')!;

    await s.open(`#/analytics?from=${from}&to=${to}`);
    await expect.poll(() => page.locator('[data-stat="sent"]').textContent(), { timeout: 15_000 }).toBe(String(report.totals.sent));
    expect(await page.locator('[data-stat="failed"]').textContent()).toBe(String(report.totals.failed));
    const link = page.locator(`a[data-failure-code="${failure.code}"]`);
    expect(await link.textContent()).toBe(String(failure.count));
    await s.shot('analytics');
    await noSeriousA11yIssues();

    await link.click();
    await page.waitForURL(new RegExp(`#/messages\\?.*code=${failure.code}`));
    const rows = page.locator('table.grid tbody tr[data-message-id]');
    await expect.poll(() => rows.count(), { timeout: 15_000 }).toBe(failure.count);
    const codes = await page.locator('table.grid tbody tr[data-message-id] td[data-error-code]').evaluateAll((tds) => tds.map((td) => td.getAttribute('data-error-code')));
    expect(codes).toEqual(Array(failure.count).fill(failure.code));
    await s.shot('analytics-messages');
    await noSeriousA11yIssues();
  }, 60_000);

  it('payments: the paid payment’s page shows what get_payment stores, its timeline holds every recorded step', async () => {
    const { page } = s;
    const waId = s.rt.sandboxes.customer.waId;
    const list = await action({ action: 'list_payments', wa_id: waId, limit: 50 });
    const paid = (list.payments as { referenceId: string; status: string }[]).find((p) => p.status === 'paid')!;
    expect(paid).toBeDefined();

    // Every customer's requests (list_payments without wa_id), the open ones above with their next timer.
    await s.open('#/payments');
    await page.locator(`tr[data-reference="${paid.referenceId}"]`).waitFor();
    const open = await action({ action: 'list_payments', status: 'open', limit: 100 });
    await expect.poll(() => page.locator('[data-next-timer]').count(), { timeout: 15_000 }).toBe(open.payments.length);
    await s.shot('payments');
    // At 1280 px the description column stays readable (the fixed columns once left it one character).
    const description = await page.getByRole('region', { name: 'Payment requests' }).getByRole('columnheader', { name: 'Description' }).boundingBox();
    expect(description?.width).toBeGreaterThanOrEqual(140);
    await noSeriousA11yIssues();
    await page.getByRole('link', { name: paid.referenceId, exact: true }).click();
    await page.waitForURL(/#\/payments\/.+/);

    const stored = await action({ action: 'get_payment', reference_id: paid.referenceId, compare: true });
    const p = stored.payment;
    const field = (name: string) => page.locator(`[data-testid="payment-summary"] [data-field="${name}"]`);
    await expect.poll(() => field('amountMinor').textContent(), { timeout: 15_000 }).toBe(formatMoney(p.amountMinor, p.currency));
    expect(await field('amountPaidMinor').textContent()).toBe(formatMoney(p.amountPaidMinor, p.currency));
    expect(await field('refundedMinor').textContent()).toBe(formatMoney(p.refundedMinor, p.currency));
    expect(await field('amountDueMinor').textContent()).toBe(formatMoney(p.amountDueMinor, p.currency));

    // Every step the action recorded is on the timeline, with its amount.
    const steps: { kind: string; amountMinor?: number }[] = stored.timeline ?? stored.history.map((h: { kind: string }) => ({ kind: h.kind }));
    expect(steps.length).toBeGreaterThan(0);
    const kinds = async () => page.locator('.pay-timeline li').evaluateAll((lis) => lis.map((li) => li.getAttribute('data-kind')));
    await expect.poll(kinds, { timeout: 15_000 }).toEqual(expect.arrayContaining(steps.map((st) => st.kind)));
    for (const a of stored.attempts as { amountMinor: number }[]) {
      expect(await page.locator(`.pay-timeline li [data-amount-minor="${a.amountMinor}"]`).count()).toBeGreaterThan(0);
    }
    if (stored.timeline) {
      // The action's timeline, step for step: the same kinds and the same amounts, in rupees and paise.
      expect((await kinds()).sort()).toEqual(steps.map((st) => st.kind).sort());
      const shown = await page.locator('.pay-timeline li .pt-amount').evaluateAll((els) => els.map((e) => e.textContent).filter(Boolean));
      const expected = steps.filter((st) => st.amountMinor !== undefined).map((st) => formatMoney(st.amountMinor, p.currency));
      expect(shown.sort()).toEqual(expected.sort());
    }
    await s.shot('payment');
    await noSeriousA11yIssues();
  });

  it('payments: a refund above the refundable amount shows the action’s field error and refunds nothing', async () => {
    const { page } = s;
    const waId = s.rt.sandboxes.customer.waId;
    const list = await action({ action: 'list_payments', wa_id: waId, status: 'paid', limit: 50 });
    const paid = list.payments[0];
    const before = await action({ action: 'get_payment', payment_id: paid.paymentId });
    const refundable = before.attempts.reduce((n: number, a: { amountMinor: number; refundedMinor: number }) => n + a.amountMinor - a.refundedMinor, 0);
    expect(refundable).toBeGreaterThan(0);

    await s.open(`#/payments/${encodeURIComponent(paid.referenceId)}`);
    const tooMuch = refundable + 100;
    await page.getByLabel(/^Amount/).fill(`${Math.floor(tooMuch / 100)}.${String(tooMuch % 100).padStart(2, '0')}`);
    await page.getByRole('button', { name: 'Refund', exact: true }).click();
    const error = page.locator('[data-field-error="amount"]');
    await error.waitFor();
    expect(await error.textContent()).toContain(`${tooMuch} exceeds what is refundable`);
    const after = await action({ action: 'get_payment', payment_id: paid.paymentId });
    expect(after.refunds).toEqual(before.refunds);
    expect(after.payment.refundedMinor).toBe(before.payment.refundedMinor);
    await s.shot('payment-refund-error');
    await noSeriousA11yIssues();

    // Within what is refundable the refund is made, and the page shows it.
    await page.getByLabel(/^Amount/).fill('1.00');
    await page.getByRole('button', { name: 'Refund', exact: true }).click();
    await page.locator('.banner-ok', { hasText: /^Refund / }).waitFor();
    const refunded = await action({ action: 'get_payment', payment_id: paid.paymentId });
    expect(refunded.refunds.length).toBe(before.refunds.length + 1);
    expect(refunded.refunds.at(-1).amountMinor).toBe(100);
    await expect.poll(() => page.getByTestId('refundable').textContent(), { timeout: 15_000 }).toBe(formatMoney(refundable - 100, paid.currency));
    await s.shot('payment-refunded');
  }, 60_000);

  it('analytics: "Backfill this range" rolls up the missing days, following the execution to its end', async () => {
    const { page } = s;
    const [from, to] = [day(-20), day(0)];
    const before = await action({ action: 'get_analytics', phoneNumberId: 'all', from, to });
    expect(before.rollups.missing.length).toBeGreaterThan(0);
    await s.open(`#/analytics?from=${from}&to=${to}`);
    const status = page.getByTestId('rollup-status');
    await expect.poll(() => status.textContent(), { timeout: 15_000 }).toContain(`${before.rollups.rolledUp.length} of ${before.rollups.closedDays} closed day(s) rolled up`);
    await page.getByRole('button', { name: 'Backfill this range' }).click();
    await expect.poll(() => page.getByTestId('backfill-status').textContent(), { timeout: 30_000 }).toMatch(/succeeded/);
    const after = await action({ action: 'get_analytics', phoneNumberId: 'all', from, to });
    expect(after.rollups.missing).toEqual([]);
    // The view reloads its report when the run ends.
    await expect
      .poll(() => status.textContent(), { timeout: 15_000 })
      .toContain(`${after.rollups.closedDays} of ${after.rollups.closedDays} closed day(s) rolled up; none missing`);
    expect(await page.getByTestId('backfill-status').getByRole('link', { name: 'execution', exact: true }).getAttribute('href')).toMatch(/^#\/executions\/arn/);
  }, 60_000);
});
