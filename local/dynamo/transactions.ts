import http from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * TransactWriteItems for dynalite, which has none (4.0 serves no Transact* operation).
 *
 * The smallest faithful way we found: in front of dynalite's own request handler (same port), a
 * transaction runs alone — every other request waits for it, and it waits for those in progress —
 * and applies its items one by one through dynalite's conditional PutItem / UpdateItem / DeleteItem,
 * keeping each item's old image. When any item fails, every applied item is put back as it was and
 * the caller gets `TransactionCanceledException` with one `CancellationReasons` entry per item
 * (`None` for the items that passed), as DynamoDB answers. So conditions are evaluated by dynalite
 * itself, and no reader or writer ever sees half a transaction.
 *
 * Not modelled: `ClientRequestToken` idempotency, the doubled capacity cost, TransactGetItems, and
 * atomicity across a crash of this process: a SIGKILL between two item writes (a few milliseconds) leaves
 * the items applied so far (DynamoDB itself never shows half a transaction).
 */
const TARGET = 'DynamoDB_20120810.';
/** Marks the sub-requests a transaction sends to its own server: they run inside its exclusive turn. */
const INTERNAL_HEADER = 'x-local-dynamo-transaction';
const MAX_ITEMS = 100;

type Json = Record<string, any>;
interface Answer {
  status: number;
  body: Json;
}

export function serveTransactWriteItems(server: http.Server): http.Server {
  const dynalite = server.listeners('request') as http.RequestListener[];
  server.removeAllListeners('request');
  const forward: http.RequestListener = (req, res) => dynalite.forEach((l) => l.call(server, req, res));
  const gate = new Gate();
  const keySchemas = new Map<string, string[]>();
  server.on('request', (req: http.IncomingMessage, res: http.ServerResponse) => {
    if (req.headers[INTERNAL_HEADER]) return forward(req, res);
    if (req.headers['x-amz-target'] === `${TARGET}TransactWriteItems`) {
      void gate.exclusive(() => transact(server, req, res, keySchemas)).catch((err) => send(res, { status: 500, body: error('InternalServerError', String(err)) }));
      return;
    }
    void gate.shared(
      () =>
        new Promise<void>((resolve) => {
          res.on('close', resolve);
          forward(req, res);
        }),
    );
  });
  return server;
}

async function transact(server: http.Server, req: http.IncomingMessage, res: http.ServerResponse, keySchemas: Map<string, string[]>): Promise<void> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  let body: Json;
  try {
    body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Json;
  } catch {
    return send(res, { status: 400, body: error('SerializationException', 'Start of structure or map found where not expected') });
  }
  const call = (op: string, input: Json) => internalCall(server, req.headers, op, input);
  const items = body.TransactItems;
  if (!Array.isArray(items) || items.length < 1 || items.length > MAX_ITEMS) {
    return send(res, {
      status: 400,
      body: error('ValidationException', `1 validation error detected: Value at 'transactItems' failed to satisfy constraint: Member must have length between 1 and ${MAX_ITEMS}`),
    });
  }
  const ops: { op: 'Put' | 'Update' | 'Delete' | 'ConditionCheck'; input: Json; key: Json }[] = [];
  const seen = new Set<string>();
  for (const item of items as Json[]) {
    const kinds = (['Put', 'Update', 'Delete', 'ConditionCheck'] as const).filter((k) => item?.[k]);
    if (kinds.length !== 1) return send(res, { status: 400, body: error('ValidationException', 'TransactItems can only contain one of Check, Put, Update or Delete') });
    const op = kinds[0]!;
    const input = item[op] as Json;
    const keyNames = await keySchema(String(input.TableName), keySchemas, call);
    if (!keyNames) return send(res, { status: 400, body: error('ResourceNotFoundException', 'Requested resource not found') });
    const source = op === 'Put' ? input.Item : input.Key;
    const key = Object.fromEntries(keyNames.map((k) => [k, source?.[k]]));
    const id = `${input.TableName}|${JSON.stringify(key)}`;
    if (seen.has(id)) return send(res, { status: 400, body: error('ValidationException', 'Transaction request cannot include multiple operations on one item') });
    seen.add(id);
    ops.push({ op, input, key });
  }

  const undo: { table: string; key: Json; old?: Json }[] = [];
  const reasons: Json[] = [];
  for (const { op, input, key } of ops) {
    const { ReturnValuesOnConditionCheckFailure: returnOnFailure, ...rest } = input;
    const operation = op === 'Put' ? 'PutItem' : op === 'Delete' ? 'DeleteItem' : 'UpdateItem';
    // A ConditionCheck is an UpdateItem that changes nothing: its old image is put back below.
    const out = await call(operation, { ...rest, ReturnValues: 'ALL_OLD' });
    if (out.status === 200) {
      undo.push({ table: input.TableName, key, old: out.body.Attributes });
      if (op === 'ConditionCheck' && !out.body.Attributes) await call('DeleteItem', { TableName: input.TableName, Key: key });
      reasons.push({ Code: 'None' });
      continue;
    }
    const type =
      String(out.body.__type ?? '')
        .split('#')
        .pop() ?? '';
    if (type === 'ValidationException') {
      await rollBack(undo, call);
      return send(res, out);
    }
    if (type === 'ConditionalCheckFailedException') {
      const reason: Json = { Code: 'ConditionalCheckFailed', Message: 'The conditional request failed' };
      if (returnOnFailure === 'ALL_OLD') {
        const current = await call('GetItem', { TableName: input.TableName, Key: key, ConsistentRead: true });
        if (current.body.Item) reason.Item = current.body.Item;
      }
      reasons.push(reason);
    } else {
      reasons.push({ Code: type.replace(/Exception$/, ''), Message: String(out.body.message ?? out.body.Message ?? '') });
    }
  }
  if (reasons.every((r) => r.Code === 'None')) return send(res, { status: 200, body: {} });
  await rollBack(undo, call);
  const codes = reasons.map((r) => r.Code).join(', ');
  send(res, {
    status: 400,
    body: { ...error('TransactionCanceledException', `Transaction cancelled, please refer cancellation reasons for specific reasons [${codes}]`), CancellationReasons: reasons },
  });
}

