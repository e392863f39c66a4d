import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { applyObservation, isTerminal, PaymentStatuses, statusRank, type LinkObservation, type LinkState } from '../../../functions/domain/payments/lifecycle.js';
import { lifecycleTimers } from '../../../functions/domain/payments/timers.js';

const observation = fc.record({
  status: fc.constantFrom(...PaymentStatuses.filter((s) => s !== 'creating')),
  amountPaidMinor: fc.option(fc.integer({ min: 0, max: 100_000 }), { nil: undefined }),
}) as fc.Arbitrary<LinkObservation>;
const start: LinkState = { status: 'created', amountPaidMinor: 0 };
const fold = (events: LinkObservation[]) => events.reduce<LinkState>((s, e) => applyObservation(s, e).next, start);

/** A history Razorpay could really produce: some partial payments, then at most one terminal state. */
const consistentHistory = fc
  .tuple(fc.array(fc.integer({ min: 100, max: 1000 }), { maxLength: 4 }), fc.constantFrom('paid', 'expired', 'cancelled', undefined))
  .map(([parts, end]) => {
    let paid = 0;
    const events: LinkObservation[] = parts.map((p) => ({ status: 'partially_paid' as const, amountPaidMinor: (paid += p) }));
    if (end) events.push({ status: end, amountPaidMinor: end === 'paid' ? paid + 500 : paid });
    return events;
  });

describe('payment lifecycle transitions', () => {
  it('never lowers the status rank nor the amount paid', () => {
    fc.assert(
      fc.property(fc.array(observation, { maxLength: 30 }), (events) => {
        let s = start;
        for (const e of events) {
          const next = applyObservation(s, e).next;
          expect(statusRank(next.status)).toBeGreaterThanOrEqual(statusRank(s.status));
          expect(next.amountPaidMinor).toBeGreaterThanOrEqual(s.amountPaidMinor);
          s = next;
        }
      }),
    );
  });

  it('never moves a paid payment anywhere else', () => {
    fc.assert(
      fc.property(fc.array(observation, { maxLength: 20 }), (events) => {
        expect(fold([{ status: 'paid', amountPaidMinor: 1000 }, ...events]).status).toBe('paid');
      }),
    );
  });

  it('is idempotent: a duplicate observation changes nothing', () => {
    fc.assert(
      fc.property(fc.array(observation, { maxLength: 10 }), observation, (events, e) => {
        const once = applyObservation(fold(events), e).next;
        expect(applyObservation(once, e)).toMatchObject({ next: once, changed: false });
      }),
    );
  });

  it('reaches the same state whatever order a real history arrives in, duplicates included', () => {
    fc.assert(
      fc.property(
        consistentHistory.chain((h) => fc.tuple(fc.constant(h), fc.shuffledSubarray([...h, ...h], { minLength: 2 * h.length }))),
        ([history, shuffled]) => {
          expect(fold(shuffled)).toEqual(fold(history));
          const end = fold(history);
          if (history.some((e) => isTerminal(e.status))) expect(isTerminal(end.status)).toBe(true);
        },
      ),
    );
  });
});

describe('lifecycle timers', () => {
  it('reminds before expiry and reconciles after expiry + grace, in whole minutes', () => {
    const now = new Date('2026-01-01T00:00:00Z');
    const t = lifecycleTimers({ now, expireBy: new Date(now.getTime() + 3 * 3600_000), reminder: true, graceSeconds: 300 });
    expect(t).toEqual({ reminder: true, untilReminderSeconds: 2 * 3600, untilDeadlineSeconds: 3600 + 300 });
    const short = lifecycleTimers({ now, expireBy: new Date(now.getTime() + 15 * 60_000), reminder: true, graceSeconds: 300 });
    expect(short.untilReminderSeconds % 60).toBe(0);
    expect(short.untilReminderSeconds + short.untilDeadlineSeconds).toBe(15 * 60 + 300);
    expect(lifecycleTimers({ now, expireBy: new Date(now.getTime() + 15 * 60_000), reminder: false, graceSeconds: 0 })).toEqual({
      reminder: false,
      untilReminderSeconds: 0,
      untilDeadlineSeconds: 900,
    });
  });
});
