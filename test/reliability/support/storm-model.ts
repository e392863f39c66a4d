import { ScanCommand } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { Runtime } from '../../../local/runtime.js';
import { statusRank } from '../../../functions/domain/messaging/status-order.js';
import {
  inboundMediaEntry,
  inboundTextEntry,
  inboundUsernameEntry,
  phoneQualityEntry,
  snsDelivery,
  statusEntry,
  templateQualityEntry,
  templateStatusEntry,
  type MetaEntry,
  type OutboundStatus,
  type Phone,
} from './payloads.js';
import { seeded } from '../../../local/sandboxes/shared/random.js';
import { until } from '../../support/until.js';
import type { Delivery } from './storm.js';

/**
 * The storm's input and the end state it must produce. Built against a running runtime: templates
 * and payment requests are created through the actions API first (so there are waiting executions
 * for the webhooks to resume), and the Razorpay sandbox's own signed webhooks are captured (webhook
 * loss on) to be delivered by the storm instead.
 */
export interface StormModel {
  /** Unique deliveries in their natural (provider) order. */
  deliveries: Delivery[];
  phoneNumbers: string[];
  inbound: string[];
  /** Inbound media messages: each fetched into the bucket once, with the webhook's sha256. */
  media: { wamid: string; bytes: number }[];
  /** Username-only customers' messages: stored under the BSUID. */
  usernames: { wamid: string; bsuid: string }[];
  outbound: { wamid: string; statuses: OutboundStatus[]; final: OutboundStatus }[];
  phone: Phone;
  phoneQuality: { count: number; latestLimit: string; latestAt: string };
  templates: { metaTemplateId: string; name: string; expected: string; quality: string }[];
  /** `refunded`: what was refunded at Razorpay (in the storm's webhooks only) and must be stored once. */
  payments: { paymentId: string; amount: number; refunded: number }[];
  settle(): Promise<void>;
}

const PAYMENT_OUTCOMES = ['payment.completed', 'payment.expired', 'payment.cancelled'];
const TEMPLATE_OUTCOMES = ['template.approved', 'template.rejected', 'template.approval_timed_out'];
const iso = (unix: number) => new Date(unix * 1000).toISOString();

interface Sized {
  seed: number;
  inbound: number;
  outbound: number;
  phoneQuality: number;
  templates: number;
  payments: number;
  log: (line: string) => void;
}

