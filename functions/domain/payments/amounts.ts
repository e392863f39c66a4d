import * as z from 'zod';

/**
 * Money rules for payment requests. Amounts are integers in the currency's smallest unit
 * (paise for INR) from the request to Razorpay and back: no float ever touches them.
 */

/** Currencies a Razorpay UPI Payment Link accepts: UPI settles in rupees only. */
export const UPI_LINK_CURRENCIES = ['INR'] as const;
/**
 * Currencies we let a standard link use. Razorpay India accepts many more for international
 * cards, but this system only renders and reconciles two-decimal currencies safely.
 */
export const STANDARD_LINK_CURRENCIES = ['INR', 'USD', 'EUR', 'GBP', 'SGD', 'AED'] as const;
export const DEFAULT_CURRENCY = 'INR';

/** Razorpay's smallest accepted payment: ₹1.00 (100 paise). */
export const MIN_AMOUNT_MINOR = 100;
/**
 * Upper bound checked before the provider is called. Razorpay's real limit is per account
 * (it answers "amount exceeds maximum amount allowed"); ₹5,00,000 is its default for payment
 * links, and PAYMENT_MAX_AMOUNT_MINOR lets an account with a raised limit say so.
 */
export const DEFAULT_MAX_AMOUNT_MINOR = 50_000_000;
/** Razorpay refuses an `expire_by` less than 15 minutes ahead, or more than 6 months ahead. */
export const MIN_EXPIRY_SECONDS = 15 * 60;
export const MAX_EXPIRY_SECONDS = 180 * 24 * 3600;

export function maxAmountMinor(env: Record<string, string | undefined> = process.env): number {
  const raw = env.PAYMENT_MAX_AMOUNT_MINOR;
  const n = raw ? Number(raw) : NaN;
  return Number.isSafeInteger(n) && n > 0 ? n : DEFAULT_MAX_AMOUNT_MINOR;
}

/** An amount in minor units: a positive safe integer within the provider's range. */
export function amountMinorSchema(field = 'amount', max = maxAmountMinor()) {
  return z
    .number({ error: `${field} must be a number of paise (an integer in the currency's smallest unit)` })
    .refine((n) => Number.isInteger(n), { message: `${field} must be an integer number of paise, not a fraction (₹10.50 is 1050)` })
    .refine((n) => n > 0, { message: `${field} must be greater than zero` })
    .refine((n) => !Number.isInteger(n) || n <= 0 || n >= MIN_AMOUNT_MINOR, { message: `${field} must be at least ${MIN_AMOUNT_MINOR} (₹1.00), Razorpay's minimum` })
    .refine((n) => n <= max, { message: `${field} must be at most ${max} paise (the provider's per-payment limit)` });
}

/** A refund amount: positive integer paise; the upper bound is what is refundable, checked later. */
export const refundAmountSchema = z
  .number()
  .refine((n) => Number.isInteger(n), { message: 'amount must be an integer number of paise' })
  .refine((n) => n > 0, { message: 'amount must be greater than zero' });

export interface CurrencyCheck {
  currency: string;
  upiLink: boolean;
}

/** Null when fine; otherwise the rule the combination breaks. */
export function currencyProblem({ currency, upiLink }: CurrencyCheck): string | null {
  if (upiLink && !(UPI_LINK_CURRENCIES as readonly string[]).includes(currency)) {
    return `UPI payment links accept ${UPI_LINK_CURRENCIES.join(', ')} only (got ${currency}); drop upi_link for a standard link`;
  }
  if (!(STANDARD_LINK_CURRENCIES as readonly string[]).includes(currency)) {
    return `currency must be one of ${STANDARD_LINK_CURRENCIES.join(', ')} (UPI links: INR only)`;
  }
  return null;
}

/** Null when the expiry is acceptable for Razorpay at `now`; otherwise the rule it breaks. */
export function expiryProblem(expireBy: Date, now: Date): string | null {
  const seconds = (expireBy.getTime() - now.getTime()) / 1000;
  if (seconds < MIN_EXPIRY_SECONDS) return `expiry must be at least ${MIN_EXPIRY_SECONDS / 60} minutes ahead (Razorpay's minimum)`;
  if (seconds > MAX_EXPIRY_SECONDS) return 'expiry must be at most 180 days ahead (Razorpay links live 6 months at most)';
  return null;
}

/** "₹1,234.50" style rendering for messages; integer arithmetic only. */
export function formatAmount(minor: number, currency: string): string {
  const sign = minor < 0 ? '-' : '';
  const abs = Math.abs(minor);
  const major = Math.floor(abs / 100);
  const cents = String(abs % 100).padStart(2, '0');
  const grouped = currency === 'INR' ? groupIndian(major) : major.toLocaleString('en-US');
  const symbol = currency === 'INR' ? '₹' : `${currency} `;
  return `${sign}${symbol}${grouped}.${cents}`;
}

function groupIndian(n: number): string {
  const s = String(n);
  if (s.length <= 3) return s;
  const last3 = s.slice(-3);
  const rest = s.slice(0, -3).replace(/\B(?=(\d{2})+(?!\d))/g, ',');
  return `${rest},${last3}`;
}
