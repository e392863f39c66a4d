import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRuntime, type BusEventRecord, type Runtime } from '../../../local/runtime.js';
import { captureLogs, scanLogs, type CapturedLogs } from './kit/log-scan.js';
import {
  countBy,
  duplicateAndShuffle,
  eumDelivery,
  inboundEntry,
  mapLimit,
  razorpayLinkDelivery,
  retryUnacknowledged,
  seeded,
  sendAll,
  statusEntry,
  templateStatusEntry,
  until,
  type Delivery,
  type PhoneIds,
  type StormStatus,
} from './kit/storm-kit.js';

/**
 * Duplicate-and-disorder storm: ≥ 10,000 webhook deliveries over the runtime's real HTTP endpoints —
 * inbound messages, message statuses, template review decisions, Razorpay payment-link events —
 * 30 % of them redelivered byte for byte, all shuffled within windows of 250, then the end state is
 * checked against a model: every unique message stored once, every final status the highest one
 * sent (failed terminal), one outcome event per template version and per payment, no failed or
 * aborted execution (a task token resumed twice would fail its execution).
 * STORM_UNIQUE (default 7000 unique deliveries → 10,000 with duplicates) and STORM_SEED resize/replay it.
 */
const UNIQUE = Number(process.env.STORM_UNIQUE ?? 7000);
const SEED = Number(process.env.STORM_SEED ?? 20261124);
const CONCURRENCY = 16;
const DUPLICATE_SHARE = 0.3;
const TEMPLATES = 20;
const PAYMENTS = 20;
const WEBHOOK_SECRET = `whsec_storm_${randomUUID().replace(/-/g, '')}`;
const TEMPLATE_OUTCOMES = ['template.approved', 'template.rejected', 'template.approval_timed_out'];
const PAYMENT_OUTCOMES = ['payment.completed', 'payment.expired', 'payment.cancelled'];

let rt: Runtime;
let logs: CapturedLogs;
const rnd = seeded(SEED);

beforeAll(async () => {
  process.env.LOCAL_RAZORPAY_WEBHOOK_SECRET = WEBHOOK_SECRET;
  // INFO logs are captured and scanned for secrets and phone numbers (they do not reach the console).
  logs = captureLogs();
  process.env.POWERTOOLS_LOG_LEVEL = 'INFO';
  rt = await startRuntime({ memory: true, port: 0, timeScale: 0.001, quiet: true });
}, 120_000);
afterAll(async () => {
  await rt?.stop();
  logs?.stop();
  process.env.POWERTOOLS_LOG_LEVEL = 'ERROR';
});

