import { amountDueMinor } from './lifecycle.js';
import { formatAmount } from './amounts.js';
import type { PaymentMessageKind, PaymentRecord, PaymentMessageTemplate } from './model.js';

/** The WhatsApp message bodies (Meta JSON) the payment flow sends inside the 24-hour window. */
export function paymentMessage(kind: PaymentMessageKind, p: PaymentRecord, extra: { refundedMinor?: number } = {}): Record<string, unknown> & { type: string } {
  const due = formatAmount(amountDueMinor(p.amountMinor, p.amountPaidMinor), p.currency);
  const total = formatAmount(p.amountMinor, p.currency);
  const link = p.shortUrl ?? '';
  const cta = (text: string) => ({
    type: 'interactive',
    interactive: {
      type: 'cta_url',
      body: { text: text.slice(0, 1024) },
      footer: { text: `Ref ${p.referenceId}`.slice(0, 60) },
      // display_text: at most 20 characters (Meta).
      action: { name: 'cta_url', parameters: { display_text: 'Pay now', url: link } },
    },
  });
  const text = (body: string) => ({ type: 'text', text: { preview_url: false, body } });
  switch (kind) {
    case 'link':
      return cta(`${p.description}\nAmount: ${total}\nPay securely with UPI, cards or netbanking before ${humanTime(p.expireBy)}.`);
    case 'reminder':
      return cta(`Reminder: ${due} is still due for "${p.description}". The payment link expires at ${humanTime(p.expireBy)}.`);
    case 'partial':
      return cta(`We received ${formatAmount(p.amountPaidMinor, p.currency)} for "${p.description}". ${due} remains due.`);
    case 'paid':
      return text(`Payment received: ${formatAmount(p.amountPaidMinor, p.currency)} for "${p.description}". Thank you! (Ref ${p.referenceId})`);
    case 'expired':
      return text(`The payment link for "${p.description}" (${total}) has expired. Reply here if you still want to pay.`);
    case 'cancelled':
      return text(`The payment request for "${p.description}" (${total}) was cancelled. No payment is due.`);
    case 'refunded':
      return text(`A refund of ${formatAmount(extra.refundedMinor ?? 0, p.currency)} for "${p.description}" is on its way to your account.`);
  }
}

/** Fills {amount} {due} {link} {description} {reference} in a template's component strings. */
export function templateMessage(t: PaymentMessageTemplate, p: PaymentRecord): Record<string, unknown> & { type: string } {
  const vars: Record<string, string> = {
    amount: formatAmount(p.amountMinor, p.currency),
    due: formatAmount(amountDueMinor(p.amountMinor, p.amountPaidMinor), p.currency),
    link: p.shortUrl ?? '',
    description: p.description,
    reference: p.referenceId,
  };
  const fill = (v: unknown): unknown =>
    typeof v === 'string'
      ? v.replace(/\{(amount|due|link|description|reference)\}/g, (_, k: string) => vars[k] ?? '')
      : Array.isArray(v)
        ? v.map(fill)
        : v && typeof v === 'object'
          ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, fill(x)]))
          : v;
  return {
    type: 'template',
    template: { name: t.name, language: { code: t.language }, ...(t.components ? { components: fill(t.components) } : {}) },
  };
}

function humanTime(iso: string): string {
  return `${iso.slice(0, 16).replace('T', ' ')} UTC`;
}

export const PAYMENT_MESSAGE_KINDS = ['link', 'reminder', 'partial', 'paid', 'expired', 'cancelled', 'refunded'] as const satisfies readonly PaymentMessageKind[];
/** The variable naming the default template of one kind of payment message (the CDK stack sets it from context). */
export const paymentTemplateEnvName = (kind: PaymentMessageKind): string => `PAYMENT_TEMPLATE_${kind.toUpperCase()}`;

/** `PAYMENT_TEMPLATE_<KIND>=name:language` from the environment (config, not secrets). */
export function templatesFromEnv(env: Record<string, string | undefined> = process.env): Partial<Record<PaymentMessageKind, PaymentMessageTemplate>> {
  const out: Partial<Record<PaymentMessageKind, PaymentMessageTemplate>> = {};
  for (const kind of PAYMENT_MESSAGE_KINDS) {
    const raw = env[paymentTemplateEnvName(kind)];
    const [name, language] = raw?.split(':') ?? [];
    if (name) out[kind] = { name, language: language || 'en' };
  }
  return out;
}
