import { DetailType, DomainEventSchemas } from '../../events/index.js';
import { identityPair, type CustomerIdentities } from '../domain/customers/identity.js';
import type { MessageStore } from '../ports/message-store.js';

export interface BusEvent {
  'detail-type': string;
  detail: unknown;
}

/** Stores one message-related domain event. Safe to call any number of times, in any order. */
export async function recordMessageEvent(event: BusEvent, store: MessageStore, identities?: CustomerIdentities): Promise<string> {
  switch (event['detail-type']) {
    case DetailType.MessageReceived: {
      const d = DomainEventSchemas[DetailType.MessageReceived].parse(event.detail);
      // One customer seen under a phone number and a BSUID: linked before the message is stored,
      // so whatever reads the message can already find the customer under either identity.
      const pair = identityPair(d.from, d.fromUserId);
      if (pair && identities) await identities.link(pair.phone, pair.bsuid, d.occurredAt);
      await store.recordInbound(d);
      return 'inbound';
    }
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
