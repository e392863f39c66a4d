import type { DomainDetail } from '../../events/index.js';

export interface MessageStore {
  recordInbound(d: DomainDetail<'message.received'>): Promise<void>;
  recordOutbound(d: DomainDetail<'message.sent'>): Promise<void>;
  recordStatus(d: DomainDetail<'message.status'>): Promise<{ appliedStatus: boolean; messageKey: string }>;
  recordFlowReply(d: DomainDetail<'flow.completed'>): Promise<void>;
  recordOrder(d: DomainDetail<'order.received'>): Promise<void>;
  /** The inbound media file stored in the media bucket (store-media); the same values on every retry. */
  recordMedia(messageKey: string, media: StoredMedia): Promise<void>;
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
  media?: StoredMedia;
  [extra: string]: unknown;
}

/** An inbound media file as stored in the media bucket. */
export interface StoredMedia {
  /** WhatsApp's media id. */
  id: string;
  bucket: string;
  key: string;
  sizeBytes: number;
  mimeType: string;
  /** base64 SHA-256 of the stored bytes. */
  sha256: string;
  /** Whether the webhook's sha256 matched (absent: the webhook gave none). */
  sha256Verified?: boolean;
  caption?: string;
  filename?: string;
  voice?: boolean;
}

/** The operator views' read of one phone number's messages, a page at a time (adapter: adapters/dynamodb/message-listing.ts). */
export interface MessageListQuery {
  phoneNumberId: string;
  /** ISO times, inclusive. */
  from: string;
  to: string;
  status?: string;
  /** Meta error code, or `unknown` for a failure without one. */
  errorCode?: string;
  template?: string;
  waId?: string;
  direction?: 'inbound' | 'outbound';
  limit: number;
  cursor?: string;
}

export interface MessageListing {
  /** Throws InvalidListCursorError (ports/errors.ts) for a cursor it did not hand out. */
  list(q: MessageListQuery): Promise<{ items: StoredMessage[]; nextCursor: string | null }>;
}
