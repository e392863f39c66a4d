import type { EventBridgeEvent } from 'aws-lambda';
import { EVENT_SOURCE, type DomainEvent } from '../../events/index.js';

/** A domain event as EventBridge puts it on the custom bus: what a rule matches and what its Lambda target receives. */
export function onTheBus(e: DomainEvent): EventBridgeEvent<string, unknown> {
  return {
    version: '0',
    id: `eb-${e.detail.eventId}`,
    'detail-type': e.detailType,
    source: EVENT_SOURCE,
    account: '123456789012',
    time: e.detail.occurredAt,
    region: 'us-east-1',
    resources: [],
    detail: e.detail,
  };
}
