import { randomUUID } from 'node:crypto';
import * as fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRuntime, type Runtime } from '../../../local/runtime.js';
import { applyMutation, assertProperty, mutationArb, rawGarbageArb, type Json } from './kit/mutate.js';
import { eumDelivery, inboundEntry, razorpayLinkBody, signRazorpay, statusEntry, templateStatusEntry } from './kit/storm-kit.js';

/**
 * Fuzzing the HTTP endpoints of the local runtime (the same handler code as on AWS) with mutated
 * payloads: POST /webhooks/eum, /webhooks/razorpay (correctly signed, so the parser is reached)
 * and /actions. Bad input must get a 4xx — never a 5xx — and no process-level unhandled error;
 * a refused webhook must put nothing on the bus.
 */
const RUNS = Number(process.env.FUZZ_HTTP_RUNS ?? 150);
const SECRET = `whsec_fuzz_${randomUUID().replace(/-/g, '')}`;
let rt: Runtime;
const tally = { cases: 0, failures: 0, byStatus: new Map<number, number>() };
const unhandled: unknown[] = [];
const onUnhandled = (err: unknown) => void unhandled.push(err);

beforeAll(async () => {
  process.env.LOCAL_RAZORPAY_WEBHOOK_SECRET = SECRET;
  process.on('unhandledRejection', onUnhandled);
  process.on('uncaughtException', onUnhandled);
  rt = await startRuntime({ memory: true, port: 0, timeScale: 0.001, quiet: true });
}, 120_000);
afterAll(async () => {
  await rt?.stop();
  process.off('unhandledRejection', onUnhandled);
  process.off('uncaughtException', onUnhandled);
  const statuses = [...tally.byStatus.entries()]
    .sort(([a], [b]) => a - b)
    .map(([s, n]) => `${s}:${n}`)
    .join(',');
  console.log(`RELIABILITY fuzz endpoints cases=${tally.cases} failures=${tally.failures} unhandled=${unhandled.length} statuses=${statuses}`);
  expect(unhandled).toEqual([]);
});

async function post(path: string, body: string, headers: Record<string, string> = {}): Promise<{ status: number; text: string }> {
  const res = await fetch(`${rt.url}${path}`, { method: 'POST', body, headers: { 'content-type': 'application/json', ...headers } });
  return { status: res.status, text: await res.text() };
}

/** One fuzz case: no 5xx; a refused webhook publishes nothing. */
async function expectNo5xx(path: string, body: string, headers: Record<string, string> = {}): Promise<void> {
  await rt.idle();
  const before = rt.events().length;
  const { status, text } = await post(path, body, headers);
  tally.cases++;
  tally.byStatus.set(status, (tally.byStatus.get(status) ?? 0) + 1);
  const published = rt.events().length - before;
  const refusedButPublished = path.startsWith('/webhooks') && status >= 400 && published > 0;
  if (status >= 500 || refusedButPublished) {
    tally.failures++;
    throw new Error(`${path} → ${status}${refusedButPublished ? ` and ${published} event(s) published` : ''}: ${text.slice(0, 300)} | body ${body.slice(0, 300)}`);
  }
}

