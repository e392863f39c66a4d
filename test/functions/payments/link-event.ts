import type { LinkEvent } from '../../../functions/domain/payments/service.js';

/** A payment_link.<status> webhook as the lifecycle records it: one event id per link, status and amount paid. */
export const linkEvent = (linkId: string, status: string, amountPaid: number, paymentId?: string, at = '2026-03-01T10:05:00.000Z'): LinkEvent => ({
  eventId: `rzp:plink:${linkId}:${status}:${amountPaid}`,
  occurredAt: at,
  receivedAt: at,
  paymentLinkId: linkId,
  status,
  amountPaid,
  paymentId,
  providerEvent: `payment_link.${status}`,
});
