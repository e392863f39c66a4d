import { describe, expect, it } from 'vitest';
import { formatMicros, formatMoney } from '../../console/src/operator/money.js';
import { toMinor } from '../../console/src/views/payment.js';
import { buildTimeline, compareRows, type PaymentAnswer } from '../../console/src/views/payment-timeline.js';

/** The pure parts of the Analytics and Payments views: money from minor units, the refund amount, the timeline, stored vs Razorpay. */
describe('formatMoney', () => {
  it('draws rupees exactly from integer paise with Indian digit grouping', () => {
    expect(formatMoney(123405, 'INR')).toBe('₹1,234.05');
    expect(formatMoney(123456789, 'INR')).toBe('₹12,34,567.89');
    expect(formatMoney(5, 'INR')).toBe('₹0.05');
    expect(formatMoney(0, 'INR')).toBe('₹0.00');
    expect(formatMoney(-150, 'inr')).toBe('−₹1.50');
    // Past 2^53 / 100 a float division would drift; integer paise never do below 2^53.
    expect(formatMoney(900719925474099, 'INR')).toBe('₹90,07,19,92,54,740.99');
  });
  it('uses each other currency’s own minor digits', () => {
    expect(formatMoney(123405, 'USD')).toBe('$1,234.05');
    expect(formatMoney(1234, 'JPY')).toBe('¥1,234');
    expect(formatMoney(1234, 'KWD')).toMatch(/1\.234/);
    expect(formatMoney(undefined, 'INR')).toBe('—');
  });
  it('shows per-message estimates from micros to 4 decimals', () => {
    expect(formatMicros(57000, 'USD')).toBe('$0.057');
    expect(formatMicros(11800, 'USD')).toBe('$0.0118');
  });
});

describe('toMinor (the refund amount typed in rupees)', () => {
  it('is exact paise or null', () => {
    expect(toMinor('1,234.05')).toBe(123405);
    expect(toMinor('10.5')).toBe(1050);
    expect(toMinor('₹ 7')).toBe(700);
    expect(toMinor('10.555')).toBeNull();
    expect(toMinor('-5')).toBeNull();
    expect(toMinor('ten')).toBeNull();
  });
});

const payment = {
  paymentId: 'pr_1',
  referenceId: 'R1',
  waId: '919800000001',
  amountMinor: 40550,
  amountPaidMinor: 40550,
  refundedMinor: 0,
  currency: 'INR',
  description: 'Order',
  status: 'paid',
  expireBy: '2026-01-01T01:00:00Z',
  createdAt: '2026-01-01T00:00:00.500Z',
  updatedAt: '2026-01-01T00:00:02Z',
};

describe('buildTimeline', () => {
  it('keeps the action’s steps in the action’s order (it orders same-second events by cause), with a tone for each', () => {
    const answer: PaymentAnswer = {
      payment,
      attempts: [],
      refunds: [],
      history: [],
      timeline: [
        { at: '2026-01-01T00:00:00.500Z', kind: 'created', title: 'Payment request created', amountMinor: 40550 },
        { at: '2026-01-01T00:00:01.000Z', kind: 'message_status', title: 'Link: sent', status: 'sent' },
        { at: '2026-01-01T00:00:01.000Z', kind: 'message_status', title: 'Link: delivered', status: 'delivered' },
        { at: '2026-01-01T00:00:01.000Z', kind: 'payment_captured', title: 'Payment captured', amountMinor: 40550 },
        { at: '2026-01-01T00:00:01.000Z', kind: 'message_status', title: 'Link: read', status: 'read' },
        { at: '2026-01-01T00:00:02.000Z', kind: 'paid', title: 'Paid in full', amountMinor: 40550 },
      ],
    };
    const t = buildTimeline(answer, []);
    expect(t.map((e) => e.label)).toEqual(['Payment request created', 'Link: sent', 'Link: delivered', 'Payment captured', 'Link: read', 'Paid in full']);
    expect(t.map((e) => e.tone)).toEqual(['run', 'run', 'ok', 'ok', 'ok', 'ok']);
  });
  it('without the action’s timeline, tells the story from the stored history and the link message’s ticks', () => {
    const answer: PaymentAnswer = {
      payment,
      attempts: [],
      refunds: [
        { refundReference: 'rf-1', razorpayPaymentId: 'pay_1', amountMinor: 1000, status: 'pending', createdAt: '2026-01-01T00:00:05Z', updatedAt: '2026-01-01T00:00:05Z' },
      ],
      history: [{ occurredAt: '2026-01-01T00:00:02.000Z', eventId: 'e1', source: 'webhook', kind: 'payment_link.paid', status: 'paid', amountPaidMinor: 40550, applied: true }],
    };
    const t = buildTimeline(answer, [
      { status: 'delivered', occurredAt: '2026-01-01T00:00:00.000Z' },
      { status: 'sent', occurredAt: '2026-01-01T00:00:00.000Z' },
    ]);
    // Meta's ticks have whole seconds: within the second the link was created in, the link comes first.
    expect(t.map((e) => e.kind)).toEqual(['created', 'link-message.sent', 'link-message.delivered', 'payment_link.paid', 'refund.pending']);
    expect(t.find((e) => e.kind === 'refund.pending')?.amountMinor).toBe(1000);
  });
});

describe('compareRows', () => {
  it('lays stored beside reported and flags exactly the differing fields', () => {
    const rows = compareRows({
      payment,
      attempts: [],
      refunds: [],
      history: [],
      gateway: {
        stored: { status: 'paid', amountPaidMinor: 40550 },
        reported: { status: 'partially_paid', amountPaidMinor: 20000, linkId: 'plink_1' },
        differences: [
          { field: 'status', stored: 'paid', reported: 'partially_paid' },
          { field: 'amountPaidMinor', stored: 40550, reported: 20000 },
        ],
      },
    });
    expect(rows).toEqual([
      { field: 'Status', stored: 'paid', razorpay: 'partially_paid', differs: true },
      { field: 'Paid', stored: '₹405.50', razorpay: '₹200.00', differs: true },
      { field: 'Link', stored: '—', razorpay: 'plink_1', differs: false },
    ]);
  });
  it('is undefined when there is nothing to compare (no link yet)', () => {
    expect(compareRows({ payment, attempts: [], refunds: [], history: [], gateway: { error: 'no payment link yet' } })).toBeUndefined();
  });
});
