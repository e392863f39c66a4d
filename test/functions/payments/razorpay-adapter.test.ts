import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { createSdk, parseCredentials, RazorpayGateway } from '../../../functions/adapters/razorpay/client.js';
import { RazorpayError, toRazorpayError } from '../../../functions/adapters/razorpay/errors.js';
import { parseLink } from '../../../functions/adapters/razorpay/gateway.js';
import { PINNED_RAZORPAY_SDK_VERSION, sdkBaseUrl } from '../../../functions/adapters/razorpay/sdk-base-url.js';

const require = createRequire(import.meta.url);

describe('razorpay error adapter', () => {
  it('turns the SDK plain-object rejection into a typed error with the provider code and description', () => {
    const err = toRazorpayError(
      { statusCode: 400, error: { code: 'BAD_REQUEST_ERROR', description: 'amount exceeds maximum amount allowed.', field: 'amount', source: 'NA', step: 'NA', reason: 'NA' } },
      'create payment link',
    );
    expect(err).toBeInstanceOf(RazorpayError);
    expect(err).toMatchObject({
      provider: 'razorpay',
      providerCode: 'BAD_REQUEST_ERROR',
      description: 'amount exceeds maximum amount allowed.',
      field: 'amount',
      httpStatus: 400,
      retryable: false,
    });
    expect(err.source).toBeUndefined(); // "NA" means nothing
    expect(err.message).toContain('[field amount]');
  });

  it('marks 5xx and network failures retryable', () => {
    expect(toRazorpayError({ statusCode: 502, error: { code: 'SERVER_ERROR', description: 'x' } }, 'op')).toMatchObject({ retryable: true, httpStatus: 502 });
    expect(toRazorpayError(new TypeError("Cannot read properties of undefined (reading 'status')"), 'op')).toMatchObject({ providerCode: 'NETWORK_ERROR', retryable: true });
    expect(toRazorpayError('Payment Link ID is mandatory', 'op')).toMatchObject({ providerCode: 'CLIENT_ERROR', retryable: false });
  });

  it('rejects malformed credentials without echoing them', () => {
    expect(() => parseCredentials('{"keyId":"rzp_test_1"}', 'arn:secret')).toThrow(/keySecret/);
    expect(() => parseCredentials('sekrit-value', 'arn:secret')).not.toThrow(/sekrit/);
  });
});

describe('razorpay SDK base URL (pinned internals)', () => {
  it('is the pinned SDK version', () => {
    expect(require('razorpay/package.json').version).toBe(PINNED_RAZORPAY_SDK_VERSION);
  });

  it('sends the SDK request to the redirected base URL with basic auth, and maps its error body', async () => {
    // Prepare: a stand-in API that records the request and answers like Razorpay does on a 400.
    const seen: { url?: string; auth?: string; body?: string }[] = [];
    const server = createServer(async (req: IncomingMessage, res) => {
      let body = '';
      for await (const c of req) body += c;
      seen.push({ url: req.url, auth: req.headers.authorization, body });
      res.writeHead(400, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({
          error: {
            code: 'BAD_REQUEST_ERROR',
            description: 'reference_id already exists',
            field: 'reference_id',
            source: 'business',
            step: 'payment_initiation',
            reason: 'input_validation_failed',
          },
        }),
      );
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
    try {
      const sdk = createSdk({ keyId: 'rzp_test_k', keySecret: 's3cret' }, base);
      expect(sdkBaseUrl(sdk)).toBe(base.replace(/\/$/, ''));
      const gateway = new RazorpayGateway({ get: async () => JSON.stringify({ keyId: 'rzp_test_k', keySecret: 's3cret' }) }, 'secret-id', base);
      // Act
      const err = await gateway
        .createLink({ amountMinor: 1000, currency: 'INR', referenceId: 'R1', description: 'd', expireBy: 1_900_000_000, upiLink: true, acceptPartial: false, customer: {} })
        .catch((e: unknown) => e);
      // Assess
      expect(seen[0]?.url).toBe('/v1/payment_links');
      expect(seen[0]?.auth).toBe(`Basic ${Buffer.from('rzp_test_k:s3cret').toString('base64')}`);
      expect(JSON.parse(seen[0]!.body!)).toMatchObject({
        amount: 1000,
        currency: 'INR',
        upi_link: true,
        accept_partial: false,
        reference_id: 'R1',
        notify: { sms: false, email: false },
      });
      expect(err).toMatchObject({ providerCode: 'BAD_REQUEST_ERROR', field: 'reference_id', step: 'payment_initiation', reason: 'input_validation_failed', httpStatus: 400 });
    } finally {
      server.close();
    }
  });

  it('keeps the default host when no base URL is given', () => {
    expect(sdkBaseUrl(createSdk({ keyId: 'k', keySecret: 's' }))).toBe('https://api.razorpay.com');
  });
});

describe('payment link responses with type drifts', () => {
  it('parses currency "", upi_link "true", payments null and a payments list', () => {
    const link = parseLink({ id: 'plink_1', status: 'partially_paid', amount: 1000, amount_paid: 400, currency: '', upi_link: 'true', payments: null, notes: [] });
    expect(link).toMatchObject({ currency: 'INR', upiLink: true, payments: [], amountPaidMinor: 400 });
    const paid = parseLink({
      id: 'plink_2',
      status: 'paid',
      amount: 1000,
      amount_paid: 1000,
      currency: 'INR',
      payments: [{ payment_id: 'pay_1', amount: 1000, status: 'captured', method: 'upi' }],
      order_id: 'order_X',
    });
    expect(paid.payments[0]).toEqual({ razorpayPaymentId: 'pay_1', amountMinor: 1000, status: 'captured', method: 'upi' });
    expect(paid.orderId).toBe('order_X');
  });
});
