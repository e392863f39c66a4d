import type { LinkObservation } from '../domain/payments/lifecycle.js';
import type { PaymentAttempt, PaymentHistoryEntry, PaymentRecord, RefundRecord } from '../domain/payments/model.js';

export type AliasKind = 'PLINK' | 'RZPPAY' | 'ORDER' | 'WAORDER';

export interface ApplyResult {
  before: PaymentRecord;
  after: PaymentRecord;
  changed: boolean;
  conflict: boolean;
}

export interface UnmatchedEvent {
  kind: 'PLINK' | 'RZPPAY';
  providerId: string;
  eventId: string;
  detailType: string;
  detail: Record<string, unknown>;
  receivedAt: string;
}

export interface ListQuery {
  waId: string;
  status?: string;
  from?: string;
  to?: string;
  limit: number;
  cursor?: string;
}

/** Razorpay as the payments code sees it, in our own types (integers in minor units). */
/** What the payments code needs from Razorpay, in our own types (integers in minor units). */
export interface ProviderLinkPayment {
  razorpayPaymentId: string;
  amountMinor: number;
  status: string;
  method?: string;
}

export interface ProviderLink {
  id: string;
  status: string;
  amountMinor: number;
  amountPaidMinor: number;
  currency: string;
  shortUrl?: string;
  referenceId?: string;
  expireBy?: number;
  upiLink: boolean;
  /** Razorpay creates an order for the link on the first payment attempt. */
  orderId?: string;
  payments: ProviderLinkPayment[];
}

export interface CreateLinkRequest {
  amountMinor: number;
  currency: string;
  referenceId: string;
  description: string;
  expireBy: number;
  upiLink: boolean;
  acceptPartial: boolean;
  firstMinPartialMinor?: number;
  customer: { name?: string; email?: string; contact?: string };
  notes?: Record<string, string>;
  callbackUrl?: string;
}

export interface ProviderRefund {
  id: string;
  razorpayPaymentId: string;
  amountMinor: number;
  status: string;
  receipt?: string;
}

export interface PaymentGateway {
  createLink(req: CreateLinkRequest): Promise<ProviderLink>;
  fetchLink(paymentLinkId: string): Promise<ProviderLink>;
  /** The link Razorpay holds under our reference id, if any (recovers a create whose answer was lost). */
  findLinkByReference(referenceId: string): Promise<ProviderLink | undefined>;
  cancelLink(paymentLinkId: string): Promise<ProviderLink>;
  refund(razorpayPaymentId: string, req: { amountMinor: number; receipt: string; notes?: Record<string, string> }): Promise<ProviderRefund>;
  listRefunds(razorpayPaymentId: string): Promise<ProviderRefund[]>;
}

