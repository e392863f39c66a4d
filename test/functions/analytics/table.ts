import { afterAll, beforeAll } from 'vitest';
import { DynamoMessageStore } from '../../../functions/adapters/dynamodb/message-store.js';
import { setDeps, type Deps } from '../../../functions/wiring/shared.js';
import { CollectingPublisher } from '../../support/fakes.js';
import { testTable } from '../../support/test-table.js';
import { type GeneratedMessage, store } from './dataset.js';

/**
 * These messages on the file's test table (stored as record-message stores them), and the shared
 * adapters over it. They are the process's too: rollup-day, a handler, reads them there.
 */
export function datasetTable(data: GeneratedMessage[]) {
  const stored = { table: testTable(), deps: undefined as unknown as Deps };
  beforeAll(async () => {
    const messages = new DynamoMessageStore(stored.table.db, stored.table.tableName);
    stored.deps = { db: stored.table.db, tableName: stored.table.tableName, messages, publisher: new CollectingPublisher() } as unknown as Deps;
    setDeps(stored.deps);
    await store(messages, data);
  }, 120_000);
  afterAll(() => setDeps(undefined));
  return stored;
}
