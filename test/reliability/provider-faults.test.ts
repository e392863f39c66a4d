import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { providerFaults } from '../../local/faults/providers.js';
import { startRuntime, type Runtime } from '../../local/runtime.js';
import { figure } from './support/logs.js';

/**
 * Provider faults (the AWS stand-ins' faults are in hardening/faults.test.ts): Razorpay answering
 * 5xx or too late while a payment link is created, EUM throttling the sends. The caller of a
 * synchronous action gets a retryable error and retries with backoff and jitter, as an API client
 * should; the workflows retry by themselves. Nothing may be created twice, nothing lost.
 */
vi.hoisted(() => {
  // Short enough for a test; the default is 10 s (functions/adapters/razorpay/client.ts).
  process.env.RAZORPAY_HTTP_TIMEOUT_MS = '1500';
});

let rt: Runtime;
let seq = 0;
const figures = { injected: 0, retried: 0, deadLettered: 0, lost: 0, doubled: 0 };

beforeAll(async () => {
  rt = await startRuntime({ memory: true, port: 0, timeScale: 0.005, quiet: true });
  await rt.sandboxes.customer.sendText('I would like to pay');
  await rt.idle();
}, 60_000);
afterEach(() => {
  providerFaults.razorpay(undefined);
  rt.sandboxes.eum.setFault(undefined);
});
afterAll(async () => {
  figure(`provider faults: injected=${figures.injected} retried=${figures.retried} dead_lettered=${figures.deadLettered} lost=${figures.lost} doubled=${figures.doubled}`);
  await rt?.stop();
});

/** The caller's side: retry a retryable (5xx) answer with exponential backoff and full jitter. */
async function createWithRetry(reference: string): Promise<{ attempts: number; statusCodes: number[]; body: any }> {
  const statusCodes: number[] = [];
  for (let attempt = 1; ; attempt++) {
    const res = await rt.action({
      action: 'create_payment_request',
      wa_id: rt.sandboxes.customer.waId,
      origination_phone_number_id: rt.sandboxes.eum.phoneNumber.id,
      amount: 2500,
      description: 'Provider fault order',
      reference_id: reference,
      expire_in_minutes: 60,
    });
    statusCodes.push(res.statusCode);
    if (res.statusCode < 500 || attempt === 6) return { attempts: attempt, statusCodes, body: res.body };
    await new Promise((r) => setTimeout(r, Math.random() * 50 * 2 ** attempt));
  }
}

async function payAndCountOutcomes(paymentId: string, paymentLinkId: string): Promise<number> {
  await rt.sandboxes.razorpay.pay(paymentLinkId);
  await rt.waitForEvent((e) => e.detailType === 'payment.completed' && e.detail.paymentId === paymentId, 60_000);
  await rt.idle();
  await new Promise((r) => setTimeout(r, 200));
  return rt.events().filter((e) => ['payment.completed', 'payment.expired', 'payment.cancelled'].includes(e.detailType) && e.detail.paymentId === paymentId).length;
}

function countFigures(linksForReference: number, outcomes: number) {
  if (linksForReference === 0 || outcomes === 0) figures.lost++;
  if (linksForReference > 1 || outcomes > 1) figures.doubled++;
}

describe('provider faults', () => {
  it('Razorpay 5xx while creating the link: the adapter retries with backoff, exactly one link, one outcome', async () => {
    // Prepare: the next two link creations fail with SERVER_ERROR
    const reference = `PF-5XX-${Date.now().toString(36)}-${++seq}`;
    const before = providerFaults.counters().razorpay5xx;
    providerFaults.razorpay({ kind: '5xx', match: /^POST \/v1\/payment_links$/, times: 2 });
    // Act
    const out = await createWithRetry(reference);
    const injected = providerFaults.counters().razorpay5xx - before;
    figures.injected += injected;
    figures.retried += injected + out.attempts - 1;
    // Assess
    expect(injected).toBe(2);
    expect(out.statusCodes, JSON.stringify(out.body)).toEqual([200]);
    const links = rt.sandboxes.razorpay.links().filter((l: any) => l.reference_id === reference);
    const outcomes = await payAndCountOutcomes(out.body.payment.paymentId, out.body.payment.paymentLinkId);
    countFigures(links.length, outcomes);
    expect(links).toHaveLength(1);
    expect(outcomes).toBe(1);
  });

  it('Razorpay answers too late (link made, answer lost): the call gives up at its timeout and adopts that link', async () => {
    // Prepare: Razorpay creates the link but holds its answer for 3 s; the adapter's timeout is 1.5 s
    const reference = `PF-TIMEOUT-${Date.now().toString(36)}-${++seq}`;
    const before = providerFaults.counters();
    providerFaults.razorpay({ kind: 'timeout', match: /^POST \/v1\/payment_links$/, times: 1, hangMs: 3_000 });
    // Act
    const out = await createWithRetry(reference);
    const releasedWhenAnswered = providerFaults.counters().heldAnswersReleased - before.heldAnswersReleased;
    figures.injected += providerFaults.counters().razorpayTimeouts - before.razorpayTimeouts;
    figures.retried += 1 + out.attempts - 1;
    // Assess
    expect(out.statusCodes.at(-1), JSON.stringify(out.body)).toBe(200);
    expect(releasedWhenAnswered, 'answered before Razorpay released its held answer: the call was bounded').toBe(0);
    const links = rt.sandboxes.razorpay.links().filter((l: any) => l.reference_id === reference);
    expect(links).toHaveLength(1);
    expect(out.body.payment.paymentLinkId).toBe(links[0]!.id);
    const outcomes = await payAndCountOutcomes(out.body.payment.paymentId, out.body.payment.paymentLinkId);
    countFigures(links.length, outcomes);
    expect(outcomes).toBe(1);
  });

  it('EUM throttles the next two sends: the SDK retries, the link reaches the customer once, nothing dead-lettered', async () => {
    // Prepare
    const reference = `PF-EUM-${Date.now().toString(36)}-${++seq}`;
    const sentBefore = rt.sandboxes.eum.sentMessages().length;
    rt.sandboxes.eum.setFault({ operation: 'SendWhatsAppMessage', error: 'ThrottledRequestException', times: 2 });
    figures.injected += 2;
    figures.retried += 2;
    // Act
    const out = await createWithRetry(reference);
    await rt.idle();
    figures.retried += out.attempts - 1;
    // Assess
    expect(out.statusCodes.at(-1), JSON.stringify(out.body)).toBe(200);
    const sent = rt.sandboxes.eum
      .sentMessages()
      .slice(sentBefore)
      .filter((m: any) => JSON.stringify(m.message).includes(out.body.payment.paymentLinkId.replace(/^plink_/, '')) || JSON.stringify(m).includes(reference));
    rt.sandboxes.eum.setFault(undefined);
    const outcomes = await payAndCountOutcomes(out.body.payment.paymentId, out.body.payment.paymentLinkId);
    const dead = rt.dlq().length;
    figures.deadLettered += dead;
    countFigures(1, outcomes);
    expect(out.body.message?.sent ?? true, JSON.stringify(out.body.message)).toBe(true);
    expect(sent.length).toBeLessThanOrEqual(1);
    expect(outcomes).toBe(1);
    expect(dead).toBe(0);
  });
});
