import { beforeAll } from 'vitest';
import { DynamoQualityStore } from '../../../functions/adapters/dynamodb/quality-store.js';
import { testTable } from '../../support/test-table.js';

/** The quality store on the calling file's own test table, built once the table is up (read it in hooks and tests). */
export function qualityTestStore(): { readonly store: DynamoQualityStore } {
  const table = testTable();
  let store: DynamoQualityStore | undefined;
  beforeAll(() => {
    store = new DynamoQualityStore(table.db, table.tableName);
  });
  return {
    get store() {
      if (!store) throw new Error('the quality store is built in beforeAll: read it in a hook or a test');
      return store;
    },
  };
}
