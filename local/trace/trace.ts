import { AsyncLocalStorage } from 'node:async_hooks';
import http from 'node:http';
import { syncBuiltinESMExports } from 'node:module';

/**
 * Event traces: every layer of the runtime (bus, targets, Step Functions, DynamoDB proxy) records
 * steps under the `detail.eventId` of the event that caused them. The cause travels with the async
 * call chain (AsyncLocalStorage) and across the handler → local AWS endpoint HTTP hop in a header.
 */
export interface TraceContext {
  /** `detail.eventId` of the event being processed, if any. */
  eventId?: string;
  /** Who is acting: `POST /webhooks/eum`, `lambda:record-message`, `execution:<arn>` … */
  actor: string;
  executionArn?: string;
}

export type TraceStepKind =
  | 'ingress'
  | 'rule-matched'
  | 'target-invoked'
  | 'target-failed'
  | 'dead-lettered'
  | 'delivery-resumed'
  | 'execution-started'
  | 'execution-resumed'
  | 'execution-finished'
  | 'item-written'
  | 'event-published'
  /** A line a handler wrote while working on the event (local/console-api/log-capture.ts). */
  | 'log';

export interface TraceStep {
  at: string;
  kind: TraceStepKind;
  actor?: string;
  [field: string]: unknown;
}

export const TRACE_HEADER = 'x-local-trace';
const storage = new AsyncLocalStorage<TraceContext>();

export const currentTrace = (): TraceContext | undefined => storage.getStore();
export const withTrace = <T>(ctx: TraceContext, fn: () => T): T => storage.run(ctx, fn);

export function encodeTrace(ctx: TraceContext): string {
  return Buffer.from(JSON.stringify(ctx)).toString('base64url');
}
export function decodeTrace(header: string | string[] | undefined): TraceContext | undefined {
  if (typeof header !== 'string' || !header) return undefined;
  try {
    return JSON.parse(Buffer.from(header, 'base64url').toString('utf8')) as TraceContext;
  } catch {
    return undefined;
  }
}

const MAX_TRACED_EVENTS = 20_000;

export class TraceStore {
  private readonly steps = new Map<string, TraceStep[]>();
  /** Bus event id (the `id` field) → detail.eventId, so either id finds the trace. */
  private readonly aliases = new Map<string, string>();

  record(eventId: string | undefined, kind: TraceStepKind, fields: Record<string, unknown> = {}): void {
    if (!eventId) return;
    let list = this.steps.get(eventId);
    if (!list) {
      if (this.steps.size >= MAX_TRACED_EVENTS) this.steps.delete(this.steps.keys().next().value!);
      list = [];
      this.steps.set(eventId, list);
    }
    list.push({ at: new Date().toISOString(), kind, ...fields });
  }

  alias(busEventId: string, eventId: string): void {
    this.aliases.set(busEventId, eventId);
  }

  get(id: string): { eventId: string; steps: TraceStep[] } | undefined {
    const eventId = this.steps.has(id) ? id : this.aliases.get(id);
    if (!eventId) return undefined;
    return { eventId, steps: [...(this.steps.get(eventId) ?? [])] };
  }
}

let patchedPorts: Set<number> | undefined;

/**
 * Adds the trace header to the SDK's requests to the runtime's own port: the AWS SDK (node:http)
 * sends them, so the endpoint knows which event the handler was working on.
 */
export function propagateTraceTo(port: number): () => void {
  if (!patchedPorts) {
    patchedPorts = new Set();
    const ports = patchedPorts;
    const original = http.request;
    const patched = function (this: unknown, ...args: unknown[]) {
      const ctx = storage.getStore();
      const opts = args[0];
      if (ctx && opts && typeof opts === 'object' && !(opts instanceof URL)) {
        const o = opts as http.RequestOptions;
        if (ports.has(Number(o.port))) args[0] = { ...o, headers: { ...(o.headers ?? {}), [TRACE_HEADER]: encodeTrace(ctx) } };
      }
      return (original as (...a: unknown[]) => http.ClientRequest).apply(this, args);
    };
    (http as { request: unknown }).request = patched;
    syncBuiltinESMExports();
  }
  patchedPorts.add(port);
  return () => patchedPorts?.delete(port);
}
