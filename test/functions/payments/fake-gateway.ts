import type { CreateLinkRequest, PaymentGateway, ProviderLink, ProviderRefund } from '../../../functions/ports/payments.js';
import { RazorpayError } from '../../../functions/adapters/razorpay/errors.js';

/** An in-memory Razorpay for unit tests: links by reference, payments, refunds; counts calls. */
export class FakeGateway implements PaymentGateway {
  readonly links = new Map<string, ProviderLink>();
  readonly refunds: ProviderRefund[] = [];
  readonly calls: string[] = [];
  // Unique across instances: ids end up in the shared test table's alias items.
  private seq = Math.floor(Math.random() * 1e9);

  async createLink(req: CreateLinkRequest): Promise<ProviderLink> {
    this.calls.push('createLink');
    if ([...this.links.values()].some((l) => l.referenceId === req.referenceId)) {
      throw new RazorpayError('dup', 'BAD_REQUEST_ERROR', 'reference_id already exists', 400, false, 'reference_id');
    }
    const id = `plink_fake${++this.seq}`;
    const link: ProviderLink = {
      id,
      status: 'created',
      amountMinor: req.amountMinor,
      amountPaidMinor: 0,
      currency: req.currency,
      shortUrl: `https://rzp.example/${id}`,
      referenceId: req.referenceId,
      expireBy: req.expireBy,
      upiLink: req.upiLink,
      payments: [],
    };
    this.links.set(id, link);
    return structuredClone(link);
  }
  async fetchLink(id: string) {
    this.calls.push('fetchLink');
    const l = this.links.get(id);
    if (!l) throw new RazorpayError('nf', 'BAD_REQUEST_ERROR', 'not found', 404, false);
    return structuredClone(l);
  }
  async findLinkByReference(ref: string) {
    this.calls.push('findLinkByReference');
    const l = [...this.links.values()].find((x) => x.referenceId === ref);
    return l ? structuredClone(l) : undefined;
  }
  async cancelLink(id: string) {
    this.calls.push('cancelLink');
    const l = this.links.get(id)!;
    if (l.status === 'paid' || l.status === 'expired') throw new RazorpayError('no', 'BAD_REQUEST_ERROR', `link is ${l.status}`, 400, false);
    l.status = 'cancelled';
    return structuredClone(l);
  }
  async refund(razorpayPaymentId: string, req: { amountMinor: number; receipt: string }) {
    this.calls.push('refund');
    const r: ProviderRefund = { id: `rfnd_fake${++this.seq}`, razorpayPaymentId, amountMinor: req.amountMinor, status: 'processed', receipt: req.receipt };
    this.refunds.push(r);
    return r;
  }
  async listRefunds(razorpayPaymentId: string) {
    this.calls.push('listRefunds');
    return this.refunds.filter((r) => r.razorpayPaymentId === razorpayPaymentId);
  }

  /** The customer pays `amount` on a link (as Razorpay would record it). */
  pay(linkId: string, amount: number): string {
    const l = this.links.get(linkId)!;
    const paymentId = `pay_fake${++this.seq}`;
    l.payments.push({ razorpayPaymentId: paymentId, amountMinor: amount, status: 'captured', method: 'upi' });
    l.amountPaidMinor += amount;
    l.status = l.amountPaidMinor >= l.amountMinor ? 'paid' : 'partially_paid';
    return paymentId;
  }
}
