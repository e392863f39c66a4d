import { InvalidPayloadError } from '../domain/ingest/normalize-eum.js';
import { normalizeRazorpayWebhook } from '../domain/ingest/normalize-razorpay.js';
import { verifyRazorpaySignature } from '../domain/ingest/razorpay-signature.js';
import { nowIso } from '../domain/shared/time.js';
import { logger } from '../observability/logger.js';
import { recordIngest } from '../observability/metrics.js';
import { occurredAtOf, type IngestDeps } from './eum-ingest.js';
import { publishDeduped } from './publish-deduped.js';

/** Razorpay's largest webhook bodies are a few KB; anything far larger is not Razorpay. */
export const MAX_RAZORPAY_BODY_BYTES = 256 * 1024;

export interface HttpRequest {
  headers: Record<string, string | undefined>;
  rawBody: string;
}
export interface HttpResponse {
  statusCode: number;
  body: Record<string, unknown>;
}

/**
 * Verifies, dedupes and publishes one Razorpay webhook delivery. A bad signature changes
 * nothing and stores nothing. The answer is fast: publishing is the only remote work.
 */
export async function ingestRazorpayWebhook(req: HttpRequest, deps: IngestDeps & { webhookSecret: () => Promise<string> }): Promise<HttpResponse> {
  const headers = lowerCaseKeys(req.headers);
  const eventIdHeader = headers['x-razorpay-event-id'];
  const bytes = Buffer.byteLength(req.rawBody);
  if (bytes > MAX_RAZORPAY_BODY_BYTES) {
    return rejected(413, `body larger than ${MAX_RAZORPAY_BODY_BYTES} bytes`, { eventIdHeader, bytes });
  }
  const signature = headers['x-razorpay-signature'];
  if (!signature) return rejected(401, 'X-Razorpay-Signature header is missing', { eventIdHeader });
  if (!verifyRazorpaySignature(req.rawBody, signature, await deps.webhookSecret())) {
    logger.warn('razorpay signature mismatch', { eventIdHeader });
    return { statusCode: 401, body: { error: 'X-Razorpay-Signature does not match the body' } };
  }

  let body: unknown;
  try {
    body = JSON.parse(req.rawBody);
  } catch (err) {
    return rejected(400, `body is not valid JSON: ${(err as Error).message}`, { eventIdHeader });
  }

  const deliveryId = headers['x-razorpay-event-id'];
  const deliveryKey = deliveryId ? `rzp-delivery:${deliveryId}` : undefined;
  const deliveryClaim = deliveryKey ? await deps.dedupe.claim(deliveryKey) : 'claimed';
  if (deliveryClaim === 'done') {
    recordIngest({ published: 0, duplicates: 1, rejected: 0 });
    return { statusCode: 200, body: { duplicate: true, deliveryId } };
  }
  if (deliveryClaim === 'in-flight') {
    // Another attempt at this delivery has not finished (or crashed): Razorpay retries a non-2xx.
    return { statusCode: 503, body: { error: 'this delivery is being processed; Razorpay will retry', deliveryId } };
  }

  try {
    const normalized = normalizeRazorpayWebhook(body, nowIso());
    const outcome = await publishDeduped(normalized.events, deps);
    if (outcome.failed.length || outcome.inFlight.length) {
      if (deliveryKey) await deps.dedupe.release(deliveryKey);
      const why = outcome.failed.length ? 'events could not be published' : 'its events are being published by another delivery';
      return { statusCode: 503, body: { error: `${why}; Razorpay will retry` } };
    }
    if (deliveryKey) await deps.dedupe.complete(deliveryKey);
    recordIngest({ published: outcome.published.length, duplicates: outcome.duplicates.length, rejected: 0, occurredAt: occurredAtOf(normalized.events, outcome.published) });
    return {
      statusCode: 200,
      body: { published: outcome.published.length, duplicates: outcome.duplicates.length, ignored: normalized.ignored },
    };
  } catch (err) {
    if (deliveryKey) await deps.dedupe.release(deliveryKey);
    if (!(err instanceof InvalidPayloadError)) throw err;
    await deps.dedupe.keepRejected({ source: 'razorpay', reason: err.message, raw: req.rawBody, receivedAt: nowIso() });
    recordIngest({ published: 0, duplicates: 0, rejected: 1 });
    return rejected(400, err.message, { eventIdHeader });
  }
}

/** Every refusal is logged with its reason (never the body or the secret). */
function rejected(statusCode: number, error: string, context: Record<string, unknown>): HttpResponse {
  logger.warn('razorpay webhook rejected', { statusCode, reason: error, ...context });
  return { statusCode, body: { error } };
}

function lowerCaseKeys(h: Record<string, string | undefined>): Record<string, string | undefined> {
  return Object.fromEntries(Object.entries(h).map(([k, v]) => [k.toLowerCase(), v]));
}
