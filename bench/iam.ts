import { DynamoDBClient, PutItemCommand } from '@aws-sdk/client-dynamodb';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { rules } from '../events/rules/index.js';
import { schedules } from '../events/schedules/index.js';
import { functionCatalog } from '../infra/function-catalog.js';
import { systemPolicies } from '../infra/grants.js';
import { identifyCaller } from '../local/iam/caller.js';
import { localCredentialsFor } from '../local/iam/credentials.js';
import { IamEnforcer } from '../local/iam/enforcer.js';
import { dynamoChecks } from '../local/iam/requests.js';
import type { SignedRequest } from '../local/iam/sigv4.js';
import { log, round, type BenchOptions, type Result } from './lib.js';

/**
 * What IAM enforcement adds to each AWS call the twin serves: identifying the caller (SigV4
 * verification) and authorizing it (request → checks → policy evaluation), on a real SDK-signed
 * DynamoDB PutItem of a 2 KB item.
 */
export async function benchIam(opts: BenchOptions): Promise<Result[]> {
  const request = await capturedPutItem();
  const policies = new IamEnforcer(systemPolicies({ catalog: functionCatalog, rules, schedules }), { enabled: true });
  const n = opts.quick ? 5_000 : 50_000;
  log(`iam: ${n} calls`);
  const perCallMicros = (fn: () => void) => {
    for (let i = 0; i < 500; i++) fn();
    const t = performance.now();
    for (let i = 0; i < n; i++) fn();
    return round(((performance.now() - t) / n) * 1000, 1);
  };
  const identify = perCallMicros(() => identifyCaller(request, { requireIssuedKey: false }));
  const authorize = perCallMicros(() => {
    for (const c of dynamoChecks('PutItem', JSON.parse(request.body.toString()))) policies.authorize('record-message', c.action, c.resource);
  });
  return [
    { name: 'iam: identify caller (SigV4 verify) per AWS call', value: identify, unit: 'µs' },
    { name: 'iam: authorize (parse + policy) per AWS call', value: authorize, unit: 'µs' },
  ];
}

async function capturedPutItem(): Promise<SignedRequest & { body: Buffer }> {
  let captured: (SignedRequest & { body: Buffer }) | undefined;
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://local');
      captured = { method: req.method ?? 'POST', path: url.pathname, query: url.searchParams, headers: req.headers, body: Buffer.concat(chunks) };
      res.writeHead(400, { 'content-type': 'application/x-amz-json-1.0' });
      res.end('{"__type":"ValidationException","message":"captured"}');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const client = new DynamoDBClient({
    endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    region: 'local',
    credentials: localCredentialsFor('record-message'),
    maxAttempts: 1,
  });
  await client.send(new PutItemCommand({ TableName: 'eum-social', Item: { pk: { S: 'x'.repeat(2048) }, sk: { S: 'y' } } })).catch(() => undefined);
  client.destroy();
  await new Promise<void>((r) => server.close(() => r()));
  if (!captured) throw new Error('the SDK call was not captured');
  return captured;
}
