import http from 'node:http';
import type { Runtime } from '../local/runtime.js';

/**
 * Counts every DynamoDB request sent to one dynalite port from this process: the runtime's proxy
 * forwards each handler's request there with `http.request`, so patching it sees them all (including
 * writes the runtime's trace does not attribute to an event, such as the ingest's dedupe claims).
 * Conditional writes that fail are counted too: they consume write units on AWS as well.
 */
const WRITE_OPS = new Set(['PutItem', 'UpdateItem', 'DeleteItem']);
const READ_OPS = new Set(['GetItem', 'Query', 'Scan']);

export const dynamoCount = { writeUnits: 0, readOps: 0 };
let dynalitePort = '';
let patched = false;

/** Starts counting the requests sent to `rt`'s dynalite (only one runtime is counted at a time). */
export async function countDynamoRequestsOf(rt: Runtime): Promise<void> {
  const endpoint = await (rt.dynamo.config.endpoint as () => Promise<{ port?: number }>)();
  dynalitePort = String(endpoint.port ?? '');
  if (patched) return;
  patched = true;
  const original = http.request.bind(http) as (...args: any[]) => http.ClientRequest;
  (http as any).request = (...args: any[]) => {
    const req = original(...args);
    const opt = args[0];
    if (dynalitePort && opt && typeof opt === 'object' && !(opt instanceof URL) && String(opt.port) === dynalitePort) {
      const target = String(opt.headers?.['x-amz-target'] ?? opt.headers?.['X-Amz-Target'] ?? '');
      const op = target.split('.').pop() ?? '';
      if (WRITE_OPS.has(op)) dynamoCount.writeUnits++;
      else if (READ_OPS.has(op)) dynamoCount.readOps++;
      else if (op === 'BatchWriteItem' || op === 'TransactWriteItems') {
        const end = req.end.bind(req);
        (req as any).end = (body?: any, ...rest: any[]) => {
          try {
            const parsed = JSON.parse(String(body));
            if (op === 'BatchWriteItem') for (const list of Object.values<any[]>(parsed.RequestItems ?? {})) dynamoCount.writeUnits += list.length;
            else dynamoCount.writeUnits += 2 * (parsed.TransactItems?.length ?? 0); // transactional writes cost 2 WRU
          } catch {
            dynamoCount.writeUnits++;
          }
          return end(body, ...rest);
        };
      }
    }
    return req;
  };
}
