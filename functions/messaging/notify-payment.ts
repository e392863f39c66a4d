import { paymentMessage, templateMessage } from '../domain/payments/messages.js';
import type { PaymentMessageKind, PaymentRecord, PaymentMessageTemplate } from '../domain/payments/model.js';
import type { NotifyResult } from '../ports/payments.js';
import { sendWhatsAppMessage, WindowClosedError, type SendDeps } from './send-message.js';

/**
 * Sends a payment message: a free-form (interactive) message inside the 24-hour window, else
 * the approved template configured for that kind. Without one, nothing is sent and the reason
 * is returned — a closed window is an expected situation, not a failure of the payment.
 */
export async function notifyCustomer(
  kind: PaymentMessageKind,
  p: PaymentRecord,
  deps: SendDeps & { defaultTemplates?: Partial<Record<PaymentMessageKind, PaymentMessageTemplate>> },
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