/** Storage of payment requests (DynamoDB in production and locally, via the adapter). */
export interface PaymentStore {
  /** Reserves the reference: true when this call created the record, else the existing record. */
  reserve(record: PaymentRecord): Promise<{ created: true } | { created: false; existing: PaymentRecord }>;
  get(paymentId: string): Promise<PaymentRecord | undefined>;
  /** Sets link fields on a record still `creating`; idempotent. */
  attachLink(paymentId: string, link: { paymentLinkId: string; shortUrl?: string; at: string }): Promise<PaymentRecord>;
  /** Sets plain attributes (message keys, execution name…) — never status or money. */
  annotate(paymentId: string, attrs: Partial<Pick<PaymentRecord, 'linkMessageKey' | 'executionName' | 'orderMessageId'>>): Promise<void>;
  /** Applies a status observation monotonically (optimistic concurrency) and records it in the history. */
  applyObservation(paymentId: string, obs: LinkObservation, entry: Omit<PaymentHistoryEntry, 'applied'>): Promise<ApplyResult>;
  addHistory(paymentId: string, entry: PaymentHistoryEntry): Promise<boolean>;
  history(paymentId: string): Promise<PaymentHistoryEntry[]>;
  putAlias(kind: AliasKind, providerId: string, paymentId: string): Promise<void>;
  resolveAlias(kind: AliasKind, providerId: string): Promise<string | undefined>;
  /** Records a provider payment attempt; statuses only move forward, amounts never shrink. */
  upsertAttempt(
    paymentId: string,
    a: { razorpayPaymentId: string; status: string; amountMinor?: number; refundedMinor?: number; method?: string; at: string },
  ): Promise<PaymentAttempt>;
  attempts(paymentId: string): Promise<PaymentAttempt[]>;
  /** Creates the refund item for a reference; the existing one on repeat. */
  reserveRefundReference(paymentId: string, refund: RefundRecord): Promise<{ created: boolean; refund: RefundRecord }>;
  /** Takes a `requested` reference for this call: false while another call holds it (its `inFlightUntil` not passed). */
  takeRefundReference(paymentId: string, refundReference: string, now: string, inFlightUntil: string): Promise<boolean>;
  /** Holds `amount` of an attempt's refundable balance; false when it is not available. */
  holdRefundable(paymentId: string, razorpayPaymentId: string, amountMinor: number): Promise<boolean>;
  releaseRefundable(paymentId: string, razorpayPaymentId: string, amountMinor: number): Promise<void>;
  updateRefund(paymentId: string, refundReference: string, attrs: Partial<RefundRecord>): Promise<void>;
  refunds(paymentId: string): Promise<RefundRecord[]>;
  /** Adds to the payment's refunded total once per provider refund id. */
  recordRefundSettled(paymentId: string, refundId: string, razorpayPaymentId: string, amountMinor: number, at: string): Promise<boolean>;
  keepUnmatched(e: UnmatchedEvent): Promise<void>;
  takeUnmatched(kind: 'PLINK' | 'RZPPAY', providerId: string): Promise<UnmatchedEvent[]>;
  /** Claims the single terminal outcome: `won` once; `republish` while unpublished; else `taken`. */
  claimOutcome(paymentId: string, outcome: 'paid' | 'expired' | 'cancelled'): Promise<'won' | 'republish' | 'taken'>;
  markOutcomePublished(paymentId: string): Promise<void>;
  list(q: ListQuery): Promise<{ items: PaymentRecord[]; nextCursor?: string }>;
  recordMetaStatus(detail: Record<string, unknown> & { eventId: string; receivedAt: string }): Promise<boolean>;
}

/** What sending one payment message to the customer did (messaging/notify-payment.ts). */
export interface NotifyResult {
  sent: boolean;
  messageKey?: string;
  via?: 'session' | 'template';
  reason?: string;
}

/** Starts the PaymentLifecycle execution; a second start for the same name is a no-op. */
export interface LifecycleStarter {
  start(name: string, input: unknown): Promise<{ started: boolean; executionArn?: string }>;
}

/** The operator views' read of payment requests, newest first, a page at a time (adapter: adapters/dynamodb/payment-listing.ts). */
export interface PaymentListQuery {
  waId?: string;
  status?: string;
  /** ISO times (UTC), inclusive. */
  from: string;
  to: string;
  limit: number;
  cursor?: string;
}

export interface PaymentListing {
  /** Throws InvalidListCursorError (ports/errors.ts) for a cursor it did not hand out. */
  list(q: PaymentListQuery): Promise<{ items: PaymentRecord[]; nextCursor: string | null }>;
}

/** What one page of the month-key backfill found and did (counts of payment records). */
export interface PaymentListingBackfillPage {
  /** Items of the table the page read (any kind: the Scan filters after reading). */
  scanned: number;
  /** Payment records among them without the month key. */
  missing: number;
  /** Given the key by this page (0 in a dry run). */
  updated: number;
  /** Left alone: changed since the read (keyed or deleted meanwhile); a later run picks up any still without the key. */
  skipped: number;
  /** Without a creation time or payment id, so no month to key them by: every run finds them again. */
  unkeyable: number;
  /** Where the next page starts; null when the table has been read to the end. */
  nextCursor: string | null;
}

/** The upgrade step that gives payment records written before the month key (GSI1) that key (adapter: adapters/dynamodb/payment-listing-backfill.ts). */
export interface PaymentListingBackfill {
  /** One bounded page; throws InvalidListCursorError for a cursor it did not hand out. */
  backfillPage(q: { cursor?: string; pageSize: number; dryRun: boolean }): Promise<PaymentListingBackfillPage>;
}
