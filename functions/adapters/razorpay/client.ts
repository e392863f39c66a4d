import Razorpay from 'razorpay';
import type { SecretProvider } from '../../ports/index.js';
import { toRazorpayError } from './errors.js';
import type { CreateLinkRequest, PaymentGateway, ProviderLink, ProviderRefund } from '../../ports/payments.js';
import { parseLink, parseRefund, toCreateBody } from './gateway.js';
import { redirectSdkBaseUrl, setSdkTimeout } from './sdk-base-url.js';

export const RAZORPAY_API_BASE_URL_ENV = 'RAZORPAY_API_BASE_URL';
/** Per-call timeout of the Razorpay API (ms); default 10 s, well inside a Lambda's and API Gateway's limits. */
export const RAZORPAY_HTTP_TIMEOUT_ENV = 'RAZORPAY_HTTP_TIMEOUT_MS';
const RETRY_ATTEMPTS = 3;
const RETRY_BASE_MS = 100;

/** Minimal surface of the SDK instance we call (razorpay 2.9.8). */
interface RazorpaySdk {
  paymentLink: {
    create(body: unknown): Promise<unknown>;
    fetch(id: string): Promise<unknown>;
    cancel(id: string): Promise<unknown>;
    all(params: Record<string, unknown>): Promise<unknown>;
  };
  payments: {
    refund(paymentId: string, body: unknown): Promise<unknown>;
    fetchMultipleRefund(paymentId: string, params?: Record<string, unknown>): Promise<unknown>;
  };
}

export interface RazorpayCredentials {
  keyId: string;
  keySecret: string;
}

/** Parses the API secret `{ keyId, keySecret }`; never echoes the value in errors. */
export function parseCredentials(secretString: string, secretId: string): RazorpayCredentials {
  let value: unknown;
  try {
    value = JSON.parse(secretString);
  } catch {
    throw new Error(`secret ${secretId} is not JSON: expected {"keyId": "...", "keySecret": "..."}`);
  }
  const v = value as Partial<RazorpayCredentials>;
  if (typeof v?.keyId !== 'string' || !v.keyId || typeof v.keySecret !== 'string' || !v.keySecret) {
    throw new Error(`secret ${secretId} must hold {"keyId": "...", "keySecret": "..."} (both non-empty strings)`);
  }
  return { keyId: v.keyId, keySecret: v.keySecret };
}

/** Builds an SDK instance; points it at `baseUrl` (a sandbox) when given. */
export function createSdk(credentials: RazorpayCredentials, baseUrl?: string): RazorpaySdk {
  const instance = new Razorpay({ key_id: credentials.keyId, key_secret: credentials.keySecret });
  if (baseUrl) redirectSdkBaseUrl(instance, baseUrl);
  setSdkTimeout(instance, Number(process.env[RAZORPAY_HTTP_TIMEOUT_ENV]) || 10_000);
  return instance as unknown as RazorpaySdk;
}

/**
 * PaymentGateway over the official SDK. Credentials come from Secrets Manager (only the
 * secret's id travels in the environment) and the instance is rebuilt when they rotate.
 */
export class RazorpayGateway implements PaymentGateway {
  private sdk?: { instance: RazorpaySdk; secret: string };

  constructor(
    private readonly secrets: SecretProvider,
    private readonly secretId: string,
    private readonly baseUrl: string | undefined = process.env[RAZORPAY_API_BASE_URL_ENV] || undefined,
  ) {}

  async createLink(req: CreateLinkRequest): Promise<ProviderLink> {
    const out = await this.call('create payment link', (s) => s.paymentLink.create(toCreateBody(req)));
    return parseLink(out, req.currency);
  }

  async fetchLink(paymentLinkId: string): Promise<ProviderLink> {
    return parseLink(await this.call('fetch payment link', (s) => s.paymentLink.fetch(paymentLinkId)));
  }

  async findLinkByReference(referenceId: string): Promise<ProviderLink | undefined> {
    const out = (await this.call('list payment links', (s) => s.paymentLink.all({ reference_id: referenceId }))) as {
      payment_links?: unknown[];
    };
    const match = (out?.payment_links ?? []).map((l) => parseLink(l)).find((l) => l.referenceId === referenceId);
    return match;
  }

  async cancelLink(paymentLinkId: string): Promise<ProviderLink> {
    return parseLink(await this.call('cancel payment link', (s) => s.paymentLink.cancel(paymentLinkId)));
  }

  async refund(razorpayPaymentId: string, req: { amountMinor: number; receipt: string; notes?: Record<string, string> }): Promise<ProviderRefund> {
    const out = await this.call(
      'refund payment',
      (s) => s.payments.refund(razorpayPaymentId, { amount: req.amountMinor, receipt: req.receipt, notes: req.notes ?? {}, speed: 'normal' }),
      // Not retried here: a refund whose answer was lost may exist; the refunds domain reconciles first.
      false,
    );
    return parseRefund(out);
  }

  async listRefunds(razorpayPaymentId: string): Promise<ProviderRefund[]> {
    const out = (await this.call('list refunds', (s) => s.payments.fetchMultipleRefund(razorpayPaymentId, { count: 100 }))) as {
      items?: unknown[];
    };
    return (out?.items ?? []).map(parseRefund);
  }

  /**
   * One API call; a retryable failure (5xx, 429, no answer) is tried again with exponential backoff
   * and full jitter. Safe for every call but a refund: link creation is unique per reference_id at
   * Razorpay (a retry after a lost answer is refused, and the service adopts the link by reference).
   */
  private async call<T>(operation: string, fn: (sdk: RazorpaySdk) => Promise<T>, retry = true): Promise<T> {
    const sdk = await this.instance();
    for (let attempt = 1; ; attempt++) {
      try {
        return await fn(sdk);
      } catch (err) {
        const e = toRazorpayError(err, operation);
        if (!retry || !e.retryable || attempt >= RETRY_ATTEMPTS) throw e;
        await new Promise((r) => setTimeout(r, Math.random() * RETRY_BASE_MS * 2 ** attempt));
      }
    }
  }

  private async instance(): Promise<RazorpaySdk> {
    const secret = await this.secrets.get(this.secretId);
    if (this.sdk?.secret !== secret) this.sdk = { instance: createSdk(parseCredentials(secret, this.secretId), this.baseUrl), secret };
    return this.sdk.instance;
  }
}
