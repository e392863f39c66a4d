import { PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { Keys } from '../../../functions/adapters/dynamodb/keys.js';
import { DynamoPaymentStore } from '../../../functions/adapters/dynamodb/payment-store.js';
import type { PaymentRecord } from '../../../functions/domain/payments/model.js';

/** Payment records as the code before the month key (GSI1) stored them, for backfill_payment_listing's tests. */

/** A created payment request of `waId` (paise amounts), created at `createdAt`. */
export const paymentRecord = (paymentId: string, createdAt: string, waId = '919100000001'): PaymentRecord => ({
  paymentId,
  referenceId: `REF-${paymentId}`,
  waId,
  originationPhoneNumberId: 'phone-number-id-test',
  amountMinor: 1000,
  currency: 'INR',
  description: 'Order',
  upiLink: false,
  acceptPartial: false,
  customer: {},
  expireBy: new Date(Date.parse(createdAt) + 3600_000).toISOString(),
  reminder: false,
  status: 'created',
  amountPaidMinor: 0,
  refundedMinor: 0,
  createdAt,
  updatedAt: createdAt,
  version: 2,
});

/** Stores `r` as the old code did: reserve's item minus Keys.paymentsByMonth, with a history item beside it. */
export async function putLegacyPayment(db: DynamoDBDocumentClient, tableName: string, r: PaymentRecord) {
  const item = { ...Keys.payment(r.paymentId), ...Keys.paymentsByCustomer(r.waId, r.createdAt, r.paymentId), ...r };
  await db.send(new PutCommand({ TableName: tableName, Item: item }));
  await new DynamoPaymentStore(db, tableName).addHistory(r.paymentId, {
    occurredAt: r.createdAt,
    eventId: `created:${r.paymentId}`,
    source: 'action',
    kind: 'created',
    applied: true,
  });
}