// Generous: in `npm test` these share two cores with every other file.
describe('fuzzing the HTTP endpoints', { timeout: 120_000 }, () => {
  it('POST /webhooks/eum: mutated Meta entries inside a valid SNS notification', async () => {
    const ids = { metaWabaId: rt.sandboxes.eum.phoneNumber.metaWabaId, metaPhoneNumberId: rt.sandboxes.eum.phoneNumber.metaPhoneNumberId };
    const docs = [
      inboundEntry(ids, '919810000002', `wamid.FUZZHTTP${randomUUID()}`, 'hi', 1764000000),
      statusEntry(ids, '919810000002', `wamid.FUZZHTTP${randomUUID()}`, 'delivered', 1764000000),
      templateStatusEntry(ids, '99887766', 'fuzz_tpl', 'APPROVED', 1764000000),
    ] as Json[];
    for (const doc of docs) {
      await assertProperty(
        fc.asyncProperty(mutationArb(doc), async (m) => {
          const mutated = applyMutation(doc, m);
          await expectNo5xx('/webhooks/eum', eumDelivery(ids, (mutated ?? null) as object, 'inbound', randomUUID()).body);
        }),
        { numRuns: RUNS },
      );
    }
  });

  it('POST /webhooks/eum: mutated SNS notification and raw garbage', async () => {
    const ids = { metaWabaId: rt.sandboxes.eum.phoneNumber.metaWabaId, metaPhoneNumberId: rt.sandboxes.eum.phoneNumber.metaPhoneNumberId };
    const sns = JSON.parse(eumDelivery(ids, inboundEntry(ids, '919810000003', 'wamid.FUZZSNS', 'x', 1764000000), 'inbound', 'sns-1').body) as Json;
    await assertProperty(
      fc.asyncProperty(mutationArb(sns), async (m) => expectNo5xx('/webhooks/eum', JSON.stringify(applyMutation(sns, m) ?? null))),
      { numRuns: RUNS },
    );
    await assertProperty(
      fc.asyncProperty(rawGarbageArb, async (raw) => expectNo5xx('/webhooks/eum', raw)),
      { numRuns: RUNS },
    );
  });

  it('POST /webhooks/razorpay: mutated bodies, correctly signed (the parser is reached)', async () => {
    const doc = JSON.parse(razorpayLinkBody({ id: 'plink_FUZZ', amount: 1000 }, 'paid', 1000, 'pay_FUZZ', 1764000000)) as Json;
    await assertProperty(
      fc.asyncProperty(mutationArb(doc), async (m) => {
        const body = JSON.stringify(applyMutation(doc, m) ?? null);
        await expectNo5xx('/webhooks/razorpay', body, { 'x-razorpay-signature': signRazorpay(body, SECRET), 'x-razorpay-event-id': `evt_${randomUUID()}` });
      }),
      { numRuns: RUNS * 2 },
    );
    await assertProperty(
      fc.asyncProperty(rawGarbageArb, fc.option(fc.string({ maxLength: 80 }), { nil: undefined }), async (raw, sig) => {
        await expectNo5xx('/webhooks/razorpay', raw, {
          ...(sig !== undefined ? { 'x-razorpay-signature': sig.replace(/[^\x20-\x7e]/g, '') } : {}),
          'x-razorpay-signature-valid-for': 'nothing',
        });
        await expectNo5xx('/webhooks/razorpay', raw, { 'x-razorpay-signature': signRazorpay(raw, SECRET) });
      }),
      { numRuns: RUNS },
    );
  });

  it('POST /actions: mutated action requests', async () => {
    const from = rt.sandboxes.eum.phoneNumber.id;
    const bodies: Json[] = [
      { action: 'get_message', messageKey: 'wamid.FUZZ' },
      { action: 'send_text', origination_phone_number_id: from, to: '919810000004', text: 'hello' },
      {
        action: 'create_payment_request',
        wa_id: '919810000004',
        origination_phone_number_id: from,
        amount: 1000,
        description: 'Fuzz',
        reference_id: 'FUZZ-1',
        expire_in_minutes: 30,
      },
      { action: 'get_payment', payment_id: 'pay_fuzz' },
      {
        action: 'create_template',
        name: 'fuzz_template',
        language: 'en_US',
        category: 'UTILITY',
        components: [{ type: 'BODY', text: 'Hello {{1}}', example: { body_text: [['A']] } }],
      },
      { action: 'list_templates', status: 'APPROVED', name_prefix: 'fuzz' },
      { action: 'get_template', meta_template_id: '123' },
    ];
    for (const doc of bodies) {
      await assertProperty(
        fc.asyncProperty(mutationArb(doc), async (m) => expectNo5xx('/actions', JSON.stringify(applyMutation(doc, m) ?? null))),
        { numRuns: Math.ceil(RUNS / 2) },
      );
    }
    await assertProperty(
      fc.asyncProperty(rawGarbageArb, async (raw) => expectNo5xx('/actions', raw)),
      { numRuns: RUNS },
    );
  });
});
