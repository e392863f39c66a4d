import type { StoredMessage } from './message-store.js';
import type { DayAggregate } from '../domain/analytics/aggregate.js';

/** Raw data: the backbone's message items, by phone number and UTC day (GSI1). */
export interface DayMessageSource {
  listMessagesForDay(phoneNumberId: string, isoDay: string): Promise<StoredMessage[]>;
}

/** Rollup items and rollup-run progress; implemented in adapters/dynamodb/analytics-store.ts. */
export interface AnalyticsStore {
  /** Stored rollups of one phone number for days in [fromDay, toDay], by day: one query. */
  getRollups(phoneNumberId: string, fromDay: string, toDay: string): Promise<Map<string, DayAggregate>>;
  /** Overwrites the day's rollup: the content depends only on the messages, so a re-run writes the same item. */
  putRollup(phoneNumberId: string, day: string, aggregate: DayAggregate, messageCount: number): Promise<void>;
  registerPhone(phoneNumberId: string): Promise<void>;
  listPhones(): Promise<string[]>;
  startRun(run: RollupRun): Promise<void>;
  markDone(runId: string, unit: string): Promise<void>;
  getRun(runId: string): Promise<(RollupRun & { done: number }) | undefined>;
}

export interface RollupRun {
  runId: string;
  from: string;
  to: string;
  phoneNumberIds: string[];
  total: number;
  startedAt: string;
}

export interface RollupStarter {
  /** Starts the AnalyticsRollup state machine; returns its execution ARN and run id (the execution name). */
  start(input: { from: string; to: string; phoneNumberIds?: string[] }, runId: string): Promise<{ executionArn: string; runId: string }>;
  status(executionArn: string): Promise<string | undefined>;
}
