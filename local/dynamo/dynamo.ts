import { CreateTableCommand, DescribeTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { mkdirSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import dynalite from 'dynalite';
import { tableDefinition } from '../../functions/adapters/dynamodb/table-schema.js';
import type { TraceContext, TraceStore } from '../trace/trace.js';
import { dynamoFault, sendDynamoFault } from '../faults/switch.js';
import { serveTransactWriteItems } from './transactions.js';

export interface LocalDynamo {
  /** dynalite's own endpoint (the runtime's HTTP server proxies to it). */
  endpoint: string;
  client: DynamoDBClient;
  close(): Promise<void>;
}

/** dynalite on a loopback port, persisted under `<dataDir>/dynamo` unless `memory`; the table created if absent. */
export async function startDynamo(opts: { memory: boolean; dataDir: string; tableName: string }): Promise<LocalDynamo> {
  const path = opts.memory ? undefined : join(opts.dataDir, 'dynamo');
  if (path) mkdirSync(path, { recursive: true });
  // dynalite has no TransactWriteItems: transactions.ts serves it on the same port.
  const server = serveTransactWriteItems(dynalite({ path, createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 }));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const client = new DynamoDBClient({ endpoint, region: 'local', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
  try {
    await client.send(new DescribeTableCommand({ TableName: opts.tableName }));
  } catch (err) {
    if ((err as { name?: string }).name !== 'ResourceNotFoundException') throw err;
    await client.send(new CreateTableCommand(tableDefinition(opts.tableName)));
  }
  return {
    endpoint,
    client,
    close: async () => {
      client.destroy();
      // dynalite's close also closes its leveldb store, flushing it to disk
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

const WRITE_OPS = new Set(['PutItem', 'UpdateItem', 'DeleteItem', 'BatchWriteItem', 'TransactWriteItems']);

/**
 * Forwards a DynamoDB JSON-protocol request to dynalite byte for byte and records, in the trace
 * of the event being processed, which items it wrote.
 */
export async function proxyDynamo(
  dynamoEndpoint: string,
  operation: string,
  rawBody: Buffer,
  headers: http.IncomingHttpHeaders,
  res: http.ServerResponse,
  trace: { store: TraceStore; ctx: TraceContext | undefined },
): Promise<void> {
  const fault = dynamoFault(operation); // local/faults: off unless a test switches it on
  if (fault && !fault.afterWrite) return sendDynamoFault(res, fault);
  const url = new URL(dynamoEndpoint);
  const forwarded: http.OutgoingHttpHeaders = { ...headers, host: url.host, 'content-length': String(rawBody.length) };
  delete forwarded['x-local-trace'];
  const upstream = await new Promise<{ status: number; headers: http.IncomingHttpHeaders; body: Buffer }>((resolve, reject) => {
    const req = http.request({ host: url.hostname, port: url.port, method: 'POST', path: '/', headers: forwarded }, (r) => {
      const chunks: Buffer[] = [];
      r.on('data', (c: Buffer) => chunks.push(c));
      r.on('end', () => resolve({ status: r.statusCode ?? 500, headers: r.headers, body: Buffer.concat(chunks) }));
      r.on('error', reject);
    });
    req.on('error', reject);
    req.end(rawBody);
  });
  if (upstream.status === 200 && WRITE_OPS.has(operation) && trace.ctx?.eventId) {
    for (const key of writtenKeys(operation, rawBody)) {
      trace.store.record(trace.ctx.eventId, 'item-written', { actor: trace.ctx.actor, operation, ...key });
    }
  }
  if (fault?.afterWrite) return sendDynamoFault(res, fault); // written, but the caller never hears so
  const out: http.OutgoingHttpHeaders = {};
  for (const [k, v] of Object.entries(upstream.headers)) if (v !== undefined && k !== 'connection' && k !== 'transfer-encoding') out[k] = v;
  out['content-length'] = String(upstream.body.length);
  res.writeHead(upstream.status, out);
  res.end(upstream.body);
}

type AV = Record<string, { S?: string; N?: string }>;
const keyOf = (item: AV | undefined) => ({ pk: item?.pk?.S ?? item?.pk?.N, sk: item?.sk?.S ?? item?.sk?.N });

function writtenKeys(operation: string, rawBody: Buffer): { pk?: string; sk?: string; table?: string }[] {
  try {
    const body = JSON.parse(rawBody.toString('utf8')) as Record<string, any>;
    if (operation === 'PutItem') return [{ table: body.TableName, ...keyOf(body.Item) }];
    if (operation === 'UpdateItem' || operation === 'DeleteItem') return [{ table: body.TableName, ...keyOf(body.Key) }];
    if (operation === 'BatchWriteItem') {
      return Object.entries(body.RequestItems ?? {}).flatMap(([table, reqs]) => (reqs as any[]).map((r) => ({ table, ...keyOf(r.PutRequest?.Item ?? r.DeleteRequest?.Key) })));
    }
    if (operation === 'TransactWriteItems') {
      return (body.TransactItems ?? [])
        .map((t: any) =>
          t.Put
            ? { table: t.Put.TableName, ...keyOf(t.Put.Item) }
            : t.Update
              ? { table: t.Update.TableName, ...keyOf(t.Update.Key) }
              : t.Delete
                ? { table: t.Delete.TableName, ...keyOf(t.Delete.Key) }
                : undefined,
        )
        .filter(Boolean);
    }
  } catch {
    // not JSON: dynalite answered anyway; nothing to trace
  }
  return [];
}
