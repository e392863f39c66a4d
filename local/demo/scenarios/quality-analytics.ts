import type { Runtime } from '../../runtime.js';
import { snsNotification } from '../../sandboxes/shared/sns.js';
import { messagesEntry } from '../operator-traffic.js';

/**
 * Quality and analytics: two closed days of message traffic arrive as EUM webhooks (statuses with
 * Meta per-message pricing, a failure, customer replies), a backfill rolls the days up, and
 * get_analytics / get_conversation_analytics answer from the rollups (plus today live). Then Meta
 * lowers the number's messaging limit: the DOWNGRADE webhook is recorded by QualityRecording, raises
 * quality.downgraded and quality.alert, and shows in get_quality_history.
 */
interface EumSandboxView {
  phoneNumber: { id: string; metaPhoneNumberId: string; webhookDisplayPhoneNumber?: string; metaWabaId?: string; wabaId: string };
  triggerPhoneQuality(input: { event: string; currentLimit?: string; rating?: string }): void;
}

const DAY_MS = 24 * 3600_000;
const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);

export function messagesEnvelope(phone: EumSandboxView['phoneNumber'], value: Record<string, unknown>): string {
  const wabaId = phone.metaWabaId ?? phone.wabaId;
  return JSON.stringify({
    context: { MetaWabaIds: [{ wabaId }], MetaPhoneNumberIds: [{ metaPhoneNumberId: phone.metaPhoneNumberId }] },
    aws_account_id: '000000000000',
    message_timestamp: new Date().toISOString(),
    whatsAppWebhookEntry: JSON.stringify(messagesEntry(phone, value)),
  });
}

/** Webhooks for `perDay` outbound template messages on each of the two closed days before today. */
export function demoTraffic(phone: EumSandboxView['phoneNumber'], now: Date, run: string, perDay = 6): string[] {
  const bodies: string[] = [];
  const today0 = Date.parse(`${day(now.getTime())}T00:00:00Z`);
  for (const offset of [2, 1]) {
    for (let i = 0; i < perDay; i++) {
      const waId = `9198${String(offset * 100 + i).padStart(8, '0')}`;
      const wamid = `wamid.demo-${run}-${offset}-${i}`;
      const sent = Math.floor((today0 - offset * DAY_MS + (9 + i) * 3600_000) / 1000);
      const category = i % 2 ? 'marketing' : 'utility';
      const pricing = { billable: true, pricing_model: 'PMP', category, type: 'regular' };
      const status = (s: string, at: number, extra: Record<string, unknown> = {}) =>
        messagesEnvelope(phone, { statuses: [{ id: wamid, status: s, timestamp: String(at), recipient_id: waId, ...extra }] });
      if (i === perDay - 1) {
        bodies.push(status('failed', sent, { errors: [{ code: 131049, title: 'This message was not delivered to maintain healthy ecosystem engagement.' }] }));
        continue;
      }
      bodies.push(status('sent', sent, { pricing }), status('delivered', sent + 3 + i, { pricing }));
      if (i % 2 === 0) bodies.push(status('read', sent + 60 * (i + 1), { pricing }));
      if (i % 3 === 0) {
        bodies.push(
          messagesEnvelope(phone, {
            contacts: [{ profile: { name: 'Demo Customer' }, wa_id: waId }],
            messages: [{ from: waId, id: `wamid.reply-${run}-${offset}-${i}`, timestamp: String(sent + 1800), type: 'text', text: { body: 'Thanks!' } }],
          }),
        );
      }
    }
  }
  return bodies;
}

