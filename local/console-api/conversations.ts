import type { Sandboxes } from '../server/sandboxes-wiring.js';
import type { ConversationItem, ConversationMessage } from './conversation-types.js';

export type { ConversationItem, ConversationMessage } from './conversation-types.js';

const digits = (v: string) => v.replace(/\D/g, '');

/** Messages in (what the sandbox delivered as webhooks) and out (what the business sent), per customer. */
function allMessages(sandboxes: Sandboxes): Map<string, { name?: string; messages: ConversationMessage[] }> {
  const byCustomer = new Map<string, { name?: string; messages: ConversationMessage[] }>();
  const of = (waId: string) => {
    let c = byCustomer.get(waId);
    if (!c) byCustomer.set(waId, (c = { messages: [] }));
    return c;
  };
  for (const d of sandboxes.eum.deliveries()) {
    for (const change of d.entry.changes ?? []) {
      const value = change.value as { contacts?: { wa_id: string; profile?: { name?: string } }[]; messages?: Record<string, any>[] };
      for (const m of value?.messages ?? []) {
        const c = of(digits(String(m.from)));
        c.name ??= value.contacts?.find((x) => x.wa_id === m.from)?.profile?.name;
        c.messages.push({
          direction: 'in',
          id: m.id,
          at: new Date(Number(m.timestamp) * 1000 || d.at.getTime()).toISOString(),
          type: m.type,
          text: textOf(m),
          status: 'received',
          message: m,
        });
      }
    }
  }
  for (const s of sandboxes.eum.sentMessages()) {
    of(digits(s.to)).messages.push({
      direction: 'out',
      id: s.wamid,
      at: new Date(s.sentAt).toISOString(),
      type: s.type,
      text: textOf(s.message),
      status: s.statuses.at(-1) ?? 'accepted',
      statuses: s.statuses,
      ...(s.templateName ? { templateName: s.templateName } : {}),
      message: s.message,
    });
  }
  for (const c of byCustomer.values()) c.messages.sort((a, b) => a.at.localeCompare(b.at));
  return byCustomer;
}

export function conversations(sandboxes: Sandboxes): ConversationItem[] {
  return [...allMessages(sandboxes)]
    .map(([customer, c]) => {
      const last = c.messages.at(-1);
      return { customer, name: c.name, messages: c.messages.length, lastAt: last?.at, lastText: last?.text ?? (last ? `[${last.type}]` : undefined) };
    })
    .sort((a, b) => (b.lastAt ?? '').localeCompare(a.lastAt ?? ''));
}

export function conversation(sandboxes: Sandboxes, customer: string) {
  const c = allMessages(sandboxes).get(digits(customer));
  return { customer: digits(customer), name: c?.name, messages: c?.messages ?? [] };
}

function textOf(m: Record<string, any>): string | undefined {
  if (m.text?.body) return m.text.body;
  if (m.interactive?.button_reply) return m.interactive.button_reply.title;
  if (m.interactive?.list_reply) return m.interactive.list_reply.title;
  if (m.interactive?.nfm_reply) return m.interactive.nfm_reply.body ?? 'Flow completed';
  if (m.interactive?.body?.text) return m.interactive.body.text;
  if (m.button?.text) return m.button.text;
  if (m.template?.name) return `template ${m.template.name}`;
  if (m.order) return `order of ${m.order.product_items?.length ?? 0} item(s)`;
  return undefined;
}
