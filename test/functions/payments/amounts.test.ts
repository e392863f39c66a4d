import { describe, expect, it } from 'vitest';
import { currencyProblem, expiryProblem, formatAmount, MIN_EXPIRY_SECONDS } from '../../../functions/domain/payments/amounts.js';
import { CreatePaymentRequestInput } from '../../../functions/domain/payments/request-schema.js';
import { fieldIssues } from '../../../functions/domain/shared/zod-errors.js';

const valid = {
  action: 'create_payment_request',
  wa_id: '919000090000',
  amount: 149_900,
  description: 'Order #1001',
  reference_id: 'ORD-1001',
  expire_in_minutes: 30,
};
const issuesOf = (body: unknown) => {
  const r = CreatePaymentRequestInput.safeParse(body);
  return r.success ? [] : fieldIssues(r.error);
};

describe('payment request amounts', () => {
  it('accepts integer paise and defaults the currency to INR', () => {
    const r = CreatePaymentRequestInput.parse(valid);
    expect(r.amount).toBe(149_900);
    expect(r.currency).toBe('INR');
  });

  it.each([
    [1499.5, 'not a fraction'],
    [0, 'greater than zero'],
    [-100, 'greater than zero'],
    [99, 'at least 100'],
    [50_000_001, 'at most 50000000'],
  ])('rejects amount %s naming the field and the rule', (amount, rule) => {
    const issues = issuesOf({ ...valid, amount });
    expect(issues.some((i) => i.field === 'amount' && i.rule.includes(rule))).toBe(true);
  });

  it('rejects a string amount', () => {
    expect(issuesOf({ ...valid, amount: '1499' }).map((i) => i.field)).toContain('amount');
  });

  it('says UPI links accept INR only', () => {
    const issues = issuesOf({ ...valid, currency: 'USD', upi_link: true });
    expect(issues.find((i) => i.field === 'currency')?.rule).toMatch(/INR only/);
    expect(currencyProblem({ currency: 'USD', upiLink: true })).toMatch(/UPI payment links accept INR only/);
    expect(currencyProblem({ currency: 'USD', upiLink: false })).toBeNull();
    expect(currencyProblem({ currency: 'XYZ', upiLink: false })).toMatch(/currency must be one of/);
  });

  it('refuses partial payments on UPI links and an expiry under 15 minutes', () => {
    expect(issuesOf({ ...valid, upi_link: true, accept_partial: true }).map((i) => i.field)).toContain('accept_partial');
    expect(issuesOf({ ...valid, expire_in_minutes: 14 }).map((i) => i.field)).toContain('expire_in_minutes');
    expect(issuesOf({ ...valid, expire_in_minutes: undefined }).map((i) => i.field)).toContain('expire_by');
  });

  it('checks an absolute expiry against now', () => {
    const now = new Date('2026-01-01T00:00:00Z');
    expect(expiryProblem(new Date(now.getTime() + (MIN_EXPIRY_SECONDS - 1) * 1000), now)).toMatch(/15 minutes/);
    expect(expiryProblem(new Date(now.getTime() + MIN_EXPIRY_SECONDS * 1000), now)).toBeNull();
    expect(expiryProblem(new Date(now.getTime() + 200 * 86400_000), now)).toMatch(/180 days/);
  });

  it('formats paise without floats', () => {
    expect(formatAmount(149_900, 'INR')).toBe('₹1,499.00');
    expect(formatAmount(123_456_705, 'INR')).toBe('₹12,34,567.05');
    expect(formatAmount(5, 'USD')).toBe('USD 0.05');
  });
});
