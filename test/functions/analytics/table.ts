import { DynamoMessageStore } from '../../../functions/adapters/dynamodb/message-store.js';
import type { Deps } from '../../../functions/wiring/shared.js';
import { startTestTable } from '../../support/dynalite.js';
import { CollectingPublisher } from '../../support/fakes.js';
import { type GeneratedMessage, store } from './dataset.js';

/** A test table holding these messages (stored as record-message stores them), and the shared adapters over it. */
export async function tableWith(data: GeneratedMessage[]) {
  const table = await startTestTable();
  const messages = new DynamoMessageStore(table.db, table.tableName);
  const deps = { db: table.db, tableName: table.tableName, messages, publisher: new CollectingPublisher() } as unknown as Deps;
  await store(messages, data);
  return { table, deps };
}
