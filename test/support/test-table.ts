import { afterAll, beforeAll } from 'vitest';
import { startTestTable } from './dynalite.js';

type TestTable = Awaited<ReturnType<typeof startTestTable>>;

/**
 * The calling file's (or describe block's) own test table: started before its tests, closed after
 * them. Its fields are read in hooks and tests, once the table is up.
 */
export function testTable(): Pick<TestTable, 'db' | 'tableName'> {
  let started: TestTable | undefined;
  const running = () => {
    if (!started) throw new Error('the test table starts in beforeAll: read it in a hook or a test');
    return started;
  };
  beforeAll(async () => {
    started = await startTestTable();
  });
  afterAll(async () => started?.close());
  return {
    get db() {
      return running().db;
    },
    get tableName() {
      return running().tableName;
    },
  };
}
