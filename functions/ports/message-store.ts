import type { DomainDetail } from '../../events/index.js';

export interface MessageStore {
  recordInbound(d: DomainDetail<'message.received'>): Promise<void>;
  recordOutbound(d: DomainDetail<'message.sent'>): Promise<void>;
  recordStatus(d: DomainDetail<'message.status'>): Promise<{ appliedStatus: boolean; messageKey: string }>;
  recordFlowReply(d: DomainDetail<'flow.completed'>): Promise<void>;
  recordOrder(d: DomainDetail<'order.received'>): Promise<void>;
  getMessage(messageKey: string): Promise<StoredMessage | undefined>;
  getStatusHistory(messageKey: string): Promise<{ status: string; occurredAt: string }[]>;
  /** Last inbound message time from this customer to this number (opens the 24-hour window). */
  getLastInboundAt(phoneNumberId: string, waId: string): Promise<string | undefined>;
  listMessagesForDay(phoneNumberId: string, isoDay: string): Promise<StoredMessage[]>;
}

export interface StoredMessage {
  messageKey: string;
  direction: 'inbound' | 'outbound' | 'unknown';
  phoneNumberId?: string;
  wabaId?: string;
  waId?: string;
  type?: string;
  text?: string;
  templateName?: string;
  templateCategory?: string;
  status?: string;
  statusRank?: number;
  createdAt: string;
  wamid?: string;
  eumMessageId?: string;
  pricing?: { billable?: boolean; pricingModel?: string; category?: string; type?: string };
  errorCodes?: number[];
  sentAt?: string;
  deliveredAt?: string;
  readAt?: string;
  failedAt?: string;
  [extra: string]: unknown;
}
