/**
 * Meta webhook values for the operator views' demo: several closed days of outbound messages with
 * their statuses (sent, delivered, read, failed with Meta's error objects), customers' replies, and
 * inbound messages that open customers' windows. Shapes: Meta's `messages` webhook (statuses[] with
 * pricing and errors[{code, title, message, error_data.details}], messages[] with contacts[]);
 * times are the payloads' own `timestamp`s, which is how the days are backdated.
 */
const DAY_MS = 24 * 3600_000;

/** Meta's error objects as a failed status carries them. */
export const DEMO_FAILURES: Record<number, { title: string; details: string }> = {
  131047: { title: 'Re-engagement message', details: 'Message failed to send because more than 24 hours have passed since the customer last replied to this number.' },
  131049: {
    title: 'This message was not delivered to maintain healthy ecosystem engagement.',
    details: 'In order to maintain a healthy ecosystem engagement, the message failed to be delivered.',
  },
  131026: { title: 'Message undeliverable', details: 'Unable to deliver message. Reasons can include: the recipient phone number is not a WhatsApp phone number.' },
};

type Fate = 'read' | 'delivered' | 'sent' | 131047 | 131049 | 131026;
/** One day's mix; the failures rotate so every code shows on several days. */
const FATES: Fate[] = ['read', 'delivered', 'read', 131049, 'read', 'sent', 'delivered', 131026, 'read', 'read', 131047, 'delivered'];

export interface DayTraffic {
  /** `messages` webhook values, in the order Meta would send them. */
  values: Record<string, unknown>[];
  sent: number;
  failedByCode: Record<number, number>;
}

/** `days` closed UTC days before `now` (oldest first), `perDay` outbound messages each. */
export function closedDaysTraffic(now: Date, run: string, days = 7, perDay = FATES.length): DayTraffic {
  const out: DayTraffic = { values: [], sent: 0, failedByCode: {} };
  const today0 = Date.parse(`${now.toISOString().slice(0, 10)}T00:00:00Z`);
  for (let offset = days; offset >= 1; offset--) {
    for (let i = 0; i < perDay; i++) {
      const fate = FATES[(i + offset) % FATES.length]!;
      const waId = `9198${String(offset * 100 + i).padStart(8, '0')}`;
      const wamid = `wamid.ops-${run}-${offset}-${i}`;
      const sent = Math.floor((today0 - offset * DAY_MS + (8 + i) * 3600_000 + offset * 60_000) / 1000);
      const category = i % 3 === 0 ? 'marketing' : 'utility';
      const pricing = { billable: true, pricing_model: 'PMP', category, type: 'regular' };
      const status = (s: string, at: number, extra: Record<string, unknown> = {}) => ({
        statuses: [{ id: wamid, status: s, timestamp: String(at), recipient_id: waId, ...extra }],
      });
      if (typeof fate === 'number') {
        const f = DEMO_FAILURES[fate]!;
        out.values.push(status('failed', sent + 1, { errors: [{ code: fate, title: f.title, message: f.title, error_data: { details: f.details } }] }));
        out.failedByCode[fate] = (out.failedByCode[fate] ?? 0) + 1;
        continue;
      }
      out.sent += 1;
      out.values.push(status('sent', sent, { pricing }));
      if (fate === 'sent') continue;
      // Delivery within seconds, reading within minutes to hours: latencies spread for p50/p95.
      out.values.push(status('delivered', sent + 2 + ((i * 7 + offset) % 40), { pricing }));
      if (fate === 'read') out.values.push(status('read', sent + 60 * (1 + ((i * 13 + offset * 5) % 180)), { pricing }));
      if (i % 4 === 0) out.values.push(inboundText(waId, `wamid.ops-reply-${run}-${offset}-${i}`, 'Thanks!', sent + 1800));
    }
  }
  return out;
}

export function inboundText(waId: string, wamid: string, text: string, unixSeconds: number): Record<string, unknown> {
  return {
    contacts: [{ profile: { name: 'Demo Customer' }, wa_id: waId }],
    messages: [{ from: waId, id: wamid, timestamp: String(unixSeconds), type: 'text', text: { body: text } }],
  };
}

/** A Meta entry of the `messages` field for the linked number (what EUM wraps in its SNS envelope). */
export function messagesEntry(phone: { metaPhoneNumberId: string; metaWabaId?: string; wabaId: string; webhookDisplayPhoneNumber?: string }, value: Record<string, unknown>) {
  const wabaId = phone.metaWabaId ?? phone.wabaId;
  return {
    id: wabaId,
    changes: [
      {
        field: 'messages',
        value: {
          messaging_product: 'whatsapp',
          metadata: { display_phone_number: phone.webhookDisplayPhoneNumber ?? '919000000001', phone_number_id: phone.metaPhoneNumberId },
          ...value,
        },
      },
    ],
  };
}