/** Puts every applied item back as it was, last first. */
async function rollBack(undo: { table: string; key: Json; old?: Json }[], call: (op: string, input: Json) => Promise<Answer>): Promise<void> {
  for (const { table, key, old } of undo.reverse()) {
    const out = old ? await call('PutItem', { TableName: table, Item: old }) : await call('DeleteItem', { TableName: table, Key: key });
    if (out.status !== 200) throw new Error(`transaction rollback failed on ${table} ${JSON.stringify(key)}: ${JSON.stringify(out.body)}`);
  }
}

async function keySchema(table: string, cache: Map<string, string[]>, call: (op: string, input: Json) => Promise<Answer>): Promise<string[] | undefined> {
  if (!cache.has(table)) {
    const out = await call('DescribeTable', { TableName: table });
    if (out.status !== 200) return undefined;
    cache.set(
      table,
      (out.body.Table.KeySchema as { AttributeName: string }[]).map((k) => k.AttributeName),
    );
  }
  return cache.get(table);
}

function internalCall(server: http.Server, original: http.IncomingHttpHeaders, operation: string, input: Json): Promise<Answer> {
  const { port } = server.address() as AddressInfo;
  const payload = Buffer.from(JSON.stringify(input));
  const headers: http.OutgoingHttpHeaders = {
    'content-type': 'application/x-amz-json-1.0',
    'x-amz-target': `${TARGET}${operation}`,
    'content-length': String(payload.length),
    [INTERNAL_HEADER]: '1',
  };
  // dynalite wants a (SigV4-shaped) Authorization; it does not check the signature.
  for (const h of ['authorization', 'x-amz-date', 'x-amz-security-token']) if (original[h]) headers[h] = original[h];
  return new Promise((resolve, reject) => {
    const r = http.request({ host: '127.0.0.1', port, method: 'POST', path: '/', headers }, (answer) => {
      const chunks: Buffer[] = [];
      answer.on('data', (c: Buffer) => chunks.push(c));
      answer.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        resolve({ status: answer.statusCode ?? 500, body: text ? (JSON.parse(text) as Json) : {} });
      });
      answer.on('error', reject);
    });
    r.on('error', reject);
    r.end(payload);
  });
}

function error(type: string, message: string): Json {
  return { __type: `com.amazonaws.dynamodb.v20120810#${type}`, message };
}

function send(res: http.ServerResponse, { status, body }: Answer): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/x-amz-json-1.0', 'content-length': String(Buffer.byteLength(text)) });
  res.end(text);
}

/**
 * Many requests at once, or one transaction alone: a transaction waits for the requests in
 * progress, and requests that arrive meanwhile wait for it.
 */
class Gate {
  private active = 0;
  private turn: Promise<void> | undefined;
  private idle: (() => void)[] = [];

  async shared(work: () => Promise<void>): Promise<void> {
    while (this.turn) await this.turn;
    this.active++;
    try {
      await work();
    } finally {
      if (--this.active === 0) this.idle.splice(0).forEach((wake) => wake());
    }
  }

  async exclusive(work: () => Promise<void>): Promise<void> {
    while (this.turn) await this.turn;
    let done!: () => void;
    this.turn = new Promise<void>((resolve) => (done = resolve));
    try {
      while (this.active) await new Promise<void>((resolve) => this.idle.push(resolve));
      await work();
    } finally {
      this.turn = undefined;
      done();
    }
  }
}
