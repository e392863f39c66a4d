import { EVENT_SOURCE, type DomainEvent } from '../../events/index.js';
import { MAX_PUT_EVENTS_BYTES, putEventsEntrySize } from '../../events/entry-size.js';
import { cut } from '../domain/shared/cut.js';
import type { NormalizeResult } from '../domain/ingest/normalize-meta.js';

/**
 * An event whose PutEvents entry is over EventBridge's 256 KB can never be published: retrying it
 * (503 to the provider) would last for ever. It is a permanent rejection of that part; the events
 * beside it go on. The entry is measured as the publisher sends it (Source, DetailType, Detail, Time).
 */
export function splitOversized(events: DomainEvent[]): { fitting: DomainEvent[]; rejected: NormalizeResult['rejected'] } {
  const fitting: DomainEvent[] = [];
  const rejected: NormalizeResult['rejected'] = [];
  for (const event of events) {
    const size = putEventsEntrySize({ Source: EVENT_SOURCE, DetailType: event.detailType, Detail: JSON.stringify(event.detail), Time: event.detail.occurredAt });
    if (size <= MAX_PUT_EVENTS_BYTES) fitting.push(event);
    else {
      rejected.push({
        path: `event ${cut(event.detail.eventId, 120)} (${event.detailType})`,
        reason: `event is ${size} bytes, over EventBridge's ${MAX_PUT_EVENTS_BYTES}-byte PutEvents entry limit: a field of this part is too large`,
      });
    }
  }
  return { fitting, rejected };
}

/** Ignored and rejected parts with their texts cut: a reply or a log line never carries a field in full. */
export function boundedParts<T extends { [k: string]: string }>(parts: T[]): T[] {
  return parts.map((p) => Object.fromEntries(Object.entries(p).map(([k, v]) => [k, cut(v)])) as T);
}
