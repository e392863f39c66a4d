import { beforeAll } from 'vitest';
import { DynamoMessageStore } from '../../../functions/adapters/dynamodb/message-store.js';
import { DynamoAnalyticsStore } from '../../../functions/adapters/dynamodb/analytics-store.js';
import { rollupDayHandler } from '../../../functions/handlers/rollup-day.js';
import type { Deps } from '../../../functions/wiring/shared.js';
import { CollectingPublisher } from '../../support/fakes.js';
import { testTable } from '../../support/test-table.js';
import { type GeneratedMessage, store } from './dataset.js';

/**
 * These messages on the file's test table (stored as record-message stores them), the shared
 * adapters over it, and the rollup-day Task function wired to the same table.
 */
export function datasetTable(data: GeneratedMessage[]) {
  const table = testTable();
  const stored: { table: typeof table; deps: Deps; rollupDay: ReturnType<typeof rollupDayHandler> } = {
    table,
    deps: undefined as unknown as Deps,
    /** The rollup-day Task function over this table's messages and rollups. */
    rollupDay: rollupDayHandler(() => ({ messages: stored.deps.messages, analyticsStore: new DynamoAnalyticsStore(table.db, table.tableName) })),
  };
  beforeAll(async () => {
    const messages = new DynamoMessageStore(stored.table.db, stored.table.tableName);
    stored.deps = { db: stored.table.db, tableName: stored.table.tableName, messages, publisher: new CollectingPublisher() } as unknown as Deps;
    await store(messages, data);
  }, 120_000);
  return stored;
}
