import type { QualityEntry, QualitySubject } from '../domain/quality/model.js';

/** Storage of quality history; implemented over DynamoDB in adapters/dynamodb/quality-store.ts. */
export interface QualityStore {
  /** The latest entry strictly before (occurredAt, eventId) in time, if any. */
  previousBefore(subject: QualitySubject, occurredAt: string, eventId: string): Promise<QualityEntry | undefined>;
  /** Conditional put keyed by (subject, occurredAt, eventId): false when it already exists. */
  putEntry(entry: QualityEntry): Promise<boolean>;
  /** Every entry dated to this very instant (one second: Meta's webhook times are whole seconds). */
  entriesAt(subject: QualitySubject, occurredAt: string): Promise<QualityEntry[]>;
  /**
   * Moves "current" to this entry when it is newer than the current one or, within the same second,
   * when it was chosen over more of that second's entries (`sameSecondCount`) than the current one.
   */
  promoteCurrent(entry: QualityEntry, sameSecondCount: number): Promise<boolean>;
  getCurrent(subject: QualitySubject): Promise<QualityEntry | undefined>;
  /** The entries after (occurredAt, eventId) in time order, oldest first. */
  entriesAfter(subject: QualitySubject, occurredAt: string, eventId: string): Promise<QualityEntry[]>;
  /**
   * Updates carried fields of a history entry, or of current when it still is `seen`, only if their
   * sources are still the ones seen: false otherwise.
   */
  patchEntry(seen: QualityEntry, patch: CurrentPatch, where: 'history' | 'current'): Promise<boolean>;
  /** Marks a history entry's derived events as raised, once: false when it was marked already. */
  claimAnnouncement(entry: QualityEntry): Promise<boolean>;
  listHistory(query: HistoryQuery): Promise<{ entries: QualityEntry[]; nextCursor?: string }>;
  /** Remembers a template's name → id, so history can be asked by name. */
  rememberTemplateName(templateName: string, templateId: string): Promise<void>;
  templateIdByName(templateName: string): Promise<string | undefined>;
}

export interface HistoryQuery {
  subject: QualitySubject;
  from?: string;
  to?: string;
  limit: number;
  cursor?: string;
}

/**
 * What a late statement may change in a later entry or current: the rating (with the flag) or the limit,
 * and where it was stated; and the rating / limit before it, when its predecessor changed.
 */
export type CurrentPatch = Partial<Pick<QualityEntry, 'rating' | 'flagged' | 'ratingFrom' | 'currentLimit' | 'limitFrom' | 'previousRating' | 'previousLimit'>>;
