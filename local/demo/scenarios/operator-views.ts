import type { Runtime } from '../../runtime.js';
import { closedDaysTraffic, inboundText, messagesEntry } from '../operator-traffic.js';

/**
 * Fills every operator view (console: Templates, Quality, Analytics, Payments) through the sandboxes'
 * controls and real webhook shapes, as a business would see them after a week:
 * - templates: one rejected with Meta's reason, one edited after a rejection (2 versions), one
 *   paused after its quality fell to RED, one still waiting for review;
 * - quality: the number downgraded GREEN→YELLOW with a lower messaging limit (and its alert);
 * - analytics: 7 closed days of traffic (backdated by the webhooks' own timestamps) with failures
 *   131047 / 131049 / 131026, rolled up by backfill_analytics, plus template sends today;
 * - payments: paid (link, ticks, reminder, payment), partly paid, expired, refunded, and one open
 *   waiting for its reminder.
 */
interface EumView {
  phoneNumber: { id: string; metaPhoneNumberId: string; metaWabaId: string; wabaId: string; webhookDisplayPhoneNumber: string; messagingLimit: string };
  setReviewPlan(plan: { outcome: string; delayMs?: number; reason?: string }, templateName?: string): void;
  setTemplateStatus(name: string, status: string, opts?: { reason?: string }): unknown;
  triggerTemplateQuality(input: { templateName: string; rating: 'GREEN' | 'YELLOW' | 'RED' | 'UNKNOWN' }): void;
  triggerPhoneQuality(input: { event: string; currentLimit?: string; rating?: string }): void;
  setDeliveryPlan(plan: { outcome: 'read' | 'delivered' | 'failed'; errorCode?: number }, to?: string): void;
  deliverEntry(entry: object): Promise<void>;
}
interface RazorpayView {
  pay(id: string, opts?: { amount?: number; method?: string }): Promise<unknown>;
  expire(id: string): Promise<unknown>;
}
type Answer = { statusCode: number; body: any };
class StepFailed extends Error {}

