import type { DomainEvent } from '../../events/index.js';
import type { ClaimResult, DedupeStore, EventPublisher, PublishResult, RejectedPayloadStore } from '../../functions/ports/index.js';

/** Collects published events; can be told to fail given event ids a number of times. */
export class CollectingPublisher implements EventPublisher {
  readonly events: DomainEvent[] = [];
  failNext = new Map<string, number>();

  async publish(events: DomainEvent[]): Promise<PublishResult> {
    const result: PublishResult = { published: [], failed: [] };
    for (const e of events) {
      const left = this.failNext.get(e.detail.eventId) ?? 0;
      if (left > 0) {
        this.failNext.set(e.detail.eventId, left - 1);
        result.failed.push({ eventId: e.detail.eventId, errorCode: 'InternalFailure' });
      } else {
        this.events.push(e);
        result.published.push(e.detail.eventId);
      }
    }
    return result;
  }
}

export class MemoryDedupe implements DedupeStore, RejectedPayloadStore {
  readonly states = new Map<string, 'IN_PROGRESS' | 'COMPLETED'>();
  readonly rejected: { source: string; reason: string; raw: string }[] = [];
  async claim(id: string): Promise<ClaimResult> {
    const state = this.states.get(id);
    if (state) return state === 'COMPLETED' ? 'done' : 'in-flight';
    this.states.set(id, 'IN_PROGRESS');
    return 'claimed';
  }
  async complete(id: string) {
    this.states.set(id, 'COMPLETED');
  }
  async release(id: string) {
    this.states.delete(id);
  }
  async keepRejected(input: { source: string; reason: string; raw: string }) {
    this.rejected.push(input);
  }
}
