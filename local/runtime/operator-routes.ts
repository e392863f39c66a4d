import { cut } from '../../functions/domain/shared/cut.js';
import type { LocalBus } from '../bus/bus.js';
import type { DeadLetterQueue } from '../dlq/dlq.js';
import type { MetricsBoard } from '../metrics/emf.js';
import type { Activity } from '../server/activity.js';
import type { JsonReply } from '../server/http-server.js';
import type { LocalStepFunctions } from '../stepfunctions/engine.js';
import { summarize } from '../stepfunctions/records.js';
import type { TraceStore } from '../trace/trace.js';
import type { RuntimeSchedules } from './schedules.js';

/**
 * The operator's routes (local/README.md): health, executions, events and their traces, dead
 * letters and redrive, the functions' metrics, archive replay, and "run this schedule now".
 */
export function operatorRoutes(deps: {
  sfn: LocalStepFunctions;
  bus: LocalBus;
  trace: TraceStore;
  metrics: MetricsBoard;
  dlq: DeadLetterQueue;
  activity: Activity;
  schedules: RuntimeSchedules;
  ruleCount: number;
}): { read(path: string, query: URLSearchParams): JsonReply | undefined; post(path: string, body: Record<string, any>): Promise<JsonReply | undefined> } {
  const { sfn, bus, trace, metrics, dlq, activity, schedules, ruleCount } = deps;
  return { read: readRoute, post: postRoute };

  function readRoute(path: string, query: URLSearchParams): JsonReply | undefined {
    if (path === '/health')
      return {
        statusCode: 200,
        body: { ok: sfn.loadErrors.length === 0, inFlight: activity.busy, stateMachines: sfn.machineNames(), stateMachineErrors: sfn.loadErrors, rules: ruleCount },
      };
    if (path === '/executions') return { statusCode: 200, body: { executions: sfn.list().map(summarize) } };
    const execMatch = /^\/executions\/(.+)$/.exec(path);
    if (execMatch) {
      const e = sfn.get(decodeURIComponent(execMatch[1]!));
      return e ? { statusCode: 200, body: { ...summarize(e), history: e.history } } : { statusCode: 404, body: { error: 'no such execution' } };
    }
    if (path === '/events') {
      const detailType = query.get('detailType') ?? undefined;
      const limit = Number(query.get('limit') ?? 200);
      return { statusCode: 200, body: { events: bus.events({ detailType }).slice(-limit) } };
    }
    const traceMatch = /^\/events\/([^/]+)\/trace$/.exec(path);
    if (traceMatch) {
      const t = trace.get(decodeURIComponent(traceMatch[1]!));
      return t ? { statusCode: 200, body: t } : { statusCode: 404, body: { error: 'no trace for this event id (traces are kept in memory for this process)' } };
    }
    if (path === '/dlq') return { statusCode: 200, body: { deadLetters: dlq.list() } };
    if (path === '/metrics') return { statusCode: 200, body: { metrics: metrics.list({ name: query.get('name') ?? undefined, service: query.get('service') ?? undefined }) } };
    return undefined;
  }

  async function postRoute(path: string, body: Record<string, any>): Promise<JsonReply | undefined> {
    if (path === '/dlq/redrive') return { statusCode: 200, body: await bus.redrive(Array.isArray(body?.ids) ? body.ids : undefined) };
    if (path === '/events/replay') {
      const from = new Date(body?.from ?? 0);
      const to = new Date(body?.to ?? Date.now());
      if (Number.isNaN(from.getTime()) || Number.isNaN(to.getTime())) return { statusCode: 400, body: { error: 'from/to: ISO-8601 timestamps' } };
      return { statusCode: 200, body: bus.replay({ from, to, name: body?.name }) };
    }
    if (path.startsWith('/schedules/') && path.endsWith('/run')) {
      const name = decodeURIComponent(path.slice('/schedules/'.length, -'/run'.length));
      const list = schedules.list;
      if (!list.some((x) => x.name === name)) return { statusCode: 404, body: { error: `no schedule named ${cut(name)}; known: ${list.map((x) => x.name).join(', ') || 'none'}` } };
      return { statusCode: 200, body: { result: await schedules.run(name) } };
    }
    return undefined;
  }
}