describe('duplicate-and-disorder storm (model check)', () => {
  it('loses nothing, doubles nothing, ends in the modelled state', async () => {
    // Prepare: templates under review and payment links the storm talks about.
    const eum = rt.sandboxes.eum;
    const ids: PhoneIds = { metaWabaId: eum.phoneNumber.metaWabaId, metaPhoneNumberId: eum.phoneNumber.metaPhoneNumberId };
    const customer = rt.sandboxes.customer as { waId: string; sendText(t: string): Promise<string> };
    await customer.sendText('hello, I would like to order');
    await rt.idle();

    const templates: { name: string; metaTemplateId: string; decision: 'APPROVED' | 'REJECTED' }[] = [];
    for (let t = 0; t < TEMPLATES; t++) {
      const name = `storm_${SEED}_${t}`;
      const decision = rnd() < 0.7 ? 'APPROVED' : 'REJECTED';
      // The sandbox's own review webhook is one more (late) delivery of the same decision.
      eum.setReviewPlan({ outcome: decision, delayMs: 30 * 60_000, reason: decision === 'REJECTED' ? 'INVALID_FORMAT' : undefined }, name);
      const res = await rt.action({
        action: 'create_template', name, language: 'en_US', category: 'UTILITY', wait_for_approval: true,
        components: [{ type: 'BODY', text: 'Hello {{1}}, order {{2}} is ready.', example: { body_text: [['Asha', 'A-1']] } }],
      });
      expect(res.statusCode, JSON.stringify(res.body)).toBe(200);
      templates.push({ name, metaTemplateId: res.body.template.metaTemplateId, decision });
    }

    const rzp = rt.sandboxes.razorpay as { pay(id: string, o?: { amount?: number }): Promise<unknown>; setWebhookLoss(on: boolean): void };
    const payments: { paymentId: string; link: { id: string; amount: number }; partial: boolean }[] = [];
    for (let p = 0; p < PAYMENTS; p++) {
      const partial = p % 2 === 0;
      const res = await rt.action({
        action: 'create_payment_request', wa_id: customer.waId, origination_phone_number_id: eum.phoneNumber.id, amount: 1000,
        description: 'Storm order', reference_id: `STORM-${SEED}-${p}`, expire_in_minutes: 1440, accept_partial: partial, reminders: { enabled: false },
      });
      expect(res.statusCode, JSON.stringify(res.body)).toBe(200);
      payments.push({ paymentId: res.body.payment.paymentId, link: { id: res.body.payment.paymentLinkId, amount: 1000 }, partial });
    }
    // The provider's state says paid; only the storm's webhooks (or reconciliation) tell the system.
    rzp.setWebhookLoss(true);
    for (const p of payments) {
      if (p.partial) {
        await rzp.pay(p.link.id, { amount: 400 });
        await rzp.pay(p.link.id, { amount: 600 });
      } else await rzp.pay(p.link.id);
    }
    rzp.setWebhookLoss(false);
    await rt.idle();

    // The storm: templates and payments first (their waits are short), then messages and statuses.
    const now = Math.floor(Date.now() / 1000);
    const unique: Delivery[] = [];
    let sns = 0;
    const snsId = () => `storm-${SEED}-${++sns}`;
    for (const t of templates) {
      unique.push(eumDelivery(ids, templateStatusEntry(ids, t.metaTemplateId, t.name, t.decision, now, t.decision === 'REJECTED' ? 'INVALID_FORMAT' : 'NONE'), 'template', snsId()));
    }
    for (const [i, p] of payments.entries()) {
      if (p.partial) unique.push(razorpayLinkDelivery(WEBHOOK_SECRET, `evt_storm_${i}_a`, p.link, 'partially_paid', 400, `pay_storm_${i}_a`, now));
      unique.push(razorpayLinkDelivery(WEBHOOK_SECRET, `evt_storm_${i}_b`, p.link, 'paid', 1000, `pay_storm_${i}_b`, now + 1));
    }
    const inbound: string[] = [];
    const expectedStatus = new Map<string, StormStatus>();
    const customers = Array.from({ length: 50 }, (_, i) => `9198${String(10_000_000 + i)}`);
    let m = 0;
    while (unique.length < UNIQUE) {
      const waId = customers[Math.floor(rnd() * customers.length)]!;
      const at = now - 3600 + Math.floor(rnd() * 3000);
      if (rnd() < 0.43) {
        const wamid = `wamid.STORM${SEED}IN${++m}`;
        inbound.push(wamid);
        unique.push(eumDelivery(ids, inboundEntry(ids, waId, wamid, `message ${m}`, at), 'inbound', snsId()));
        continue;
      }
      const wamid = `wamid.STORM${SEED}OUT${++m}`;
      const r = rnd();
      const path: StormStatus[] = r < 0.05 ? ['sent', 'failed'] : r < 0.55 ? ['sent', 'delivered', 'read'] : r < 0.85 ? ['sent', 'delivered'] : ['sent'];
      expectedStatus.set(wamid, path.at(-1)!);
      path.forEach((s, k) => unique.push(eumDelivery(ids, statusEntry(ids, waId, wamid, s, at + k * 5), 'status', snsId())));
    }
    const storm = duplicateAndShuffle(unique, DUPLICATE_SHARE, 250, rnd);

    // Act
    const started = Date.now();
    const results = await sendAll(rt.url, storm, CONCURRENCY);
    const firstPassFailures = results.filter((r) => r.status < 200 || r.status >= 300).length;
    const { retried, stillFailing } = await retryUnacknowledged(rt.url, results, CONCURRENCY);
    await rt.idle(300_000);
    await until('every template and payment outcome', () => {
      const events = rt.events();
      const t = templates.every((x) => events.some((e) => TEMPLATE_OUTCOMES.includes(e.detailType) && e.detail.metaTemplateId === x.metaTemplateId));
      const p = payments.every((x) => events.some((e) => PAYMENT_OUTCOMES.includes(e.detailType) && e.detail.paymentId === x.paymentId));
      return t && p;
    }, 120_000, 250).catch(() => undefined); // a missing outcome is counted as lost below
    await rt.idle(120_000);
    await new Promise((r) => setTimeout(r, 500)); // a second outcome, if there were one, shows up now
    await rt.idle(120_000);
    const seconds = (Date.now() - started) / 1000;

    // Assess against the model
    const events = rt.events();
    const problems: string[] = [];
    let lost = stillFailing;
    let doubled = 0;
    let wrongState = 0;
    const bad = (kind: 'lost' | 'doubled' | 'wrong', what: string) => {
      if (kind === 'lost') lost++;
      else if (kind === 'doubled') doubled++;
      else wrongState++;
      problems.push(`${kind}: ${what}`);
    };

    const received = countBy(events.filter((e) => e.detailType === 'message.received'), (e) => e.detail.wamid ?? e.detail.messageId);
    const statuses = countBy(events.filter((e) => e.detailType === 'message.status'), (e) => `${e.detail.wamid ?? e.detail.messageKey}|${e.detail.status}`);
    const stored = await mapLimit([...inbound, ...expectedStatus.keys()], CONCURRENCY, async (wamid) => ({ wamid, res: await rt.action({ action: 'get_message', messageKey: wamid }) }));
    for (const { wamid, res } of stored) {
      if (res.statusCode !== 200) {
        bad('lost', `${wamid} not stored (${res.statusCode})`);
        continue;
      }
      const msg = res.body.message as { status?: string; direction?: string };
      const want = expectedStatus.get(wamid);
      if (want === undefined) {
        if ((received.get(wamid) ?? 0) > 1) bad('doubled', `message.received ×${received.get(wamid)} for ${wamid}`);
        if (msg.direction !== 'inbound') bad('wrong', `${wamid}: direction ${msg.direction}`);
      } else {
        if (msg.status !== want) bad('wrong', `${wamid}: status ${msg.status}, expected ${want}`);
        for (const [s, n] of countBy(res.body.history as { status: string }[], (h) => h.status)) if (n > 1) bad('doubled', `${wamid}: ${s} ×${n} in history`);
      }
    }
    for (const [k, n] of statuses) if (n > 1) bad('doubled', `message.status ×${n} for ${k}`);

    for (const t of templates) {
      const outcomes = events.filter((e: BusEventRecord) => TEMPLATE_OUTCOMES.includes(e.detailType) && e.detail.metaTemplateId === t.metaTemplateId);
      if (outcomes.length === 0) bad('lost', `template ${t.name}: no outcome`);
      if (outcomes.length > 1) bad('doubled', `template ${t.name}: ${outcomes.length} outcomes`);
      const want = t.decision === 'APPROVED' ? 'template.approved' : 'template.rejected';
      if (outcomes[0] && outcomes[0].detailType !== want) bad('wrong', `template ${t.name}: ${outcomes[0].detailType}, expected ${want}`);
      const got = await rt.action({ action: 'get_template', meta_template_id: t.metaTemplateId });
      if (got.body?.template?.status !== t.decision) bad('wrong', `template ${t.name}: stored ${got.body?.template?.status}`);
    }
    for (const p of payments) {
      const outcomes = events.filter((e) => PAYMENT_OUTCOMES.includes(e.detailType) && e.detail.paymentId === p.paymentId);
      if (outcomes.length === 0) bad('lost', `payment ${p.paymentId}: no outcome`);
      if (outcomes.length > 1) bad('doubled', `payment ${p.paymentId}: ${outcomes.length} outcomes`);
      if (outcomes[0] && outcomes[0].detailType !== 'payment.completed') bad('wrong', `payment ${p.paymentId}: ${outcomes[0].detailType}`);
      const got = await rt.action({ action: 'get_payment', payment_id: p.paymentId });
      const pay = got.body?.payment as { status?: string; amountPaidMinor?: number } | undefined;
      if (pay?.status !== 'paid' || pay.amountPaidMinor !== 1000) bad('wrong', `payment ${p.paymentId}: stored ${pay?.status} ${pay?.amountPaidMinor}`);
    }
    const executions = await rt.executions();
    const failedExecutions = executions.filter((e) => e.status === 'FAILED' || e.status === 'ABORTED');
    for (const e of failedExecutions) bad('wrong', `execution ${e.name} (${e.stateMachine}) ${e.status}`);
    const dlq = rt.dlq();

    const duplicates = storm.filter((d) => d.duplicate).length;
    const byKind = countBy(storm, (d) => d.kind);
    console.log(`RELIABILITY storm deliveries=${storm.length} duplicates=${duplicates} lost=${lost} doubled=${doubled} wrong_state=${wrongState}`);
    console.log(`RELIABILITY storm mix inbound=${byKind.get('inbound') ?? 0} status=${byKind.get('status') ?? 0} template=${byKind.get('template') ?? 0} razorpay=${byKind.get('razorpay') ?? 0} messages=${inbound.length + expectedStatus.size} templates=${templates.length} payments=${payments.length}`);
    console.log(`RELIABILITY storm non2xx_first_pass=${firstPassFailures} redelivered=${retried} dead_letters=${dlq.length} executions=${executions.length} failed_executions=${failedExecutions.length} seconds=${seconds.toFixed(1)} concurrency=${CONCURRENCY} seed=${SEED}`);
    if (problems.length) console.log(`RELIABILITY storm problems (first 20):\n  ${problems.slice(0, 20).join('\n  ')}`);

    const text = logs.text();
    const scan = scanLogs(text, { secrets: [WEBHOOK_SECRET], phoneNumbers: [...customers, customer.waId] });
    const maskedMentions = (text.match(/\*{2,}/g) ?? []).length;
    console.log(`RELIABILITY logs lines=${scan.lines} masked_mentions=${maskedMentions} secrets_found=${scan.secretHits} full_phone_numbers_found=${scan.phoneHits}`);
    if (scan.examples.length) console.log(`RELIABILITY logs examples:\n  ${scan.examples.join('\n  ')}`);

    expect(storm.length).toBeGreaterThanOrEqual(UNIQUE >= 7000 ? 10_000 : 0);
    expect({ lost, doubled, wrongState, dlq: dlq.length }).toEqual({ lost: 0, doubled: 0, wrongState: 0, dlq: 0 });
    expect(scan.lines).toBeGreaterThan(0);
    expect({ secretHits: scan.secretHits, phoneHits: scan.phoneHits }).toEqual({ secretHits: 0, phoneHits: 0 });
  }, 900_000);
});
