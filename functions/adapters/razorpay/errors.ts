import { ProviderError } from '../../ports/errors.js';

/**
 * A Razorpay API failure. The SDK (2.9.8) rejects with a plain object
 * `{ statusCode, error: { code, description, field, source, step, reason, metadata } }`
 * (api.js `normalizeError`); a network failure makes that normalizer itself throw a TypeError,
 * and a missing id makes the resource reject with a bare string. All become this class.
 */
export class RazorpayError extends ProviderError {
  constructor(
    message: string,
    /** Razorpay's error code, e.g. BAD_REQUEST_ERROR, GATEWAY_ERROR, SERVER_ERROR; NETWORK_ERROR for no answer. */
    readonly providerCode: string,
    readonly description: string,
    httpStatus: number,
    retryable: boolean,
    readonly field?: string,
    readonly source?: string,
    readonly step?: string,
    readonly reason?: string,
  ) {
    super(message, 'razorpay', providerCode, retryable, httpStatus);
  }
}

interface SdkPlainError {
  statusCode?: number;
  error?: { code?: string; description?: string; field?: string | null; source?: string | null; step?: string | null; reason?: string | null };
}

const clean = (v: string | null | undefined): string | undefined => (v && v !== 'NA' ? v : undefined);

/** Maps whatever the SDK rejected with to a RazorpayError. Secrets never appear in the message. */
export function toRazorpayError(err: unknown, operation: string): RazorpayError {
  if (err instanceof RazorpayError) return err;
  if (typeof err === 'string') return new RazorpayError(`Razorpay ${operation}: ${err}`, 'CLIENT_ERROR', err, 400, false);
  const plain = err as SdkPlainError;
  if (plain && typeof plain === 'object' && typeof plain.statusCode === 'number') {
    const code = plain.error?.code ?? 'UNKNOWN_ERROR';
    const description = plain.error?.description ?? 'no description';
    const status = plain.statusCode;
    // Razorpay: 4xx are the caller's fault (fix the request); 5xx and 429 may succeed later.
    const retryable = status >= 500 || status === 429 || code === 'SERVER_ERROR' || code === 'GATEWAY_ERROR';
    const field = clean(plain.error?.field);
    return new RazorpayError(
      `Razorpay ${operation} failed (${status} ${code}): ${description}${field ? ` [field ${field}]` : ''}`,
      code,
      description,
      status >= 500 ? 502 : status,
      retryable,
      field,
      clean(plain.error?.source),
      clean(plain.error?.step),
      clean(plain.error?.reason),
    );
  }
  // The SDK's normalizer reads err.response.status: with no response (DNS, refused, timeout)
  // that read throws a TypeError. Nothing reached Razorpay, or we never saw its answer.
  const message = (err as Error)?.message ?? String(err);
  return new RazorpayError(`Razorpay ${operation}: no answer from the API (${message})`, 'NETWORK_ERROR', message, 502, true);
}
