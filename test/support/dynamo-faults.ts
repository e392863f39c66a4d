import { ConditionalCheckFailedException, ProvisionedThroughputExceededException, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { beforeEach } from 'vitest';
import { dynamoFake, type InjectedFault } from './dynamo-fake.js';
import { testTable } from './test-table.js';

/** The errors DynamoDB answers that the stores must tell apart, as the SDK raises them. */
export const throttled = () => new ProvisionedThroughputExceededException({ message: 'The level of configured provisioned throughput for the table was exceeded', $metadata: {} });
export const conditionFailed = () => new ConditionalCheckFailedException({ message: 'The conditional request failed', $metadata: {} });
export const cancelled = (...codes: string[]) =>
  new TransactionCanceledException({ message: `Transaction cancelled [${codes.join(', ')}]`, $metadata: {}, CancellationReasons: codes.map((Code) => ({ Code })) });

/**
 * The calling file's test table (started before its tests, closed after them) and a log of the
 * commands its stores send: before each test `sent` is emptied and `faults` cleared. A store under
 * test gets `fakeDb()`, which records in `sent` and fails the calls `faults` name (see dynamoFake);
 * `table` reads the table directly. `awsReads` adds DynamoDB's read semantics under load.
 */
export function testTableWithFaults(opts: { awsReads?: boolean } = {}) {
  const sent: string[] = [];
  const faults: InjectedFault[] = [];
  const table = testTable();
  beforeEach(() => {
    sent.length = 0;
    faults.length = 0;
  });
  return { sent, faults, table, fakeDb: () => dynamoFake(table.db, { sent: () => sent, faults: () => faults, awsReads: opts.awsReads }) };
}