export async function buildStormModel(rt: Runtime, size: Sized): Promise<StormModel> {
  const random = seeded(size.seed);
  const eum = rt.sandboxes.eum as any;
  const rzp = rt.sandboxes.razorpay as any;
  const customer = rt.sandboxes.customer as any;
  const phone: Phone = {
    metaPhoneNumberId: eum.phoneNumber.metaPhoneNumberId,
    metaWabaId: eum.phoneNumber.metaWabaId,
    display: eum.phoneNumber.webhookDisplayPhoneNumber ?? '15550000000',
  };
  const tag = size.seed.toString(36);
  const base = Math.floor(Date.now() / 1000) - 6 * 3600;
  const timed: { t: number; d: Delivery }[] = [];
  let sns = 0;
  /** `at`: the delivery's place in the natural order (seconds on the storm's timeline). */
  const eumDelivery = (key: string, entry: MetaEntry, at: number) =>
    timed.push({
      t: at,
      d: {
        key,
        path: '/webhooks/eum',
        headers: { 'x-amz-sns-message-type': 'Notification' },
        body: snsDelivery(phone, entry, `storm-${tag}-${++sns}`, new Date(Math.max(at, entry.time ?? 0) * 1000)),
      },
    });

  // Customers (full numbers that must never show up in a log line).
  const customers = Array.from({ length: 200 }, (_, k) => `9198${String(10_000_000 + k * 7919)}`);

  const inbound: string[] = [];
  const media: StormModel['media'] = [];
  const usernames: StormModel['usernames'] = [];
  for (let i = 0; i < size.inbound; i++) {
    const wamid = `wamid.STORM-${tag}-IN-${i}`;
    inbound.push(wamid);
    const t = base + i * 2;
    const waId = customers[i % customers.length]!;
    if (i % 10 === 3) {
      // One in ten is a photo or a voice note, held by the sandbox's WhatsApp side until fetched.
      const kind = (i / 10) % 2 < 1 ? 'image' : 'audio';
      const mimeType = kind === 'image' ? 'image/jpeg' : 'audio/ogg';
      const bytes = Buffer.from(`storm ${kind} ${i} `.repeat(1 + (i % 7)));
      const held = eum.receiveMedia(bytes, mimeType) as { id: string; sha256: string };
      media.push({ wamid, bytes: bytes.length });
      eumDelivery(wamid, inboundMediaEntry(phone, waId, wamid, { kind, id: held.id, sha256: held.sha256, mimeType }, t), t);
    } else if (i % 10 === 7) {
      // One in ten is a username-only customer: no phone number, a BSUID.
      const bsuid = `IN.STORM${tag.toUpperCase()}${String(i % 50).padStart(4, '0')}`;
      usernames.push({ wamid, bsuid });
      eumDelivery(wamid, inboundUsernameEntry(phone, bsuid, wamid, `message ${i}`, t), t);
    } else eumDelivery(wamid, inboundTextEntry(phone, waId, wamid, `message ${i}`, t), t);
  }

  const outbound: StormModel['outbound'] = [];
  for (let j = 0; j < size.outbound; j++) {
    const wamid = `wamid.STORM-${tag}-OUT-${j}`;
    const statuses: OutboundStatus[] = j % 10 < 7 ? ['sent', 'delivered', 'read'] : j % 10 < 9 ? ['sent', 'delivered'] : ['sent', 'failed'];
    const final = statuses.reduce((a, b) => (statusRank(b) > statusRank(a) ? b : a));
    outbound.push({ wamid, statuses, final });
    const t0 = base + j * 2 + 1;
    const offsets = [1, 4, 20];
    statuses.forEach((s, k) => eumDelivery(`${wamid}:${s}`, statusEntry(phone, customers[j % customers.length]!, wamid, s, t0 + offsets[k]!), t0 + offsets[k]!));
  }

  const limits = ['TIER_250', 'TIER_1K', 'TIER_10K', 'TIER_100K'];
  let latestLimit = '';
  let latestAt = 0;
  for (let k = 0; k < size.phoneQuality; k++) {
    const t = base + 60 + k * 300;
    const from = limits[k % limits.length]!;
    const to = limits[(k + 1) % limits.length]!;
    eumDelivery(`phq-${k}`, phoneQualityEntry(phone, to > from ? 'UPGRADE' : 'DOWNGRADE', to, from, t), t);
    latestLimit = to;
    latestAt = t;
  }

  // Templates in review: created now, their review silent, so only the storm's webhook decides.
  const templates: StormModel['templates'] = [];
  const ratings = ['GREEN', 'YELLOW', 'RED'];
  for (let i = 0; i < size.templates; i++) {
    const name = `storm_${tag}_tpl_${i}`;
    const expected = i % 3 === 0 ? 'REJECTED' : 'APPROVED';
    // Meta decides 30 s after the submission: its API answers the decision from then on (so a poll
    // may find it first) and the webhook dated then is one of the storm's deliveries.
    const decidedAt = Math.ceil(Date.now() / 1000) + 30;
    const reason = expected === 'REJECTED' ? 'INVALID_FORMAT' : undefined;
    eum.setReviewPlan({ outcome: 'NO_WEBHOOK', status: expected, reason, delayMs: (decidedAt * 1000 - Date.now()) / rt.timeScale }, name);
    const res = await rt.action({
      action: 'create_template',
      name,
      language: 'en_US',
      category: 'UTILITY',
      components: [{ type: 'BODY', text: 'Hello {{1}}, order {{2}} is ready.', example: { body_text: [['Asha', 'A-1']] } }],
      wait_for_approval: true,
    });
    if (res.statusCode !== 200) throw new Error(`create_template: ${res.statusCode} ${JSON.stringify(res.body)}`);
    const metaTemplateId = String(res.body.template.metaTemplateId);
    const ref = { id: metaTemplateId, name, language: 'en_US' };
    // The deliveries are spread through the storm by their position `at`.
    const at = base + 600 + i * Math.floor((size.inbound * 2) / size.templates);
    eumDelivery(`tpl-${i}`, templateStatusEntry(phone, ref, expected, decidedAt, expected === 'REJECTED' ? 'INVALID_FORMAT' : 'NONE'), at);
    const seq = [ratings[i % 3]!, ratings[(i + 1) % 3]!, ratings[(i + 2) % 3]!];
    seq.forEach((r, q) => eumDelivery(`tplq-${i}-${q}`, templateQualityEntry(phone, ref, q ? seq[q - 1]! : 'UNKNOWN', r, decidedAt + 10 + q), at + 100 + q * 50));
    templates.push({ metaTemplateId, name, expected, quality: seq[2]! });
  }
  size.log(`storm setup: ${templates.length} templates waiting for review`);

  // Payments: the customer writes first (open window), requests are created, then paid with the
  // Razorpay sandbox's webhooks held back; the storm delivers those signed webhooks instead.
  await customer.sendText('I want to pay');
  const payments: StormModel['payments'] = [];
  const links: string[] = [];
  for (let i = 0; i < size.payments; i++) {
    const amount = 1000 + i;
    const res = await rt.action({
      action: 'create_payment_request',
      wa_id: customer.waId,
      origination_phone_number_id: eum.phoneNumber.id,
      amount,
      description: `Storm order ${i}`,
      reference_id: `STORM-${tag}-${i}`,
      expire_in_minutes: 1440,
      // Every fourth link (offset by one) is paid in two parts.
      accept_partial: i % 4 === 1,
    });
    if (res.statusCode !== 200) throw new Error(`create_payment_request: ${res.statusCode} ${JSON.stringify(res.body)}`);
    payments.push({ paymentId: res.body.payment.paymentId, amount, refunded: 0 });
    links.push(res.body.payment.paymentLinkId);
  }
  await rt.idle();
  rzp.setWebhookLoss(true);
  const before = new Set(rzp.deliveries().map((d: any) => d.eventId));
  // Every fourth payment is then partly refunded at Razorpay (as from its dashboard): refund.created
  // and refund.processed join the storm, and may overtake the payment's own webhooks. Links that
  // accept partial payments are paid 400 first, then the rest (payment_link.partially_paid, then paid).
  let refunds = 0;
  let partials = 0;
  for (const [i, link] of links.entries()) {
    if (i % 4 === 1) {
      await rzp.pay(link, { amount: PARTIAL_MINOR });
      partials++;
    }
    const paid = await rzp.pay(link);
    if (i % 4 !== 0) continue;
    await refundAtRazorpay(rzp.baseUrl, paid.id, REFUND_MINOR);
    payments[i]!.refunded = REFUND_MINOR;
    refunds++;
  }
  // Every webhook the sandbox has scheduled (refunds settle a little later) has been emitted, and held.
  await until('the Razorpay webhooks of the payments and refunds', () => (rzp.pending() === 0 ? true : undefined));
  const held = rzp.deliveries().filter((d: any) => !before.has(d.eventId) && d.status === 'lost');
  await new Promise((r) => setTimeout(r, 200));
  const rzpDeliveries = rzp.deliveries().filter((d: any) => !before.has(d.eventId) && d.status === 'lost');
  rzpDeliveries.forEach((d: any, k: number) => {
    // Spread through the storm, in the order Razorpay emitted them.
    const t = base + 1200 + Math.floor((k / rzpDeliveries.length) * size.inbound);
    timed.push({ t, d: { key: `rzp-${d.eventId}`, path: '/webhooks/razorpay', body: d.rawBody, headers: { ...d.headers } } });
  });
  size.log(
    `storm setup: ${payments.length} payment requests waiting (${partials} paid in two parts, ${refunds} refunded in part), ${rzpDeliveries.length} signed Razorpay webhooks held back (${held.length} seen first)`,
  );

  timed.sort((a, b) => a.t - b.t || 0);
  void random;
  return {
    deliveries: timed.map((x) => x.d),
    phoneNumbers: [...customers, String(customer.waId)],
    inbound,
    media,
    usernames,
    outbound,
    phone,
    phoneQuality: { count: size.phoneQuality, latestLimit, latestAt: iso(latestAt) },
    templates,
    payments,
    settle: async () => {
      await rt.idle(120_000);
      // Waits up to a minute for every id to have an outcome event.
      const outcomesFor = (what: string, types: string[], field: string, ids: string[]) =>
        until(
          what,
          () => {
            const seen = new Set(
              rt
                .events()
                .filter((e) => types.includes(e.detailType))
                .map((e) => String(e.detail[field])),
            );
            return ids.every((id) => seen.has(id));
          },
          60_000,
        ).catch(() => undefined);
      const paymentIds = payments.map((p) => p.paymentId);
      const templateIds = templates.map((t) => t.metaTemplateId);
      await outcomesFor('every payment outcome', PAYMENT_OUTCOMES, 'paymentId', paymentIds);
      await outcomesFor('every template outcome', TEMPLATE_OUTCOMES, 'metaTemplateId', templateIds);
      await rt.idle(120_000);
      // A duplicate resume or outcome would come after the first: give it a moment to show.
      await new Promise((r) => setTimeout(r, 500));
      await rt.idle(120_000);
    },
  };
}