const DAY_MS = 24 * 3600_000;
const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export const scenario = {
  name: 'operator-views',
  async run(rt: Runtime): Promise<{ ok: boolean; summary: string }> {
    const eum = rt.sandboxes.eum as unknown as EumView;
    const rzp = rt.sandboxes.razorpay as RazorpayView;
    const phone = eum.phoneNumber;
    const run = Date.now().toString(36);
    const ok = (step: string, res: Answer): any => {
      if (res.statusCode !== 200) throw new StepFailed(`${step} answered ${res.statusCode}: ${JSON.stringify(res.body).slice(0, 300)}`);
      return res.body;
    };
    const act = async (step: string, body: Record<string, unknown>) => ok(step, await rt.action(body));
    async function until<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 60_000): Promise<T> {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const v = await probe();
        if (v !== undefined) return v;
        if (Date.now() > deadline) throw new StepFailed(`timed out waiting for ${what}`);
        await sleep(50);
      }
    }
    try {
      const templates = await seedTemplates();
      const quality = await seedQuality(templates.paused);
      const traffic = await seedTraffic(templates.approved);
      const payments = await seedPayments();
      return {
        ok: true,
        summary: `templates: ${templates.summary}; quality: ${quality}; analytics: ${traffic}; payments: ${payments}`,
      };
    } catch (err) {
      if (err instanceof StepFailed) return { ok: false, summary: err.message };
      throw err;
    }

    async function seedTemplates() {
      const body = (text: string, example: string[]) => [{ type: 'BODY', text, ...(example.length ? { example: { body_text: [example] } } : {}) }];
      const create = async (name: string, category: string, text: string, example: string[]) =>
        (await act(`create_template ${name}`, { action: 'create_template', name, language: 'en_US', category, components: body(text, example) })).template.metaTemplateId as string;
      const statusOf = (id: string, status: string, version?: number) =>
        until(`${id} ${status}`, async () => {
          const t = (await act('get_template', { action: 'get_template', meta_template_id: id })).template;
          return t.status === status && (version === undefined || t.version === version) ? t : undefined;
        });
      const names = {
        approved: `order_ready_${run}`,
        rejected: `flash_sale_${run}`,
        edited: `delivery_update_${run}`,
        paused: `weekly_offer_${run}`,
        pending: `festival_greeting_${run}`,
      };
      eum.setReviewPlan({ outcome: 'APPROVED', delayMs: 100 }, names.approved);
      eum.setReviewPlan({ outcome: 'REJECTED', reason: 'TAG_CONTENT_MISMATCH', delayMs: 100 }, names.rejected);
      eum.setReviewPlan({ outcome: 'REJECTED', reason: 'INVALID_FORMAT', delayMs: 100 }, names.edited);
      eum.setReviewPlan({ outcome: 'APPROVED', delayMs: 100 }, names.paused);
      eum.setReviewPlan({ outcome: 'SILENT' }, names.pending);
      const ids = {
        approved: await create(names.approved, 'UTILITY', 'Hi {{1}}, your order {{2}} is ready for pickup.', ['Asha', 'A-1042']),
        rejected: await create(names.rejected, 'UTILITY', 'Hi {{1}}, flash sale: 40% off everything today only!', ['Asha']),
        edited: await create(names.edited, 'UTILITY', 'Your parcel {{1}} is out for delivery. Track it here: {{2}} before 6 pm.', ['P-77', 'https://t.example/P-77']),
        paused: await create(names.paused, 'MARKETING', "Hello {{1}}, this week's picks are in: fresh chai blends and snacks.", ['Asha']),
        pending: await create(names.pending, 'MARKETING', 'Happy festival, {{1}}! Our stores are open late all week.', ['Asha']),
      };
      await Promise.all([statusOf(ids.approved, 'APPROVED'), statusOf(ids.rejected, 'REJECTED'), statusOf(ids.edited, 'REJECTED'), statusOf(ids.paused, 'APPROVED')]);
      // The edit: the tracking link out of the body (Meta's INVALID_FORMAT), resubmitted as version 2 and approved.
      // A person edits a rejected template seconds later, not within the second of the rejection: Meta dates
      // its webhooks to the second, and an outcome and a resubmission in one second cannot be told apart.
      await sleep(1_100);
      eum.setReviewPlan({ outcome: 'APPROVED', delayMs: 100 }, names.edited);
      await act('update_template', {
        action: 'update_template',
        meta_template_id: ids.edited,
        components: body('Your parcel {{1}} is out for delivery. Track it with the link in your order page.', ['P-77']),
      });
      // A review answered within the second of the resubmission can lose to it in the catalogue
      // (both dated to that second); the template sync (every 30 min) then brings the outcome in.
      await rt.idle();
      await rt.runSchedule('sync-templates');
      await statusOf(ids.edited, 'APPROVED', 2);
      // Later life: the marketing template's quality falls to RED, then Meta pauses it.
      eum.triggerTemplateQuality({ templateName: names.paused, rating: 'YELLOW' });
      await rt.idle();
      // Meta dates the webhook entries to the second: the next change a second later, so its order is known.
      await sleep(1_100);
      eum.triggerTemplateQuality({ templateName: names.paused, rating: 'RED' });
      await rt.idle();
      eum.setTemplateStatus(names.paused, 'PAUSED');
      await statusOf(ids.paused, 'PAUSED');
      return {
        approved: names.approved,
        paused: ids.paused,
        summary: `${names.rejected} rejected, ${names.edited} v2 approved, ${names.paused} RED then paused, ${names.pending} pending`,
      };
    }

    async function seedQuality(pausedTemplateId: string) {
      await act('get_quality_rating', { action: 'get_quality_rating', phoneNumberId: phone.id });
      await rt.idle();
      const before = await act('get_quality_history', { action: 'get_quality_history', phoneNumberId: phone.id, limit: 1 });
      const target = before.current?.currentLimit === 'TIER_250' ? 'TIER_50' : 'TIER_250';
      eum.triggerPhoneQuality({ event: 'DOWNGRADE', currentLimit: target, rating: 'YELLOW' });
      await rt.waitForEvent((e) => e.detailType === 'quality.alert' && e.detail.subjectId === phone.metaPhoneNumberId && e.detail.currentLimit === target, 30_000);
      await rt.idle();
      // The webhook names the limit, not the rating: reading it from EUM records GREEN→YELLOW.
      const read = await act('get_quality_rating', { action: 'get_quality_rating', phoneNumberId: phone.id });
      await rt.idle();
      // The read and the webhook share a second: the stored rating is still the one read, whichever was recorded last.
      const after = await act('get_quality_history', { action: 'get_quality_history', phoneNumberId: phone.id, limit: 1 });
      if (after.current?.rating !== read.qualityRating || after.current?.currentLimit !== target)
        throw new StepFailed(`stored quality ${after.current?.rating}/${after.current?.currentLimit} after reading ${read.qualityRating} and a downgrade to ${target}`);
      const template = await act('get_quality_history', { action: 'get_quality_history', templateId: pausedTemplateId });
      if (!template.entries.some((e: any) => e.rating === 'RED')) throw new StepFailed(`template quality history has no RED entry: ${JSON.stringify(template).slice(0, 300)}`);
      return `phone ${read.qualityRating}, limit ${target} (alert raised); template score RED, ${template.statusEvents?.length ?? 0} status event(s)`;
    }

    async function seedTraffic(approvedTemplate: string) {
      const now = new Date();
      const traffic = closedDaysTraffic(now, run);
      for (const value of traffic.values) await eum.deliverEntry(messagesEntry(phone, value));
      await rt.idle();
      const from = day(now.getTime() - 7 * DAY_MS);
      const to = day(now.getTime() - DAY_MS);
      const backfill = await act('backfill_analytics', { action: 'backfill_analytics', from, to, phoneNumberIds: [phone.metaPhoneNumberId] });
      await rt.waitForExecution((e) => e.name === backfill.runId, 120_000);
      // Today, live: the approved template to a few customers; Meta refuses one for its marketing limit.
      const customers = ['919800000101', '919800000102', '919800000103', '919800000104'];
      eum.setDeliveryPlan({ outcome: 'failed', errorCode: 131049 }, customers[3]);
      for (const [i, to] of customers.entries()) {
        await act('send_template', { action: 'send_template', from: phone.id, to, name: approvedTemplate, language: 'en_US', parameters: [`Customer ${i + 1}`, `A-${2000 + i}`] });
      }
      await rt.idle();
      const analytics = await act('get_analytics', { action: 'get_analytics', phoneNumberId: phone.metaPhoneNumberId, from, to: day(now.getTime()) });
      const codes = analytics.failures.map((f: any) => f.code);
      if (analytics.rollups.rolledUp.length < 7 || !['131047', '131049', '131026'].every((c) => codes.includes(c))) {
        throw new StepFailed(`get_analytics: ${JSON.stringify({ rollups: analytics.rollups, failures: codes })}`);
      }
      const clicked = await act('list_messages', { action: 'list_messages', phoneNumberId: phone.metaPhoneNumberId, from, to, status: 'failed', errorCode: '131047' });
      return `${analytics.rollups.rolledUp.length} days rolled up, ${analytics.totals.sent} sent, failures ${analytics.failures.map((f: any) => `${f.code}×${f.count}`).join(' ')}, ${clicked.messages.length} message(s) behind 131047`;
    }

    async function seedPayments() {
      const customers = { paid: '919700000201', partial: '919700000202', expired: '919700000203', refunded: '919700000204', open: '919700000205' };
      // Each customer writes first, so the link goes out as a session message (their window is open).
      for (const [i, waId] of Object.values(customers).entries()) {
        await eum.deliverEntry(messagesEntry(phone, inboundText(waId, `wamid.ops-pay-${run}-${i}`, 'Please send me the payment link', Math.floor(Date.now() / 1000))));
      }
      await rt.idle();
      const create = async (key: keyof typeof customers, amount: number, extra: Record<string, unknown>) =>
        (
          await act(`create_payment_request ${key}`, {
            action: 'create_payment_request',
            wa_id: customers[key],
            origination_phone_number_id: phone.id,
            amount,
            description: `Demo ${key}`,
            reference_id: `OPS-${key.toUpperCase()}-${run}`,
            ...extra,
          })
        ).payment as { paymentId: string; paymentLinkId: string };
      const outcome = (type: string, id: string) => rt.waitForEvent((e) => e.detailType === type && e.detail.paymentId === id, 60_000);

      const partial = await create('partial', 120_000, { expire_in_minutes: 60 * 24 * 30, accept_partial: true });
      await rzp.pay(partial.paymentLinkId, { amount: 50_000, method: 'upi' });
      const expired = await create('expired', 35_000, { expire_in_minutes: 60 * 24 * 30 });
      await rzp.expire(expired.paymentLinkId);
      await outcome('payment.expired', expired.paymentId);
      const refunded = await create('refunded', 80_000, { expire_in_minutes: 60 * 24 * 30 });
      await rzp.pay(refunded.paymentLinkId, { method: 'card' });
      await outcome('payment.completed', refunded.paymentId);
      await act('refund_payment', { action: 'refund_payment', payment_id: refunded.paymentId, refund_reference: `OPS-RF-${run}`, amount: 30_000 });
      await until('the refund settled', async () =>
        (await act('get_payment', { action: 'get_payment', payment_id: refunded.paymentId })).payment.refundedMinor > 0 ? true : undefined,
      );
      // Open: a month to pay, the reminder an hour before expiry: the payments view shows that timer.
      await create('open', 64_900, { expire_in_minutes: 60 * 24 * 30, reminders: { enabled: true, before_expiry_minutes: 60 } });
      // Paid, the whole story: link, its ticks, the reminder (15 min link, reminder 5 min before), the payment.
      const paid = await create('paid', 49_900, { expire_in_minutes: 15, reminders: { enabled: true, before_expiry_minutes: 5 } });
      await until(
        'the reminder',
        async () => ((await act('get_payment', { action: 'get_payment', payment_id: paid.paymentId })).history.some((h: any) => h.kind === 'message.reminder') ? true : undefined),
        15 * 60_000,
      );
      await rzp.pay(paid.paymentLinkId, { method: 'upi' });
      await outcome('payment.completed', paid.paymentId);
      await rt.idle();
      const list = await act('list_payments', { action: 'list_payments', limit: 100 });
      const mine = list.payments.filter((p: any) => String(p.reference).endsWith(run));
      return mine
        .map(
          (p: any) =>
            `${p.reference.split('-')[1].toLowerCase()} ${p.status}${p.refundedMinor ? ` (refunded ${p.refundedMinor})` : ''}${p.nextTimer ? ` next ${p.nextTimer.kind}` : ''}`,
        )
        .join(', ');
    }
  },
};
