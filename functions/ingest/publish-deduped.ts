import type { DomainEvent } from '../../events/index.js';
import type { DedupeStore, EventPublisher } from '../ports/index.js';

export interface PublishOutcome {
  published: string[];
  duplicates: string[];
  failed: { eventId: string; errorCode?: string; errorMessage?: string }[];
}

/**
 * Publishes each event at most once per eventId: claim, publish in batches, then complete the
 * published ones and release the failed ones so the provider's retry can publish them.
 */
export async function publishDeduped(
  events: DomainEvent[],
  deps: { dedupe: DedupeStore; publisher: EventPublisher },
): Promise<PublishOutcome> {
  const unique = [...new Map(events.map((e) => [e.detail.eventId, e])).values()];
  const claimed: DomainEvent[] = [];
  const duplicates: string[] = [];
  for (const event of unique) {
    if (await deps.dedupe.claim(event.detail.eventId)) claimed.push(event);
    else duplicates.push(event.detail.eventId);
  }
  if (!claimed.length) return { published: [], duplicates, failed: [] };
  let result: Awaited<ReturnType<EventPublisher['publish']>>;
  try {
    result = await deps.publisher.publish(claimed);
  } catch (err) {
    // Nothing is known to be published: free every claim so the provider's retry is not a "duplicate".
    await Promise.all(claimed.map((e) => deps.dedupe.release(e.detail.eventId)));
    throw err;
  }
  await Promise.all(result.published.map((id) => deps.dedupe.complete(id)));
  await Promise.all(result.failed.map((f) => deps.dedupe.release(f.eventId)));
  return { published: result.published, duplicates, failed: result.failed };
}
