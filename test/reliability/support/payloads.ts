import { snsNotification } from '../../../local/sandboxes/shared/sns.js';

/**
 * EUM webhook deliveries for the reliability suite, written from the documented shapes (not copied
 * fixtures): EUM's SNS message body (`context`, `aws_account_id`, `message_timestamp`, `messageId`,
 * `whatsAppWebhookEntry` = one Meta entry as a JSON string; AWS EUM Social user guide, "event
 * destinations"), wrapped as SNS posts it to an HTTPS subscriber, around Meta's documented `messages`,
 * `statuses`, `message_template_status_update`, `message_template_quality_update` and
 * `phone_number_quality_update` values (Meta WhatsApp Cloud API webhook reference).
 */
export interface Phone {
  metaPhoneNumberId: string;
  metaWabaId: string;
  display: string;
}

export interface MetaEntry {
  id: string;
  time?: number;
  changes: { field: string; value: unknown }[];
}

/** One delivery as SNS posts it; re-sending the same string is what an at-least-once redelivery is. */
export function snsDelivery(phone: Phone, entry: MetaEntry, snsMessageId: string, at: Date): string {
  const message = JSON.stringify({
    context: { MetaWabaIds: [{ wabaId: phone.metaWabaId }], MetaPhoneNumberIds: [{ metaPhoneNumberId: phone.metaPhoneNumberId }] },
    whatsAppWebhookEntry: JSON.stringify(entry),
    aws_account_id: '000000000000',
    message_timestamp: at.toISOString(),
    messageId: snsMessageId,
  });
  return snsNotification(message, snsMessageId, at);
}

/** One `messages` change of the phone number: inbound messages or statuses of outbound ones. */
const messagesEntry = (phone: Phone, value: Record<string, unknown>): MetaEntry => ({
  id: phone.metaWabaId,
  changes: [
    {
      field: 'messages',
      value: { messaging_product: 'whatsapp', metadata: { display_phone_number: phone.display, phone_number_id: phone.metaPhoneNumberId }, ...value },
    },
  ],
});

/** A message from a customer known by phone number (`from` = `wa_id`). */
const fromCustomer = (phone: Phone, waId: string, message: Record<string, unknown>): MetaEntry =>
  messagesEntry(phone, { contacts: [{ profile: { name: 'Storm Customer' }, wa_id: waId }], messages: [{ from: waId, ...message }] });

export function inboundTextEntry(phone: Phone, waId: string, wamid: string, text: string, unix: number): MetaEntry {
  return fromCustomer(phone, waId, { id: wamid, timestamp: String(unix), type: 'text', text: { body: text } });
}

/** An inbound photo / voice note as Meta's webhook carries it: media id + base64 sha256, no URL. */
export function inboundMediaEntry(
  phone: Phone,
  waId: string,
  wamid: string,
  media: { kind: 'image' | 'audio'; id: string; sha256: string; mimeType: string },
  unix: number,
): MetaEntry {
  const body = { mime_type: media.mimeType, sha256: media.sha256, id: media.id, ...(media.kind === 'audio' ? { voice: true } : { caption: 'storm photo' }) };
  return fromCustomer(phone, waId, { id: wamid, timestamp: String(unix), type: media.kind, [media.kind]: body });
}

/** A username-only user (Meta's BSUID shape): empty `from` / `wa_id`, the BSUID in `from_user_id` / `user_id`. */
export function inboundUsernameEntry(phone: Phone, bsuid: string, wamid: string, text: string, unix: number): MetaEntry {
  return messagesEntry(phone, {
    contacts: [{ profile: { name: 'Storm Username' }, wa_id: '', user_id: bsuid }],
    messages: [{ from: '', from_user_id: bsuid, id: wamid, timestamp: String(unix), type: 'text', text: { body: text } }],
  });
}

export type OutboundStatus = 'sent' | 'delivered' | 'read' | 'failed';

export function statusEntry(phone: Phone, waId: string, wamid: string, status: OutboundStatus, unix: number): MetaEntry {
  const s: Record<string, unknown> = { id: wamid, status, timestamp: String(unix), recipient_id: waId };
  if (status === 'failed') s.errors = [{ code: 131026, title: 'Message undeliverable', message: 'Message undeliverable', error_data: { details: 'Message Undeliverable.' } }];
  else s.pricing = { billable: true, pricing_model: 'PMP', category: 'utility', type: 'regular' };
  return messagesEntry(phone, { statuses: [s] });
}

export function templateStatusEntry(phone: Phone, t: { id: string; name: string; language: string }, event: string, unix: number, reason = 'NONE'): MetaEntry {
  return {
    id: phone.metaWabaId,
    time: unix,
    changes: [
      {
        field: 'message_template_status_update',
        value: { event, message_template_id: Number(t.id), message_template_name: t.name, message_template_language: t.language, reason },
      },
    ],
  };
}

export function templateQualityEntry(phone: Phone, t: { id: string; name: string; language: string }, previous: string, rating: string, unix: number): MetaEntry {
  return {
    id: phone.metaWabaId,
    time: unix,
    changes: [
      {
        field: 'message_template_quality_update',
        value: {
          previous_quality_score: previous,
          new_quality_score: rating,
          message_template_id: Number(t.id),
          message_template_name: t.name,
          message_template_language: t.language,
        },
      },
    ],
  };
}

export function phoneQualityEntry(phone: Phone, event: string, currentLimit: string, oldLimit: string, unix: number): MetaEntry {
  return {
    id: phone.metaWabaId,
    time: unix,
    changes: [{ field: 'phone_number_quality_update', value: { display_phone_number: phone.display, event, current_limit: currentLimit, old_limit: oldLimit } }],
  };
}
