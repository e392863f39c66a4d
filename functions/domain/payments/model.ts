import type { PaymentStatus } from './lifecycle.js';

/** A message template the business had approved, used outside the 24-hour window. */
export interface PaymentMessageTemplate {
  name: string;
  language: string;
  /** Meta template components; string values may use {amount} {due} {link} {description} {reference}. */
  components?: unknown[];
}

export type PaymentMessageKind = 'link' | 'reminder' | 'partial' | 'paid' | 'expired' | 'cancelled' | 'refunded';

/** One payment request as stored. Money in integer minor units; times ISO-8601 UTC. */
export interface PaymentRecord {
  paymentId: string;
  referenceId: string;
  waId: string;
  originationPhoneNumberId: string;
  amountMinor: number;
  currency: string;
  description: string;
  upiLink: boolean;
  acceptPartial: boolean;
  firstMinPartialMinor?: number;
  customer: { name?: string; email?: string; contact?: string };
  expireBy: string;
  reminder: boolean;
  reminderLeadSeconds?: number;
  templates?: Partial<Record<PaymentMessageKind, PaymentMessageTemplate>>;
  status: PaymentStatus;
  amountPaidMinor: number;
  refundedMinor: number;
  paymentLinkId?: string;
  shortUrl?: string;
  orderMessageId?: string;
  linkMessageKey?: string;
  executionName?: string;
  outcome?: 'paid' | 'expired' | 'cancelled';
  outcomePublished?: boolean;
  createdAt: string;
  updatedAt: string;
  version: number;
}

export interface PaymentHistoryEntry {
  occurredAt: string;
  eventId: string;
  source: 'action' | 'webhook' | 'reconcile' | 'workflow';
  kind: string;
  status?: string;
  amountPaidMinor?: number;
  detail?: Record<string, unknown>;
  applied: boolean;
}

/** One attempt on the link at Razorpay (a `pay_…`), with what may still be refunded from it. */
export interface PaymentAttempt {
  razorpayPaymentId: string;
  status: string;
  amountMinor: number;
  refundedMinor: number;
  refundReservedMinor: number;
  method?: string;
  updatedAt: string;
}

export interface RefundRecord {
  refundReference: string;
  razorpayPaymentId: string;
  amountMinor: number;
  status: 'requested' | 'pending' | 'processed' | 'failed';
  refundId?: string;
  /**
   * While the call that reserved the reference may still be talking to Razorpay: a repeat before
   * then is told to retry (it cannot know whether that call will make the refund); after it, or
   * once that call has failed, a repeat looks the refund up by its receipt and makes it if absent.
   */
  inFlightUntil?: string;
  createdAt: string;
  updatedAt: string;
}

/** The state a waiting lifecycle execution is resumed with. */
export interface LinkSnapshot {
  paymentId: string;
  status: PaymentStatus;
  amountPaidMinor: number;
  amountDueMinor: number;
}
