import { sendWhatsAppMessage, WindowClosedError, type SendDeps } from '../../messaging/send-message.js';
import { paymentMessage, templateMessage } from './messages.js';
import type { PaymentMessageKind, PaymentRecord, TemplateRef } from './model.js';

export interface NotifyResult {
  sent: boolean;
  messageKey?: string;
  via?: 'session' | 'template';
  reason?: string;
}

/**
 * Sends a payment message: a free-form (interactive) message inside the 24-hour window, else
 * the approved template configured for that kind. Without one, nothing is sent and the reason
 * is returned — a closed window is an expected situation, not a failure of the payment.
 */
export async function notifyCustomer(
  kind: PaymentMessageKind,
  p: PaymentRecord,
  deps: SendDeps & { defaultTemplates?: Partial<Record<PaymentMessageKind, TemplateRef>> },
  extra: { refundedMinor?: number } = {},
): Promise<NotifyResult> {
  const base = { originationPhoneNumberId: p.originationPhoneNumberId, to: p.waId };
  try {
    const r = await sendWhatsAppMessage({ ...base, message: paymentMessage(kind, p, extra) }, deps);
    return { sent: true, messageKey: r.messageKey, via: 'session' };
  } catch (err) {
    if (!(err instanceof WindowClosedError)) throw err;
    const template = p.templates?.[kind] ?? deps.defaultTemplates?.[kind];
    if (!template) return { sent: false, reason: `${err.message}; no approved template configured for "${kind}" messages (templates.${kind})` };
    const r = await sendWhatsAppMessage(
      { ...base, message: templateMessage(template, p), template: { name: template.name, language: template.language, category: 'UTILITY' } },
      deps,
    );
    return { sent: true, messageKey: r.messageKey, via: 'template' };
  }
}

export const PAYMENT_MESSAGE_KINDS = ['link', 'reminder', 'partial', 'paid', 'expired', 'cancelled', 'refunded'] as const satisfies readonly PaymentMessageKind[];
/** The variable naming the default template of one kind of payment message (the CDK stack sets it from context). */
export const paymentTemplateEnvName = (kind: PaymentMessageKind): string => `PAYMENT_TEMPLATE_${kind.toUpperCase()}`;

/** `PAYMENT_TEMPLATE_<KIND>=name:language` from the environment (config, not secrets). */
export function templatesFromEnv(env: Record<string, string | undefined> = process.env): Partial<Record<PaymentMessageKind, TemplateRef>> {
  const out: Partial<Record<PaymentMessageKind, TemplateRef>> = {};
  for (const kind of PAYMENT_MESSAGE_KINDS) {
    const raw = env[paymentTemplateEnvName(kind)];
    const [name, language] = raw?.split(':') ?? [];
    if (name) out[kind] = { name, language: language || 'en' };
  }
  return out;
}