export interface EndStateCheck {
  lost: number;
  doubled: number;
  wrongState: number;
  problems: string[];
}

/** Compares the runtime's table, bus and executions with the model. */
export async function checkEndState(rt: Runtime, model: StormModel): Promise<EndStateCheck> {
  const out: EndStateCheck = { lost: 0, doubled: 0, wrongState: 0, problems: [] };
  const lost = (n: number, why: string) => n > 0 && ((out.lost += n), out.problems.push(`lost ${n}: ${why}`));
  const doubled = (n: number, why: string) => n > 0 && ((out.doubled += n), out.problems.push(`doubled ${n}: ${why}`));
  const wrong = (why: string) => ((out.wrongState += 1), out.problems.push(`wrong state: ${why}`));

  const items = await scanAll(rt);
  const byPk = new Map<string, Record<string, any>[]>();
  for (const item of items) {
    const list = byPk.get(item.pk) ?? [];
    list.push(item);
    byPk.set(item.pk, list);
  }
  const part = (v: string) => v.replace(/%/g, '%25').replace(/#/g, '%23');

  // Messages: one item per unique message, status history = unique statuses, final status by rank.
  for (const wamid of model.inbound) {
    if (!byPk.get(`MSG#${part(wamid)}`)?.some((i) => i.sk === 'MSG')) lost(1, `inbound message ${wamid} not stored`);
  }
  for (const o of model.outbound) {
    const rows = byPk.get(`MSG#${part(o.wamid)}`) ?? [];
    const msg = rows.find((i) => i.sk === 'MSG');
    if (!msg) {
      lost(1, `message ${o.wamid} not stored`);
      continue;
    }
    const history = rows.filter((i) => String(i.sk).startsWith('STATUS#'));
    if (history.length < o.statuses.length) lost(o.statuses.length - history.length, `status history of ${o.wamid}`);
    if (history.length > o.statuses.length) doubled(history.length - o.statuses.length, `status history of ${o.wamid}`);
    if (msg.status !== o.final) wrong(`${o.wamid} is ${msg.status}, expected ${o.final}`);
  }

  // Media: each inbound file fetched once into the bucket, recorded with the webhook's sha256 checked.
  const storedMedia = new Map<string, number>();
  for (const e of rt.events({ detailType: 'media.stored' })) storedMedia.set(String(e.detail.messageId), (storedMedia.get(String(e.detail.messageId)) ?? 0) + 1);
  for (const m of model.media) {
    const msg = byPk.get(`MSG#${part(m.wamid)}`)?.find((i) => i.sk === 'MSG');
    if (!storedMedia.get(m.wamid)) lost(1, `media.stored of ${m.wamid}`);
    if (!msg?.media) lost(1, `media record of ${m.wamid}`);
    else if (msg.media.sha256Verified !== true || msg.media.sizeBytes !== m.bytes)
      wrong(`media of ${m.wamid}: ${msg.media.sizeBytes} bytes, sha256Verified ${msg.media.sha256Verified}`);
    else if (!rt.s3.get(msg.media.bucket, msg.media.key)) lost(1, `object ${msg.media.key} of ${m.wamid}`);
  }
  // Username-only customers: stored under their BSUID, and their window is open under it.
  for (const u of model.usernames) {
    const msg = byPk.get(`MSG#${part(u.wamid)}`)?.find((i) => i.sk === 'MSG');
    if (msg && msg.waId !== u.bsuid) wrong(`${u.wamid} stored for ${msg.waId}, expected ${u.bsuid}`);
    if (!byPk.get(`WINDOW#${part(model.phone.metaPhoneNumberId)}#${part(u.bsuid)}`)) lost(1, `window of ${u.bsuid}`);
  }

  // The bus: every unique webhook event published once.
  const ourKeys = new Set([...model.inbound, ...model.outbound.map((o) => o.wamid)]);
  const counts = new Map<string, number>();
  for (const e of rt.events()) {
    const id = String(e.detail.eventId ?? e.id);
    if (['message.received', 'message.status'].includes(e.detailType) && !ourKeys.has(String(e.detail.messageKey ?? e.detail.messageId))) continue;
    if (['message.sent'].includes(e.detailType)) continue;
    counts.set(`${e.detailType} ${id}`, (counts.get(`${e.detailType} ${id}`) ?? 0) + 1);
  }
  for (const [key, n] of counts) if (n > 1 && !key.startsWith('workflow.')) doubled(n - 1, `bus event ${key}`);
  const countType = (t: string) => [...counts.keys()].filter((k) => k.startsWith(`${t} `)).length;
  lost(model.inbound.length - countType('message.received'), 'message.received events');
  lost(model.outbound.reduce((n, o) => n + o.statuses.length, 0) - countType('message.status'), 'message.status events');
  lost(model.phoneQuality.count - countType('phone.quality_changed'), 'phone.quality_changed events');
  for (const [key] of counts) if (key.startsWith('workflow.failed')) wrong(`workflow failed: ${key}`);

  // Payments: exactly one outcome each, stored paid in full.
  for (const p of model.payments) {
    const outcomes = rt.events().filter((e) => PAYMENT_OUTCOMES.includes(e.detailType) && e.detail.paymentId === p.paymentId);
    if (outcomes.length === 0) lost(1, `outcome of payment ${p.paymentId}`);
    doubled(outcomes.length - 1, `outcomes of payment ${p.paymentId}`);
    if (outcomes[0] && outcomes[0].detailType !== 'payment.completed') wrong(`payment ${p.paymentId} ended ${outcomes[0].detailType}`);
    const stored = await rt.action({ action: 'get_payment', payment_id: p.paymentId });
    const s = stored.body?.payment;
    if (s?.status !== 'paid' || s?.amountPaidMinor !== p.amount) wrong(`payment ${p.paymentId} stored ${s?.status} ${s?.amountPaidMinor}/${p.amount}`);
    if (s && s.refundedMinor !== p.refunded)
      s.refundedMinor > p.refunded
        ? doubled(1, `refund of payment ${p.paymentId}: ${s.refundedMinor}/${p.refunded}`)
        : lost(1, `refund of payment ${p.paymentId}: ${s.refundedMinor}/${p.refunded}`);
  }

  // Templates: one outcome per version, the right one, the catalogue and quality right.
  for (const t of model.templates) {
    const outcomes = rt.events().filter((e) => TEMPLATE_OUTCOMES.includes(e.detailType) && String(e.detail.metaTemplateId) === t.metaTemplateId);
    if (outcomes.length === 0) lost(1, `outcome of template ${t.name}`);
    doubled(outcomes.length - 1, `outcomes of template ${t.name}`);
    const want = t.expected === 'APPROVED' ? 'template.approved' : 'template.rejected';
    if (outcomes[0] && outcomes[0].detailType !== want) wrong(`template ${t.name} ended ${outcomes[0].detailType}, expected ${want}`);
    const stored = await rt.action({ action: 'get_template', meta_template_id: t.metaTemplateId });
    if (stored.body?.template?.status !== t.expected) wrong(`template ${t.name} stored ${stored.body?.template?.status}, expected ${t.expected}`);
    const current = byPk.get(`QUALITY#TEMPLATE#${part(t.metaTemplateId)}`)?.find((i) => i.sk === 'CURRENT');
    if (!current) lost(1, `quality of template ${t.name}`);
    else if (current.rating !== t.quality) wrong(`template ${t.name} quality ${current.rating}, expected ${t.quality}`);
  }

  // Phone quality: every change in the history, the newest one current.
  const phoneRows = byPk.get(`QUALITY#PHONE#${part(model.phone.metaPhoneNumberId)}`) ?? [];
  const phoneEntries = phoneRows.filter((i) => String(i.sk).startsWith('AT#') && String(i.eventId).startsWith('phq:'));
  lost(model.phoneQuality.count - phoneEntries.length, 'phone quality history entries');
  const current = phoneRows.find((i) => i.sk === 'CURRENT');
  if (!current || current.currentLimit !== model.phoneQuality.latestLimit || current.occurredAt !== model.phoneQuality.latestAt) {
    wrong(`phone quality current ${current?.currentLimit}@${current?.occurredAt}, expected ${model.phoneQuality.latestLimit}@${model.phoneQuality.latestAt}`);
  }

  // Nothing dead-lettered: every target delivery succeeded within its retries.
  for (const letter of rt.dlq()) wrong(`dead letter ${letter.rule} → ${letter.target.name}: ${letter.error.slice(0, 300)}`);

  // Executions: none failed, none left behind.
  for (const e of await rt.executions()) {
    if (['FAILED', 'TIMED_OUT', 'ABORTED'].includes(e.status)) wrong(`execution ${e.name} of ${e.stateMachine} ${e.status}`);
  }
  return out;
}

async function scanAll(rt: Runtime): Promise<Record<string, any>[]> {
  const items: Record<string, any>[] = [];
  let start: Record<string, any> | undefined;
  do {
    const page = await rt.dynamo.send(new ScanCommand({ TableName: rt.tableName, ExclusiveStartKey: start }));
    for (const i of page.Items ?? []) items.push(unmarshall(i));
    start = page.LastEvaluatedKey;
  } while (start);
  return items;
}

const REFUND_MINOR = 300;
const PARTIAL_MINOR = 400;

/** POST /v1/payments/:id/refund at the Razorpay sandbox, as a refund made outside this system. */
async function refundAtRazorpay(baseUrl: string, razorpayPaymentId: string, amount: number): Promise<void> {
  const auth = Buffer.from(`${process.env.LOCAL_RAZORPAY_KEY_ID}:${process.env.LOCAL_RAZORPAY_KEY_SECRET}`).toString('base64');
  const res = await fetch(`${baseUrl}/v1/payments/${razorpayPaymentId}/refund`, {
    method: 'POST',
    headers: { authorization: `Basic ${auth}`, 'content-type': 'application/json' },
    body: JSON.stringify({ amount }),
  });
  if (res.status !== 200) throw new Error(`sandbox refund: ${res.status} ${await res.text()}`);
}
