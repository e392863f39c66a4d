/**
 * EUM SNS message bodies for the backbone scenario and tests. Shape: EUM's documented event
 * destination payload (`context`, `aws_account_id`, `message_timestamp`, `whatsAppWebhookEntry`
 * = the Meta webhook entry as a JSON string), with Meta's documented `messages`/`statuses` values.
 */
export interface BackboneIds {
  metaPhoneNumberId: string;
  wabaId: string;
  customerWaId: string;
}

export const DEFAULT_IDS: BackboneIds = { metaPhoneNumberId: '106540352242922', wabaId: '102290129340398', customerWaId: '15550001111' };

function envelope(ids: BackboneIds, value: Record<string, unknown>): string {
  return JSON.stringify({
    context: { MetaWabaIds: [{ wabaId: ids.wabaId }], MetaPhoneNumberIds: [{ metaPhoneNumberId: ids.metaPhoneNumberId }] },
    aws_account_id: '000000000000',
    message_timestamp: new Date().toISOString(),
    whatsAppWebhookEntry: JSON.stringify({
      id: ids.wabaId,
      changes: [
        { field: 'messages', value: { messaging_product: 'whatsapp', metadata: { display_phone_number: '15550009999', phone_number_id: ids.metaPhoneNumberId }, ...value } },
      ],
    }),
  });
}

export function inboundText(ids: BackboneIds, wamid: string, text: string, unixSeconds: number): string {
  return envelope(ids, {
    contacts: [{ profile: { name: 'Demo Customer' }, wa_id: ids.customerWaId }],
    messages: [{ from: ids.customerWaId, id: wamid, timestamp: String(unixSeconds), type: 'text', text: { body: text } }],
  });
}

export function statusUpdate(ids: BackboneIds, wamid: string, status: 'sent' | 'delivered' | 'read', unixSeconds: number): string {
  return envelope(ids, {
    statuses: [
      {
        id: wamid,
        status,
        timestamp: String(unixSeconds),
        recipient_id: ids.customerWaId,
        pricing: { billable: true, pricing_model: 'PMP', category: 'utility', type: 'regular' },
      },
    ],
  });
}
