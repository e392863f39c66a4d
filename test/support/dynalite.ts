import { CreateTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { AddressInfo } from 'node:net';
import dynalite from 'dynalite';
import { createDocumentClient } from '../../functions/adapters/dynamodb/client.js';
import { tableDefinition } from '../../functions/adapters/dynamodb/table-schema.js';
import { serveTransactWriteItems } from '../../local/dynamo/transactions.js';

/** An in-memory dynalite (with TransactWriteItems, as the runtime serves it) on a free loopback port with the project's table created. */
export async function startTestTable(tableName = 'eum-social-test') {
  const server = serveTransactWriteItems(dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 }));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const client = new DynamoDBClient({
    endpoint: `http://127.0.0.1:${port}`,
    region: 'local',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  await client.send(new CreateTableCommand(tableDefinition(tableName)));
  return {
    tableName,
    client,
    db: createDocumentClient(client),
    endpoint: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
