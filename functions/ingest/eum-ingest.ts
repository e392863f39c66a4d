import type { DomainEvent } from '../../events/index.js';
import { InvalidPayloadError, normalizeEumSnsMessage, normalizeSocialMessagingEvent, unwrapSnsHttpBody } from '../domain/ingest/normalize-eum.js';
import type { NormalizeResult } from '../domain/ingest/normalize-meta.js';
import { cut } from '../domain/shared/cut.js';
import { nowIso } from '../domain/shared/time.js';
import { logger } from '../observability/logger.js';
import { recordIngest } from '../observability/metrics.js';
import type { DedupeStore, EventPublisher, RejectedPayloadStore } from '../ports/index.js';
import { boundedParts, splitOversized } from './oversized.js';
import { publishDeduped, type PublishOutcome } from './publish-deduped.js';

export type IngestDeps = { dedupe: DedupeStore & RejectedPayloadStore; publisher: EventPublisher };

export interface IngestReport extends PublishOutcome {
  ignored: NormalizeResult['ignored'];
  rejected: NormalizeResult['rejected'];
  /** Set when the whole payload was unusable; it was kept for investigation. */
  invalid?: string;
}

/** One EUM SNS message body → domain events on the bus. Never throws for bad input. */
export async function ingestEumMessage(body: string, deps: IngestDeps, source = 'eum-sns'): Promise<IngestReport> {
  return ingest(() => normalizeEumSnsMessage(body, nowIso()), body, deps, source);
}

/** One `aws.social-messaging` event from the default bus. */
export async function ingestSocialMessagingEvent(event: unknown, deps: IngestDeps): Promise<IngestReport> {
  return ingest(() => normalizeSocialMessagingEvent(event, nowIso()), JSON.stringify(event), deps, 'aws.social-messaging');
}

/**
 * The HTTP form of the EUM ingress: an SNS notification exactly as SNS posts it to an HTTPS
 * subscriber, or the bare EUM message body.
 */
export async function ingestEumHttp(rawBody: string, deps: IngestDeps): Promise<{ statusCode: number; body: unknown }> {
  let unwrapped: ReturnType<typeof unwrapSnsHttpBody>;
  try {
    unwrapped = unwrapSnsHttpBody(rawBody);
  } catch (err) {
    return reject400(err, rawBody, deps);
  }
  if (unwrapped.snsType && unwrapped.snsType !== 'Notification') {
    return { statusCode: 200, body: { ignored: `SNS ${unwrapped.snsType} message` } };
  }
  const report = await ingestEumMessage(unwrapped.message, deps, 'eum-http');
  if (report.invalid) return { statusCode: 400, body: { error: cut(report.invalid) } };
  if (report.failed.length) return { statusCode: 503, body: { error: 'some events could not be published; retry', failed: report.failed } };
  // Another delivery holds these events and has not finished (it may have crashed): not done yet.
  if (report.inFlight.length) return { statusCode: 503, body: { error: 'some events are being published by another delivery; retry', inFlight: report.inFlight } };
  return { statusCode: 200, body: report };
}

async function ingest(normalize: () => NormalizeResult, raw: string, deps: IngestDeps, source: string): Promise<IngestReport> {
  let normalized: NormalizeResult;
  try {
    normalized = normalize();
  } catch (err) {
    if (!(err instanceof InvalidPayloadError)) throw err;
    logger.warn('rejected payload', { source, reason: err.message });
    await deps.dedupe.keepRejected({ source, reason: err.message, raw, receivedAt: nowIso() });
    recordIngest({ published: 0, duplicates: 0, rejected: 1 });
    return { published: [], duplicates: [], inFlight: [], failed: [], ignored: [], rejected: [], invalid: err.message };
  }
  // Attacker-sized fields never travel in full into logs, the kept reason or the reply.
  const oversized = splitOversized(normalized.events);
  normalized = { events: oversized.fitting, ignored: boundedParts(normalized.ignored), rejected: boundedParts([...normalized.rejected, ...oversized.rejected]) };
  for (const r of normalized.rejected) logger.warn('rejected part of payload', { source, ...r });
  if (normalized.rejected.length) {
    await deps.dedupe.keepRejected({
      source,
      reason: normalized.rejected.map((r) => `${r.path}: ${r.reason}`).join(' | '),
      raw,
      receivedAt: nowIso(),
    });
  }
  for (const i of normalized.ignored) logger.info('ignored part of payload', { source, ...i });
  const outcome = await publishDeduped(normalized.events, deps);
  logger.info('ingested', {
    source,
    published: outcome.published.length,
    duplicates: outcome.duplicates.length,
    inFlight: outcome.inFlight.length,
    failed: outcome.failed.length,
    ignored: normalized.ignored.length,
    rejected: normalized.rejected.length,
  });
  recordIngest({
    published: outcome.published.length,
    duplicates: outcome.duplicates.length,
    rejected: normalized.rejected.length,
    occurredAt: occurredAtOf(normalized.events, outcome.published),
  });
  return { ...outcome, ignored: normalized.ignored, rejected: normalized.rejected };
}

/** The provider timestamps of the events just published (IngestLatency). */
export function occurredAtOf(events: DomainEvent[], published: string[]): (string | undefined)[] {
  const ids = new Set(published);
  return events.filter((e) => ids.has(e.detail.eventId)).map((e) => (e.detail as { occurredAt?: string }).occurredAt);
}

async function reject400(err: unknown, raw: string, deps: IngestDeps) {
  const reason = cut(err instanceof Error ? err.message : String(err));
  logger.warn('rejected payload', { source: 'eum-http', reason });
  await deps.dedupe.keepRejected({ source: 'eum-http', reason, raw, receivedAt: nowIso() });
  recordIngest({ published: 0, duplicates: 0, rejected: 1 });
  return { statusCode: 400, body: { error: reason } };
}
