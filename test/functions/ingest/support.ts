import { ScanCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { makeEvent, type DomainDetail } from '../../../events/index.js';
import { signRazorpayBody } from '../../../functions/domain/ingest/razorpay-signature.js';

/** Builders for the payloads the ingest tests send, in the documented shapes (synthetic values). */
export const WABA = '900000000000001';
export const PHONE_ID = '800000000000001';
export const CUSTOMER = '15550001111';

export function backboneFixture(name: string): { object: string; entry: Record<string, unknown>[] } {
  return JSON.parse(readFileSync(fileURLToPath(new URL(`../../fixtures/backbone/${name}`, import.meta.url)), 'utf8'));
}

/** The SNS `Message` body EUM publishes: one Meta entry as a JSON string. */
export function eumMessage(entry: unknown, messageTimestamp = '2026-01-01T00:00:00.000000000Z'): string {
  return JSON.stringify({
    context: { MetaWabaIds: [{ wabaId: WABA }], MetaPhoneNumberIds: [{ metaPhoneNumberId: PHONE_ID }] },
    whatsAppWebhookEntry: typeof entry === 'string' ? entry : JSON.stringify(entry),
    aws_account_id: '123456789012',
    message_timestamp: messageTimestamp,
  });
}

/** A Meta webhook entry for the test WABA with `changes`, sent at 2026-01-01T01:00:00Z. */
export function wabaEntry(changes: unknown[]): Record<string, unknown> {
  return { id: WABA, time: 1767229200, changes };
}

export function statusEntry(statuses: unknown[]): Record<string, unknown> {
  return {
    id: WABA,
    changes: [{ field: 'messages', value: { messaging_product: 'whatsapp', metadata: { display_phone_number: '15550000100', phone_number_id: PHONE_ID }, statuses } }],
  };
}

export function metaStatus(wamid: string, status: string, unixSeconds: number, extra: Record<string, unknown> = {}) {
  return { id: wamid, status, timestamp: String(unixSeconds), recipient_id: CUSTOMER, ...extra };
}

/** An SNS notification exactly as SNS posts it to an HTTPS subscriber. */
export function snsHttpNotification(type: 'Notification' | 'SubscriptionConfirmation', message: string): string {
  return JSON.stringify({
    Type: type,
    MessageId: '11111111-2222-3333-4444-555555555555',
    TopicArn: 'arn:aws:sns:us-east-1:123456789012:eum-social-events',
    Message: message,
    Timestamp: '2026-01-01T00:00:00.000Z',
    ...(type === 'SubscriptionConfirmation' ? { Token: 'token', SubscribeURL: 'https://sns.us-east-1.amazonaws.com/?Action=ConfirmSubscription&Token=token' } : {}),
  });
}

/** A Razorpay `payment.captured` webhook body (Razorpay docs, webhooks/payments shape), amounts in paise. */
export function razorpayCaptured(paymentId = 'pay_TestCaptured01', amount = 49900): string {
  return JSON.stringify({
    entity: 'event',
    account_id: 'acc_TestAccount0001',
    event: 'payment.captured',
    contains: ['payment'],
    payload: {
      payment: {
        entity: {
          id: paymentId,
          entity: 'payment',
          amount,
          currency: 'INR',
          status: 'captured',
          order_id: 'order_Test0001',
          method: 'upi',
          amount_refunded: 0,
          captured: true,
          notes: [],
          created_at: 1767225600,
        },
      },
    },
    created_at: 1767225600,
  });
}

export function signedHeaders(rawBody: string, secret: string, eventId = 'evt_Test0001'): Record<string, string> {
  return { 'Content-Type': 'application/json', 'X-Razorpay-Signature': signRazorpayBody(rawBody, secret), 'X-Razorpay-Event-Id': eventId };
}

export async function scanAll(db: DynamoDBDocumentClient, tableName: string): Promise<Record<string, unknown>[]> {
  const out = await db.send(new ScanCommand({ TableName: tableName, ConsistentRead: true }));
  return out.Items ?? [];
}

/** 2026-01-01T00:00:00Z, in seconds. */
export const NEW_YEAR = 1767225600;

/** A time `seconds` after the epoch, as the domain events carry it. */
export const atSecond = (seconds: number): string => new Date(seconds * 1000).toISOString();

type MessageType = 'message.sent' | 'message.status' | 'message.received' | 'flow.completed';
type MessageEvent<T extends MessageType> = { detailType: T; detail: DomainDetail<T> };

/** A `type` event at `seconds` on the test number, as normalized; `fields` are the type's own (the stores' tests: synthetic values). */
function atTestNumber<T extends MessageType>(type: T, seconds: number, fields: Record<string, unknown>): MessageEvent<T> {
  return makeEvent(type, { occurredAt: atSecond(seconds), receivedAt: atSecond(seconds), phoneNumberId: PHONE_ID, wabaId: WABA, ...fields } as never) as MessageEvent<T>;
}

/** Our outbound message `key` recorded as sent at `seconds`. */
export function sentEvent(key: string, seconds: number, extra: Record<string, unknown> = {}): MessageEvent<'message.sent'> {
  return atTestNumber('message.sent', seconds, { eventId: `sent:${key}`, messageKey: key, to: CUSTOMER, type: 'text', bizOpaqueCallbackData: key, ...extra });
}

/** Meta's status webhook for message `key` at `seconds`. */
export function statusEvent(key: string, status: 'sent' | 'delivered' | 'read' | 'failed', seconds: number, extra: Record<string, unknown> = {}): MessageEvent<'message.status'> {
  return atTestNumber('message.status', seconds, {
    eventId: `st:${key}:${status}:${seconds}`,
    messageKey: key,
    wamid: key,
    recipient: CUSTOMER,
    status,
    via: 'meta-webhook',
    ...extra,
  });
}

/** The customer's text `messageId` received at `seconds`. */
export function receivedEvent(messageId: string, seconds: number, extra: Record<string, unknown> = {}): MessageEvent<'message.received'> {
  return atTestNumber('message.received', seconds, { eventId: `msg:${messageId}`, messageId, from: CUSTOMER, type: 'text', text: 'hi', ...extra });
}

/** The customer's reply `messageId` to a Flow, at `seconds`. */
export function flowReplyEvent(messageId: string, seconds: number, extra: Record<string, unknown> = {}): MessageEvent<'flow.completed'> {
  return atTestNumber('flow.completed', seconds, { eventId: `flow:${messageId}`, messageId, from: CUSTOMER, flowToken: 't', response: {}, ...extra });
}
