import type { Runtime } from '../../runtime.js';

interface RazorpaySandbox {
  pay(id: string, opts?: { amount?: number; method?: string }): Promise<unknown>;
  expire(id: string): Promise<unknown>;
}
interface Customer {
  waId: string;
  sendText(text: string): Promise<string>;
  sendOrder(input: { catalogId: string; items: { productRetailerId: string; quantity: number; itemPrice: number; currency: string }[] }): Promise<string>;
}
type Payment = { paymentId: string; paymentLinkId: string; status: string; orderMessageId?: string; amountMinor: number };

/**
 * Payments: (1) a WhatsApp cart becomes a Razorpay payment link (ORDER_TO_PAYMENT=on), the
 * customer pays, we confirm and emit payment.completed; (2) a link is reminded, then expires.
 */
export const scenario = {
  name: 'payments',
  async run(rt: Runtime): Promise<{ ok: boolean; summary: string }> {
    const rzp = rt.sandboxes.razorpay as RazorpaySandbox;
    const customer = rt.sandboxes.customer as Customer;
    const from = (rt.sandboxes.eum as { phoneNumber: { id: string } }).phoneNumber.id;
    const saved = { rule: process.env.ORDER_TO_PAYMENT, origination: process.env.PAYMENT_ORIGINATION_PHONE_NUMBER_ID };
    // Configuration, not code: the business turns the order → payment rule on.
    process.env.ORDER_TO_PAYMENT = 'on';
    process.env.PAYMENT_ORIGINATION_PHONE_NUMBER_ID = from;
    try {
      await customer.sendText('Hi, I want to order');
      const wamid = await customer.sendOrder({
        catalogId: 'demo-catalog',
        items: [
          { productRetailerId: 'sku-masala-chai', quantity: 2, itemPrice: 180, currency: 'INR' },
          { productRetailerId: 'sku-biscuits', quantity: 1, itemPrice: 45.5, currency: 'INR' },
        ],
      });
      await rt.idle();
      const list = await rt.action({ action: 'list_payments', wa_id: customer.waId, limit: 50 });
      const fromOrder = (list.body as { payments?: Payment[] }).payments?.find((p) => p.orderMessageId === wamid);
      if (!fromOrder) return { ok: false, summary: `no payment request for order ${wamid}: ${JSON.stringify(list.body).slice(0, 200)}` };
      await rzp.pay(fromOrder.paymentLinkId, { method: 'upi' });
      const completed = await rt.waitForEvent((e) => e.detailType === 'payment.completed' && e.detail.paymentId === fromOrder.paymentId, 60_000);

      const created = await rt.action({
        action: 'create_payment_request',
        wa_id: customer.waId,
        origination_phone_number_id: from,
        amount: 49_900,
        description: 'Annual membership',
        reference_id: `DEMO-EXP-${Date.now().toString(36)}`,
        expire_in_minutes: 15,
        reminders: { enabled: true, before_expiry_minutes: 5 },
      });
      if (created.statusCode !== 200) return { ok: false, summary: `create_payment_request answered ${created.statusCode}: ${JSON.stringify(created.body).slice(0, 200)}` };
      const expiring = (created.body as { payment: Payment }).payment;
      const deadline = Date.now() + 60_000;
      let reminded = false;
      while (!reminded && Date.now() < deadline) {
        const got = await rt.action({ action: 'get_payment', payment_id: expiring.paymentId });
        reminded = (got.body as { history: { kind: string }[] }).history.some((h) => h.kind === 'message.reminder');
        if (!reminded) await new Promise((r) => setTimeout(r, 50));
      }
      if (!reminded) return { ok: false, summary: 'no reminder before expiry' };
      await rzp.expire(expiring.paymentLinkId);
      await rt.waitForEvent((e) => e.detailType === 'payment.expired' && e.detail.paymentId === expiring.paymentId, 60_000);
      await rt.idle();
      const outcomes = (id: string) =>
        rt
          .events()
          .filter((e) => e.detailType.startsWith('payment.') && ['payment.completed', 'payment.expired', 'payment.cancelled'].includes(e.detailType) && e.detail.paymentId === id)
          .length;
      const ok = outcomes(fromOrder.paymentId) === 1 && outcomes(expiring.paymentId) === 1;
      return {
        ok,
        summary: `order ${fromOrder.amountMinor} paise paid (${completed.detailType}); membership link reminded then expired; one outcome each: ${ok}`,
      };
    } finally {
      process.env.ORDER_TO_PAYMENT = saved.rule;
      process.env.PAYMENT_ORIGINATION_PHONE_NUMBER_ID = saved.origination;
      if (saved.rule === undefined) delete process.env.ORDER_TO_PAYMENT;
      if (saved.origination === undefined) delete process.env.PAYMENT_ORIGINATION_PHONE_NUMBER_ID;
    }
  },
};
