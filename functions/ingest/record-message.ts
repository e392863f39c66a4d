import { DetailType, DomainEventSchemas } from '../../events/index.js';
import type { MessageStore } from '../ports/message-store.js';

export interface BusEvent {
  'detail-type': string;
  detail: unknown;
}

/** Stores one message-related domain event. Safe to call any number of times, in any order. */
export async function recordMessageEvent(event: BusEvent, store: MessageStore): Promise<string> {
  switch (event['detail-type']) {
    case DetailType.MessageReceived:
      await store.recordInbound(DomainEventSchemas[DetailType.MessageReceived].parse(event.detail));
      return 'inbound';
    case DetailType.MessageSent:
      await store.recordOutbound(DomainEventSchemas[DetailType.MessageSent].parse(event.detail));
      return 'outbound';
    case DetailType.MessageStatus: {
      const r = await store.recordStatus(DomainEventSchemas[DetailType.MessageStatus].parse(event.detail));
      return r.appliedStatus ? 'status' : 'status-superseded';
    }
    case DetailType.FlowCompleted:
      await store.recordFlowReply(DomainEventSchemas[DetailType.FlowCompleted].parse(event.detail));
      return 'flow';
    case DetailType.OrderReceived:
      await store.recordOrder(DomainEventSchemas[DetailType.OrderReceived].parse(event.detail));
      return 'order';
    default:
      throw new Error(`record-message does not handle detail-type "${event['detail-type']}"`);
  }
}