export const scenario = {
  name: 'quality-analytics',
  async run(rt: Runtime): Promise<{ ok: boolean; summary: string }> {
    const eum = rt.sandboxes.eum as unknown as EumSandboxView;
    const phone = eum.phoneNumber;
    const run = Date.now().toString(36);
    const now = new Date();
    const fail = (step: string, res: { statusCode: number; body: unknown }) => ({
      ok: false,
      summary: `${step} answered ${res.statusCode}: ${JSON.stringify(res.body).slice(0, 300)}`,
    });

    // 1. Two closed days of traffic, as EUM delivers it (SNS notifications of Meta webhook entries).
    for (const body of demoTraffic(phone, now, run)) {
      const res = await rt.postWebhook('/webhooks/eum', snsNotification(body), { 'x-amz-sns-message-type': 'Notification' });
      if (res.statusCode !== 200) return fail('POST /webhooks/eum', res);
    }
    await rt.idle();

    // 2. Backfill the closed days through the AnalyticsRollup state machine and follow its progress.
    const from = day(now.getTime() - 2 * DAY_MS);
    const to = day(now.getTime() - DAY_MS);
    const backfill = await rt.action({ action: 'backfill_analytics', from, to, phoneNumberIds: [phone.metaPhoneNumberId] });
    if (backfill.statusCode !== 200) return fail('backfill_analytics', backfill);
    await rt.waitForExecution((e) => e.name === backfill.body.runId, 60_000);
    const progress = await rt.action({ action: 'get_backfill_status', runId: backfill.body.runId });
    if (progress.body.status !== 'SUCCEEDED' || progress.body.done !== progress.body.total) return fail('get_backfill_status', progress);

    // 3. Analytics for the three days: closed days from rollups, today live.
    const analytics = await rt.action({ action: 'get_analytics', phoneNumberId: phone.metaPhoneNumberId, from, to: day(now.getTime()) });
    if (analytics.statusCode !== 200) return fail('get_analytics', analytics);
    const t = analytics.body.totals;
    if (analytics.body.sources.rollupDays !== 2 || t.sent < 10 || t.failed < 2) return fail('get_analytics (expected 2 rollup days, ≥10 sent, ≥2 failed)', analytics);
    const conversations = await rt.action({ action: 'get_conversation_analytics', phoneNumberId: phone.metaPhoneNumberId, from, to });
    if (conversations.statusCode !== 200 || conversations.body.partial !== true) return fail('get_conversation_analytics', conversations);

    // 4. Quality: a baseline read from EUM, then Meta lowers the messaging limit (DOWNGRADE webhook).
    const baseline = await rt.action({ action: 'get_quality_rating', phoneNumberId: phone.id });
    if (baseline.statusCode !== 200) return fail('get_quality_rating', baseline);
    await rt.idle();
    // A persisted runtime may already hold an earlier run's TIER_250: go one tier lower then.
    const before = await rt.action({ action: 'get_quality_history', phoneNumberId: phone.id, limit: 1 });
    const target = before.body?.current?.currentLimit === 'TIER_250' ? 'TIER_50' : 'TIER_250';
    eum.triggerPhoneQuality({ event: 'DOWNGRADE', currentLimit: target, rating: 'RED' });
    const alert = await rt.waitForEvent((e) => e.detailType === 'quality.alert' && e.detail.subjectId === phone.metaPhoneNumberId && e.detail.currentLimit === target, 30_000);
    await rt.waitForEvent((e) => e.detailType === 'quality.downgraded' && e.detail.subjectId === phone.metaPhoneNumberId, 30_000);
    await rt.idle();
    const history = await rt.action({ action: 'get_quality_history', phoneNumberId: phone.id, limit: 5 });
    const latest = history.body?.entries?.[0];
    if (history.statusCode !== 200 || latest?.event !== 'DOWNGRADE' || latest?.currentLimit !== target) return fail('get_quality_history', history);
    // The webhook names the limit, not the rating: the RED Meta gave with it is read from EUM, and stored.
    const read = await rt.action({ action: 'get_quality_rating', phoneNumberId: phone.id });
    const stored = await rt.action({ action: 'get_quality_history', phoneNumberId: phone.id, limit: 1 });
    if (read.body?.qualityRating !== 'RED' || stored.body?.current?.rating !== 'RED' || stored.body?.current?.currentLimit !== target)
      return fail('get_quality_rating after the downgrade', stored);

    return {
      ok: true,
      summary:
        `rolled up ${progress.body.total} day(s); ${t.sent} sent, delivery ${t.deliveryRate}, read ${t.readRate}, p50 delivery ${t.deliveryLatency.p50Ms} ms, ` +
        `est. cost ${conversations.body.estimatedCost.totalMicros / 1e6} ${conversations.body.estimatedCost.currency} (partial); ` +
        `quality ${latest.previousLimit}→${latest.currentLimit}, alert "${alert.detail.kind}"`,
    };
  },
};
