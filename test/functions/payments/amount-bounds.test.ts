import { beforeEach, describe, expect, it } from 'vitest';
import {
  amountMinorSchema,
  currencyProblem,
  DEFAULT_MAX_AMOUNT_MINOR,
  expiryProblem,
  formatAmount,
  MAX_EXPIRY_SECONDS,
  maxAmountMinor,
  MIN_EXPIRY_SECONDS,
  STANDARD_LINK_CURRENCIES,
} from '../../../functions/domain/payments/amounts.js';

/** Money rules at each bound, on both sides; amounts shown to customers at every grouping length. */
const messagesOf = (schema: ReturnType<typeof amountMinorSchema>, value: unknown) => schema.safeParse(value).error?.issues.map((i) => i.message) ?? [];

describe('formatAmount: what the customer reads', () => {
  it.each([
    [0, '₹0.00'],
    [7, '₹0.07'],
    [100, '₹1.00'],
    [50_000, '₹500.00'],
    [99_999, '₹999.99'],
    [100_000, '₹1,000.00'],
    [1_234_550, '₹12,345.50'],
    [10_000_000, '₹1,00,000.00'],
    [50_000_000, '₹5,00,000.00'],
    [100_000_000_00, '₹10,00,00,000.00'],
    [-150, '-₹1.50'],
  ])('INR %i paise is %s (Indian grouping: thousands, then lakhs and crores)', (minor, shown) => {
    expect(formatAmount(minor, 'INR')).toBe(shown);
  });

  it.each([
    [50_000, 'USD', 'USD 500.00'],
    [123_456_789, 'USD', 'USD 1,234,567.89'],
    [100_000_00, 'EUR', 'EUR 100,000.00'],
    [-5, 'GBP', '-GBP 0.05'],
  ])('%i minor units of %s is %s (western grouping, the code as symbol)', (minor, currency, shown) => {
    expect(formatAmount(minor, currency)).toBe(shown);
  });
});

describe('amountMinorSchema: each bound on both sides, one message per rule broken', () => {
  // Built in each test (not once at collection), so a mutation of the schema's rules is seen by every test.
  let schema: ReturnType<typeof amountMinorSchema>;
  beforeEach(() => {
    schema = amountMinorSchema('amount', DEFAULT_MAX_AMOUNT_MINOR);
  });
  it('₹1.00 exactly and the maximum exactly are accepted', () => {
    expect(schema.safeParse(100).success).toBe(true);
    expect(schema.safeParse(DEFAULT_MAX_AMOUNT_MINOR).success).toBe(true);
  });
  it('one paisa under the minimum, one over the maximum', () => {
    expect(messagesOf(schema, 99)).toEqual(["amount must be at least 100 (₹1.00), Razorpay's minimum"]);
    expect(messagesOf(schema, DEFAULT_MAX_AMOUNT_MINOR + 1)).toEqual([`amount must be at most ${DEFAULT_MAX_AMOUNT_MINOR} paise (the provider's per-payment limit)`]);
  });
  it('a fraction, zero and a negative amount are told only the rule they break', () => {
    expect(messagesOf(schema, 1499.5)).toEqual(['amount must be an integer number of paise, not a fraction (₹10.50 is 1050)']);
    expect(messagesOf(schema, 0.5)).toEqual(['amount must be an integer number of paise, not a fraction (₹10.50 is 1050)']);
    expect(messagesOf(schema, 0)).toEqual(['amount must be greater than zero']);
    expect(messagesOf(schema, -100)).toEqual(['amount must be greater than zero']);
  });
  it('a string is not a number of paise; the message names the field it was given', () => {
    expect(messagesOf(amountMinorSchema('amount_minor', 1000), '1499')).toEqual(["amount_minor must be a number of paise (an integer in the currency's smallest unit)"]);
    expect(messagesOf(amountMinorSchema('amount_minor', 1000), 1001)).toEqual(["amount_minor must be at most 1000 paise (the provider's per-payment limit)"]);
  });
  it('an account with a raised limit (PAYMENT_MAX_AMOUNT_MINOR) accepts up to it', () => {
    const raised = amountMinorSchema('amount', maxAmountMinor({ PAYMENT_MAX_AMOUNT_MINOR: '100000000' }));
    expect(raised.safeParse(100_000_000).success).toBe(true);
    expect(messagesOf(raised, 100_000_001)).toEqual(["amount must be at most 100000000 paise (the provider's per-payment limit)"]);
  });
});

describe('maxAmountMinor: PAYMENT_MAX_AMOUNT_MINOR', () => {
  it.each([[undefined], [''], ['abc'], ['0'], ['-5'], ['1.5'], ['9007199254740993']])('%s falls back to the default ₹5,00,000', (raw) => {
    expect(maxAmountMinor({ PAYMENT_MAX_AMOUNT_MINOR: raw })).toBe(DEFAULT_MAX_AMOUNT_MINOR);
  });
  it('a positive integer is the limit, 1 included', () => {
    expect(maxAmountMinor({ PAYMENT_MAX_AMOUNT_MINOR: '100000000' })).toBe(100_000_000);
    expect(maxAmountMinor({ PAYMENT_MAX_AMOUNT_MINOR: '1' })).toBe(1);
  });
});

describe('expiryProblem: both bounds', () => {
  const now = new Date('2026-01-01T00:00:00Z');
  const secondsAhead = (seconds: number) => new Date(now.getTime() + seconds * 1000);
  it('15 minutes exactly and 180 days exactly are accepted; 179 days too', () => {
    expect(expiryProblem(secondsAhead(MIN_EXPIRY_SECONDS), now)).toBeNull();
    expect(expiryProblem(secondsAhead(MAX_EXPIRY_SECONDS), now)).toBeNull();
    expect(expiryProblem(secondsAhead(179 * 86400), now)).toBeNull();
  });
  it('one second short of 15 minutes, one second past 180 days', () => {
    expect(expiryProblem(secondsAhead(MIN_EXPIRY_SECONDS - 1), now)).toBe("expiry must be at least 15 minutes ahead (Razorpay's minimum)");
    expect(expiryProblem(secondsAhead(MAX_EXPIRY_SECONDS + 1), now)).toBe('expiry must be at most 180 days ahead (Razorpay links live 6 months at most)');
    expect(expiryProblem(secondsAhead(-60), now)).toMatch(/at least 15 minutes/);
  });
});

describe('currencyProblem', () => {
  it('every standard currency is accepted on a standard link; INR on a UPI link', () => {
    for (const currency of STANDARD_LINK_CURRENCIES) expect(currencyProblem({ currency, upiLink: false })).toBeNull();
    expect(currencyProblem({ currency: 'INR', upiLink: true })).toBeNull();
  });
  it('says which currencies, and what to do', () => {
    expect(currencyProblem({ currency: 'EUR', upiLink: true })).toBe('UPI payment links accept INR only (got EUR); drop upi_link for a standard link');
    expect(currencyProblem({ currency: 'JPY', upiLink: false })).toBe('currency must be one of INR, USD, EUR, GBP, SGD, AED (UPI links: INR only)');
  });
});
