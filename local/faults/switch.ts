import { seeded } from '../sandboxes/shared/random.js';

/**
 * The local fault layer: switchable failures in the local AWS stand-ins, off by default.
 * Hooks (one line each): local/dynamo/dynamo.ts (`dynamoFault` — throttling / 5xx on a share of
 * writes, before the write or after it with the response lost), local/bus/bus.ts (`putEntryFault`
 * — PutEvents partial failures; `targetFault` — a rule target that throws). The EUM sandbox has its
 * own `setFault`. Counters say what was injected, for the reliability figures.
 */
export interface FaultPlan {
  /** DynamoDB writes (PutItem, UpdateItem, DeleteItem, BatchWriteItem, TransactWriteItems). */
  dynamoWrites?: { rate: number; kind?: 'throttle' | '5xx' /** share of the 5xx that happen after the write (response lost) */; afterWriteShare?: number };
  /** PutEvents entries failing with InternalFailure (the rest of the batch is kept). */
  putEvents?: { rate: number };
  /** Rule targets (`lambda:<name>` / `stateMachine:<name>`) that throw before running. */
  targets?: { rate: number; only?: string[] /** stop after this many throws */; times?: number };
  /** Deterministic decisions (default: Math.random). */
  seed?: number;
}

export interface FaultCounters {
  dynamoThrottles: number;
  dynamo5xxBefore: number;
  dynamo5xxAfterWrite: number;
  putEventsEntries: number;
  targetThrows: number;
}

const zero = (): FaultCounters => ({ dynamoThrottles: 0, dynamo5xxBefore: 0, dynamo5xxAfterWrite: 0, putEventsEntries: 0, targetThrows: 0 });
let plan: FaultPlan | undefined;
let counters = zero();
let random = Math.random;

export const faults = {
  enable(p: FaultPlan): void {
    plan = p;
    random = p.seed === undefined ? Math.random : seeded(p.seed);
  },
  disable(): void {
    plan = undefined;
  },
  get enabled(): boolean {
    return plan !== undefined;
  },
  counters(): FaultCounters {
    return { ...counters };
  },
  total(): number {
    return Object.values(counters).reduce((a, b) => a + b, 0);
  },
  reset(): void {
    counters = zero();
  },
};

const DYNAMO_WRITES = new Set(['PutItem', 'UpdateItem', 'DeleteItem', 'BatchWriteItem', 'TransactWriteItems']);

export interface DynamoFault {
  status: number;
  body: string;
  afterWrite: boolean;
}

/** The fault for this DynamoDB call, if one is due: answered as DynamoDB answers (JSON 1.0 error). */
export function dynamoFault(operation: string): DynamoFault | undefined {
  const f = plan?.dynamoWrites;
  if (!f || !DYNAMO_WRITES.has(operation) || random() >= f.rate) return undefined;
  if ((f.kind ?? 'throttle') === 'throttle') {
    counters.dynamoThrottles++;
    return {
      status: 400,
      afterWrite: false,
      body: JSON.stringify({ __type: 'com.amazonaws.dynamodb.v20120810#ProvisionedThroughputExceededException', message: 'injected throttle (local/faults)' }),
    };
  }
  const afterWrite = random() < (f.afterWriteShare ?? 0);
  if (afterWrite) counters.dynamo5xxAfterWrite++;
  else counters.dynamo5xxBefore++;
  return { status: 500, afterWrite, body: JSON.stringify({ __type: 'com.amazonaws.dynamodb.v20120810#InternalServerError', message: 'injected 5xx (local/faults)' }) };
}

export function sendDynamoFault(res: { writeHead(status: number, headers: Record<string, string>): unknown; end(body: string): unknown }, fault: DynamoFault): void {
  res.writeHead(fault.status, { 'content-type': 'application/x-amz-json-1.0', 'x-amzn-requestid': `fault-${Date.now()}` });
  res.end(fault.body);
}

/** True when this PutEvents entry is to fail with InternalFailure. */
export function putEntryFault(): boolean {
  const f = plan?.putEvents;
  if (!f || random() >= f.rate) return false;
  counters.putEventsEntries++;
  return true;
}

/** Throws when this target invocation is to fail (before the target runs). */
export function targetFault(actor: string): void {
  const f = plan?.targets;
  if (!f || (f.only && !f.only.some((o) => actor.endsWith(o)))) return;
  if (f.times !== undefined && counters.targetThrows >= f.times) return;
  if (random() >= f.rate) return;
  counters.targetThrows++;
  throw Object.assign(new Error(`injected target failure (local/faults) in ${actor}`), { name: 'InjectedFault' });
}
