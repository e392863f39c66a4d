/**
 * The lifecycle of one payment request, as a pure state machine.
 *
 *   creating → created → partially_paid → paid
 *                    ↘        ↘─────────→ expired | cancelled
 *
 * Transitions only move forward (rank), so webhooks can arrive in any order and any number
 * of times. `paid` outranks `expired`/`cancelled`: if the provider ever reports money taken,
 * that fact wins (money safety), and nothing moves a paid payment back. The amount paid
 * never decreases either.
 */
export const PaymentStatuses = ['creating', 'created', 'partially_paid', 'expired', 'cancelled', 'paid'] as const;
export type PaymentStatus = (typeof PaymentStatuses)[number];

const RANK: Record<PaymentStatus, number> = { creating: 0, created: 1, partially_paid: 2, expired: 3, cancelled: 3, paid: 4 };
export const TERMINAL_STATUSES: readonly PaymentStatus[] = ['paid', 'expired', 'cancelled'];

export function statusRank(status: PaymentStatus): number {
  return RANK[status];
}
export function isTerminal(status: PaymentStatus): boolean {
  return TERMINAL_STATUSES.includes(status);
}
export function isPaymentStatus(value: string): value is PaymentStatus {
  return (PaymentStatuses as readonly string[]).includes(value);
}

/** Razorpay payment-link statuses → ours (`issued` is Razorpay's older name for `created`). */
export function fromLinkStatus(status: string): PaymentStatus | undefined {
  if (status === 'issued') return 'created';
  return isPaymentStatus(status) && status !== 'creating' ? status : undefined;
}

export interface LinkState {
  status: PaymentStatus;
  amountPaidMinor: number;
}

export interface LinkObservation {
  status: PaymentStatus;
  /** Amount paid so far, as the provider reported it with this status (absent: unknown). */
  amountPaidMinor?: number;
}

export interface Transition {
  next: LinkState;
  /** Something changed (status or amount). */
  changed: boolean;
  /** The observation contradicts a terminal state already stored (kept in history, not applied). */
  conflict: boolean;
}

/** Applies one observation. Pure; idempotent; commutative over a consistent provider history. */
export function applyObservation(current: LinkState, obs: LinkObservation): Transition {
  const amountPaidMinor = Math.max(current.amountPaidMinor, obs.amountPaidMinor ?? 0);
  let status = current.status;
  let conflict = false;
  if (statusRank(obs.status) > statusRank(current.status)) status = obs.status;
  else if (obs.status !== current.status && isTerminal(current.status) && isTerminal(obs.status)) conflict = true;
  const next = { status, amountPaidMinor };
  return { next, changed: next.status !== current.status || next.amountPaidMinor !== current.amountPaidMinor, conflict };
}

export function amountDueMinor(amountMinor: number, amountPaidMinor: number): number {
  return Math.max(0, amountMinor - amountPaidMinor);
}

/** Provider-side payment (one attempt on the link) statuses, ordered. A late `failed` never undoes a capture. */
const PROVIDER_PAYMENT_RANK: Record<string, number> = { created: 0, failed: 1, authorized: 2, captured: 3, refunded: 4 };
export function providerPaymentRank(status: string): number {
  return PROVIDER_PAYMENT_RANK[status] ?? 0;
}

/** The outcome event a terminal status produces. */
export function outcomeOf(status: PaymentStatus): 'paid' | 'expired' | 'cancelled' | undefined {
  return status === 'paid' || status === 'expired' || status === 'cancelled' ? status : undefined;
}
