import { randomUUID } from 'node:crypto';
import { DetailType, makeEvent } from '../../events/index.js';
import { identitiesOf, recipientFields, type CustomerIdentities } from '../domain/customers/identity.js';
import { OUTBOUND_KEY_PREFIX } from '../domain/ingest/normalize-meta.js';
import { nowIso } from '../domain/shared/time.js';
import type { WhatsAppSender } from '../ports/eum.js';
import type { EventPublisher } from '../ports/index.js';
import type { MessageStore } from '../ports/message-store.js';

export const CUSTOMER_SERVICE_WINDOW_MS = 24 * 3600 * 1000;

export interface SendDeps {
  sender: WhatsAppSender;
  messages: MessageStore;
  publisher: EventPublisher;
  /** Phone ↔ BSUID links: the window is open when the customer wrote under either identity. */
  identities?: CustomerIdentities;
  now?: () => Date;
}

export interface SendRequest {
  originationPhoneNumberId: string;
  /** The customer: a phone number (sent as Meta's `to`) or a BSUID (sent as `recipient`). */
  to: string;
  /** Meta message body without `messaging_product`/`to`/`biz_opaque_callback_data` (added here). */
  message: Record<string, unknown> & { type: string };
  template?: { name: string; language: string; category?: string };
  /** Our id for the message, when the caller must know it before sending (e.g. as a Flow token); `out_…`. */
  messageKey?: string;
}

export interface SendResult {
  messageKey: string;
  eumMessageId: string;
  bizOpaqueCallbackData: string;
}

/** A fresh id for an outbound message (also what `biz_opaque_callback_data` carries). */
export function newOutboundKey(): string {
  return `${OUTBOUND_KEY_PREFIX}${randomUUID()}`;
}

export class WindowClosedError extends Error {
  override readonly name = 'WindowClosedError';
}

/**
 * Sends one WhatsApp message through EUM: checks the 24-hour customer-service window (outside
 * it only templates may go), tags the message with our id in `biz_opaque_callback_data` so
 * status webhooks find it, records it and announces `message.sent`.
 */
export async function sendWhatsAppMessage(req: SendRequest, deps: SendDeps): Promise<SendResult> {
  const now = deps.now?.() ?? new Date();
  const metaPhoneNumberId = await deps.sender.metaPhoneNumberId(req.originationPhoneNumberId);
  if (req.message.type !== 'template') {
    const lastInbound = await lastInboundUnderAnyIdentity(metaPhoneNumberId, req.to, deps);
    const open = lastInbound !== undefined && now.getTime() - Date.parse(lastInbound) < CUSTOMER_SERVICE_WINDOW_MS;
    if (!open) {
      throw new WindowClosedError(
        lastInbound
          ? `the 24-hour customer-service window with ${req.to} closed at ${new Date(Date.parse(lastInbound) + CUSTOMER_SERVICE_WINDOW_MS).toISOString()}: only approved templates can be sent now (use send_template)`
          : `${req.to} has not messaged this number: only approved templates can open a conversation (use send_template)`,
      );
    }
  }
  if (req.messageKey !== undefined && !req.messageKey.startsWith(OUTBOUND_KEY_PREFIX)) {
    throw new Error(`messageKey must start with ${OUTBOUND_KEY_PREFIX}`);
  }
  const messageKey = req.messageKey ?? newOutboundKey();
  const body = {
    messaging_product: 'whatsapp',
    recipient_type: 'individual',
    ...recipientFields(req.to),
    ...req.message,
    biz_opaque_callback_data: messageKey,
  };
  const { eumMessageId } = await deps.sender.send(req.originationPhoneNumberId, body);
  const detail = {
    eventId: `sent:${messageKey}`,
    occurredAt: now.toISOString(),
    receivedAt: nowIso(),
    phoneNumberId: metaPhoneNumberId,
    messageKey,
    eumMessageId,
    to: req.to,
    type: req.message.type,
    templateName: req.template?.name,
    templateLanguage: req.template?.language,
    templateCategory: req.template?.category,
    bizOpaqueCallbackData: messageKey,
  };
  // Recorded synchronously (so an immediate status finds it) and announced for the other consumers.
  await deps.messages.recordOutbound(detail);
  await deps.publisher.publish([makeEvent(DetailType.MessageSent, detail)]);
  return { messageKey, eumMessageId, bizOpaqueCallbackData: messageKey };
}

async function lastInboundUnderAnyIdentity(metaPhoneNumberId: string, customerId: string, deps: SendDeps): Promise<string | undefined> {
  const times = await Promise.all((await identitiesOf(customerId, deps.identities)).map((id) => deps.messages.getLastInboundAt(metaPhoneNumberId, id)));
  return times
    .filter((t): t is string => t !== undefined)
    .sort()
    .at(-1);
}
