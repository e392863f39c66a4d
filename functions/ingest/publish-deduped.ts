import type { DomainEvent } from '../../events/index.js';
import { logger } from '../observability/logger.js';
import type { ClaimResult, DedupeStore, EventPublisher } from '../ports/index.js';

export interface PublishOutcome {
  published: string[];
  /** Already published by an earlier delivery. */
  duplicates: string[];
  /** Claimed by another delivery that has not finished (or crashed): ask the provider to retry. */
  inFlight: string[];
  failed: { eventId: string; errorCode?: string; errorMessage?: string }[];
}

/**
 * Publishes each event at most once per eventId: claim, publish in batches, then complete the
 * published ones and release the failed ones so the provider's retry can publish them. Events
 * another delivery holds are reported `inFlight`: the caller must not acknowledge them as done.
 */
export async function publishDeduped(events: DomainEvent[], deps: { dedupe: DedupeStore; publisher: EventPublisher }): Promise<PublishOutcome> {
  const unique = [...new Map(events.map((e) => [e.detail.eventId, e])).values()];
  const claimed: DomainEvent[] = [];
  const duplicates: string[] = [];
  const inFlight: string[] = [];
  // One claim per event, all at once: a webhook carrying many statuses waits for one round trip.
  const results = await Promise.allSettled(unique.map((event) => deps.dedupe.claim(event.detail.eventId)));
  // Stryker disable next-line ConditionalExpression: equivalent — a rejected result has no `value`, so reading it is undefined too
  const claimOf = (i: number): ClaimResult | undefined => (results[i]!.status === 'fulfilled' ? (results[i] as PromiseFulfilledResult<ClaimResult>).value : undefined);
  const failure = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failure) {
    // Nothing is published: free the claims that were made, so the provider's retry is not told "in flight".
    await settleAll(
      unique.filter((_, i) => claimOf(i) === 'claimed').map((e) => deps.dedupe.release(e.detail.eventId)),
      'release',
    );
    throw failure.reason;
  }
  unique.forEach((event, i) => {
    const claim = claimOf(i);
    if (claim === 'claimed') claimed.push(event);
    else if (claim === 'done') duplicates.push(event.detail.eventId);
    else inFlight.push(event.detail.eventId);
  });
  if (!claimed.length) return { published: [], duplicates, inFlight, failed: [] };
  let result: Awaited<ReturnType<EventPublisher['publish']>>;
  try {
    result = await deps.publisher.publish(claimed);
  } catch (err) {
    // Nothing is known to be published: free every claim so the provider's retry is not a "duplicate".
    await Promise.all(claimed.map((e) => deps.dedupe.release(e.detail.eventId)));
    throw err;
  }
  // The published events are on the bus: a claim that cannot be marked done must not turn that into
  // a failure. It stays in flight until its window ends; a redelivery then publishes again, and the
  // consumers are idempotent. A claim that cannot be released likewise only delays the retry.
  await settleAll(
    result.published.map((id) => deps.dedupe.complete(id)),
    'complete',
  );
  await settleAll(
    result.failed.map((f) => deps.dedupe.release(f.eventId)),
    'release',
  );
  return { published: result.published, duplicates, inFlight, failed: result.failed };
}

async function settleAll(work: Promise<void>[], step: string): Promise<void> {
  const failures = (await Promise.allSettled(work)).filter((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failures.length) logger.warn(`dedupe ${step} failed; the claims stay in flight until their window ends`, { count: failures.length, error: String(failures[0]!.reason) });
}
