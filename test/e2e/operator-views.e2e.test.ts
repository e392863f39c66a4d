import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runScenarios } from '../../local/demo/harness.js';
import { startRuntime, type Runtime } from '../../local/runtime.js';
import { describeErrorCode } from '../../functions/domain/messaging/error-codes.js';
import { guidanceFor } from '../../functions/domain/templates/guidance.js';

/**
 * The operator-views demo fills every operator view: what each view reads (through the actions,
 * as the console does) after the seed, checked against what the seed did through the sandboxes.
 */
describe('operator views seeded by the demo', () => {
  let rt: Runtime;
  const act = async (body: Record<string, unknown>) => {
    const res = await rt.action(body);
    expect(res.statusCode, JSON.stringify(res.body).slice(0, 300)).toBe(200);
    return res.body;
  };
  beforeAll(async () => {
    rt = await startRuntime({ memory: true, port: 0, timeScale: 0.001, quiet: true, schedules: false });
    const [result] = await runScenarios(rt, { quiet: true, only: ['operator-views'], timeoutMs: 150_000 });
    expect(result?.ok, result?.summary).toBe(true);
  }, 180_000);
  afterAll(async () => rt?.stop());

  it("templates: the rejected one shows Meta's reason and the fix, the edited one two versions, the pending one its 48 h clock, the paused one RED", async () => {
    const { templates } = await act({ action: 'list_templates' });
    const rejected = templates.find((t: any) => t.name.startsWith('flash_sale_'));
    expect(rejected).toMatchObject({ status: 'REJECTED', statusReason: 'TAG_CONTENT_MISMATCH', guidance: guidanceFor('REJECTED', 'TAG_CONTENT_MISMATCH') });
    const pending = templates.find((t: any) => t.name.startsWith('festival_greeting_'));
    expect(Date.parse(pending.reviewDeadline) - Date.parse(pending.submittedAt)).toBe(48 * 3600_000);
    const paused = templates.find((t: any) => t.name.startsWith('weekly_offer_'));
    expect(paused).toMatchObject({ status: 'PAUSED', quality: { rating: 'RED' } });
    const edited = await act({ action: 'get_template', meta_template_id: templates.find((t: any) => t.name.startsWith('delivery_update_')).metaTemplateId });
    expect(edited.versions.map((v: any) => [v.version, v.status])).toEqual([
      [1, 'REJECTED'],
      [2, 'APPROVED'],
    ]);
    expect(edited.versions[0].reason).toBe('INVALID_FORMAT');
  });

  it('quality: the downgrade GREEN→YELLOW with a lower limit is in the history with its alert guidance', async () => {
    const phone = (rt.sandboxes.eum as any).phoneNumber;
    const { entries } = await act({ action: 'get_quality_history', phoneNumberId: phone.id, limit: 10 });
    const limitCut = entries.find((e: any) => e.event === 'DOWNGRADE');
    expect(limitCut).toMatchObject({ kind: 'downgrade', currentLimit: 'TIER_250', guidance: { alert: 'tier_downgraded' } });
    expect(entries.some((e: any) => e.previousRating === 'GREEN' && e.rating === 'YELLOW' && e.kind === 'downgrade')).toBe(true);
    expect(rt.events({ detailType: 'quality.alert' }).length).toBeGreaterThan(0);
  });

  it('analytics: rolled-up days with the three failure codes; each count clicks through to as many messages', async () => {
    const phone = (rt.sandboxes.eum as any).phoneNumber.metaPhoneNumberId;
    const today = new Date().toISOString().slice(0, 10);
    const from = new Date(Date.now() - 7 * 86_400_000).toISOString().slice(0, 10);
    const out = await act({ action: 'get_analytics', phoneNumberId: phone, from, to: today });
    expect(out.rollups.rolledUp).toHaveLength(7);
    expect(out.rollups.missing).toEqual([]);
    expect(out.series).toHaveLength(8);
    for (const code of ['131047', '131049', '131026']) {
      const f = out.failures.find((x: any) => x.code === code);
      expect(f, code).toMatchObject({ title: describeErrorCode(code).title });
      const listed = await act({ action: 'list_messages', phoneNumberId: phone, from, to: today, status: 'failed', errorCode: code, limit: 200 });
      expect(listed.messages).toHaveLength(f.count);
    }
    expect(out.latency.delivery.p50Ms).toBeGreaterThan(0);
    expect(out.breakdowns.template.length).toBeGreaterThan(0);
  });

  it("payments: each state is there, and the paid request's timeline matches the stored payment", async () => {
    const { payments } = await act({ action: 'list_payments', limit: 100 });
    const by = (kind: string) => payments.find((p: any) => p.reference.startsWith(`OPS-${kind}-`));
    expect(by('PARTIAL')).toMatchObject({ status: 'partially_paid', paidMinor: 50_000 });
    expect(by('EXPIRED').status).toBe('expired');
    expect(by('REFUNDED')).toMatchObject({ status: 'paid', refundedMinor: 30_000 });
    expect(by('OPEN')).toMatchObject({ status: 'created', nextTimer: { kind: 'reminder' } });

    const paid = await act({ action: 'get_payment', payment_id: by('PAID').paymentId, compare: true });
    const kinds = paid.timeline.map((i: any) => i.kind);
    expect(kinds[0]).toBe('created');
    for (const k of ['message_sent', 'message_status', 'reminder', 'payment_captured', 'paid'])
      expect(kinds, JSON.stringify(paid.history.map((h: any) => [h.kind, h.applied]))).toContain(k);
    expect(kinds.indexOf('reminder')).toBeLessThan(kinds.indexOf('paid'));
    expect(paid.timeline.find((i: any) => i.kind === 'paid').amountMinor).toBe(paid.payment.amountPaidMinor);
    expect(paid.payment.amountPaidMinor).toBe(paid.payment.amountMinor);
    expect(paid.gateway).toMatchObject({ matches: true, reported: { status: 'paid', amountPaidMinor: paid.payment.amountPaidMinor } });
  });
});
