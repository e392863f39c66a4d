import { randomBytes } from 'node:crypto';
import type { RuleDefinition } from '../../events/rules/types.js';
import type { ScheduleDefinition } from '../../events/schedules/types.js';
import { matchesPattern, validatePattern } from '../../events/pattern-matcher.js';
import type { LocalBus } from '../bus/bus.js';
import { nextRunDelayMs } from '../bus/schedules.js';
import type { BusEventRecord } from '../bus/types.js';
import type { DeadLetter } from '../dlq/dlq.js';
import type { Activity } from '../server/activity.js';
import type { JsonReply } from '../server/http-server.js';
import { stateMachineArn } from '../stepfunctions/arns.js';
import type { LocalStepFunctions } from '../stepfunctions/engine.js';
import type { ExecutionRecord } from '../stepfunctions/records.js';
import { currentTrace, type TraceStore } from '../trace/trace.js';
import { executionDetail, executionListItem, statesOf } from './execution-view.js';
import { buildJourney } from './journey.js';
import { actionForms } from './action-registry.js';

/**
 * The console's own read routes (console-ui's half of the console contract, see console/README.md):
 * paged execution and event lists, one execution with per-state status, event journeys, the
 * pattern tester, the action registry as JSON Schema, health and "run now".
 */
export interface ConsoleUiDeps {
  sfn: LocalStepFunctions;
  bus: LocalBus;
  trace: TraceStore;
  activity: Activity;
  machines: { name: string; definition: unknown }[];
  rules: RuleDefinition[];
  schedules: ScheduleDefinition[];
  schedulesOnTimers: boolean;
  timeScale: number;
  dlq: () => DeadLetter[];
  /** Runs an action as POST /actions does, under the given trace actor (so its events can be told apart). */
  runAction(body: unknown, actor: string): Promise<JsonReply>;
  runSchedule(name: string): Promise<unknown>;
}

export type ConsoleRoute = (method: string, path: string, query: URLSearchParams, body: unknown) => Promise<JsonReply | undefined>;

const DEFAULT_PAGE = 100;
const MAX_PAGE = 1000;
const PATTERN_WINDOW = 2000;
const MAX_EVENTS_KEPT = 100_000;

const bad = (message: string, field?: string): JsonReply => ({ statusCode: 400, body: { error: 'ValidationError', message, ...(field ? { field } : {}) } });
const notFound = (message: string): JsonReply => ({ statusCode: 404, body: { error: 'NotFound', message } });

export function consoleUiRoutes(deps: ConsoleUiDeps): ConsoleRoute {
  const searchText = new WeakMap<object, string>();
  const textOf = (obj: object, make: () => string) => {
    let t = searchText.get(obj);
    if (t === undefined) searchText.set(obj, (t = make().toLowerCase()));
    return t;
  };
  const definitions = new Map(deps.machines.map((m) => [m.name, { definition: m.definition, states: statesOf(m.definition) }]));
  // Both buses in arrival order (bus.events() keeps the custom bus only): the restored history, then every dispatch.
  let seen: BusEventRecord[] = [...deps.bus.events()];
  deps.bus.onDispatch((record) => {
    seen.push(record);
    if (seen.length > MAX_EVENTS_KEPT) seen = seen.slice(-MAX_EVENTS_KEPT / 2);
  });

  const findEvent = (id: string): BusEventRecord | undefined => {
    const all = seen;
    for (let i = all.length - 1; i >= 0; i--) if (all[i]!.id === id || all[i]!.detail?.eventId === id) return all[i];
    return undefined;
  };

  function listExecutions(q: URLSearchParams): JsonReply {
    const page = paging(q);
    if ('statusCode' in page) return page;
    const machine = q.get('machine') || undefined;
    const status = q.get('status') || undefined;
    const from = q.get('from') ? Date.parse(q.get('from')!) : undefined;
    const to = q.get('to') ? Date.parse(q.get('to')!) : undefined;
    if (from !== undefined && Number.isNaN(from)) return bad('from: an ISO-8601 timestamp', 'from');
    if (to !== undefined && Number.isNaN(to)) return bad('to: an ISO-8601 timestamp', 'to');
    const needle = (q.get('q') ?? '').trim().toLowerCase();
    const all = deps.sfn.list();
    const hits: ExecutionRecord[] = [];
    // Newest first: the engine keeps them in start order.
    for (let i = all.length - 1; i >= 0; i--) {
      const e = all[i]!;
      if (machine && e.stateMachine !== machine) continue;
      if (status && e.status !== status) continue;
      const started = Date.parse(e.startDate);
      if (from !== undefined && started < from) continue;
      if (to !== undefined && started > to) continue;
      if (needle && !textOf(e, () => `${e.name} ${e.executionArn} ${e.startedBy ?? ''} ${e.input}`).includes(needle)) continue;
      hits.push(e);
    }
    const slice = hits.slice(page.offset, page.offset + page.limit);
    return {
      statusCode: 200,
      body: {
        executions: slice.map(executionListItem),
        total: hits.length,
        nextCursor: page.offset + page.limit < hits.length ? String(page.offset + page.limit) : undefined,
      },
    };
  }

  function oneExecution(arn: string): JsonReply {
    const record = deps.sfn.get(arn);
    if (!record) return notFound(`no execution ${arn}`);
    return { statusCode: 200, body: executionDetail(record, definitions.get(record.stateMachine), deps.timeScale) };
  }

  function listEvents(q: URLSearchParams): JsonReply {
    const page = paging(q);
    if ('statusCode' in page) return page;
    const bus = q.get('bus') || undefined;
    if (bus && bus !== 'custom' && bus !== 'default') return bad('bus: custom or default', 'bus');
    const detailType = q.get('detailType') || undefined;
    const needle = (q.get('q') ?? '').trim().toLowerCase();
    const all = seen;
    const hits: BusEventRecord[] = [];
    for (let i = all.length - 1; i >= 0; i--) {
      const e = all[i]!;
      if (bus && e.bus !== bus) continue;
      if (detailType && e.detailType !== detailType) continue;
      if (needle && !textOf(e, () => `${e.id} ${e.detailType} ${e.source} ${JSON.stringify(e.detail)}`).includes(needle)) continue;
      hits.push(e);
    }
    const detailTypes = [...new Set(all.map((e) => e.detailType))].sort();
    return {
      statusCode: 200,
      body: {
        events: hits.slice(page.offset, page.offset + page.limit),
        total: hits.length,
        detailTypes,
        nextCursor: page.offset + page.limit < hits.length ? String(page.offset + page.limit) : undefined,
      },
    };
  }

  function testPattern(body: any): JsonReply {
    let pattern = body?.pattern;
    if (pattern === undefined) return bad('pattern: required (an EventBridge event pattern, as JSON)', 'pattern');
    if (typeof pattern === 'string') {
      try {
        pattern = JSON.parse(pattern);
      } catch (err) {
        return bad(`pattern: not JSON (${(err as Error).message})`, 'pattern');
      }
    }
    const problems = validatePattern(pattern);
    if (problems.length) return { statusCode: 400, body: { error: 'InvalidEventPattern', message: problems.join('; '), field: 'pattern', problems } };
    const recent = seen.slice(-PATTERN_WINDOW);
    const matched: BusEventRecord[] = [];
    for (let i = recent.length - 1; i >= 0; i--) {
      const e = recent[i]!;
      if (matchesPattern(pattern, envelope(e))) matched.push(e);
    }
    return { statusCode: 200, body: { tested: recent.length, matchCount: matched.length, matches: matched.slice(0, 200) } };
  }

  async function postAction(body: unknown): Promise<JsonReply> {
    // Events put on the bus under this actor (in this process or through the trace header) are the ones the action caused.
    const actor = `console:action:${randomBytes(6).toString('hex')}`;
    const caused: { eventId: string; detailType: string; busEventId: string }[] = [];
    const off = deps.bus.onEvent((e) => {
      if (currentTrace()?.actor === actor) caused.push({ eventId: String(e.detail?.eventId ?? e.id), detailType: e.detailType, busEventId: e.id });
    });
    try {
      const reply = await deps.runAction(body, actor);
      return { statusCode: reply.statusCode, body: { status: reply.statusCode, answer: reply.body, causedEvents: caused } };
    } finally {
      off();
    }
  }

  function health(): JsonReply {
    const now = new Date();
    const executions = deps.sfn.list();
    const running = executions.filter((e) => e.status === 'RUNNING');
    return {
      statusCode: 200,
      body: {
        stateMachines: deps.machines.map((m) => ({
          name: m.name,
          arn: stateMachineArn(m.name),
          states: Object.keys(statesOf(m.definition)).length,
          executions: executions.filter((e) => e.stateMachine === m.name).length,
          running: running.filter((e) => e.stateMachine === m.name).length,
        })),
        stateMachineErrors: deps.sfn.loadErrors,
        rules: deps.rules.map((r) => ({ name: r.name, description: r.description, bus: r.bus, pattern: r.pattern, target: r.target })),
        schedules: deps.schedules.map((s) => {
          const delay = nextRunDelayMs(s.expression, now);
          return {
            name: s.name,
            description: s.description,
            expression: s.expression,
            target: s.target,
            onTimers: deps.schedulesOnTimers,
            nextRun: delay === undefined ? undefined : new Date(now.getTime() + delay).toISOString(),
          };
        }),
        inFlight: { work: deps.activity.busy, runningExecutions: running.length, deadLetters: deps.dlq().length, events: seen.length },
      },
    };
  }

  return async (method, path, query, body) => {
    if (!path.startsWith('/console/api/')) return undefined;
    const rest = path.slice('/console/api'.length);
    if (method === 'GET') {
      if (rest === '/executions') return listExecutions(query);
      const exec = /^\/executions\/([^/]+)$/.exec(rest);
      if (exec) return oneExecution(decodeURIComponent(exec[1]!));
      if (rest === '/events') return listEvents(query);
      const journey = /^\/events\/([^/]+)\/journey$/.exec(rest);
      if (journey) {
        const id = decodeURIComponent(journey[1]!);
        const j = buildJourney(id, { trace: deps.trace, findEvent });
        return j ? { statusCode: 200, body: j } : notFound(`no trace for event ${id} (traces are kept in memory for this process)`);
      }
      if (rest === '/actions') return { statusCode: 200, body: { actions: await actionForms() } };
      if (rest === '/health') return health();
      if (rest === '/mode') return { statusCode: 200, body: { mode: 'local' } };
      return undefined;
    }
    if (method === 'POST') {
      if (rest === '/patterns/test') return testPattern(body);
      if (rest === '/actions') return postAction(body);
      const schedule = /^\/schedules\/([^/]+)\/run$/.exec(rest);
      if (schedule) {
        const name = decodeURIComponent(schedule[1]!);
        if (!deps.schedules.some((s) => s.name === name)) return notFound(`no schedule named ${name}; known: ${deps.schedules.map((s) => s.name).join(', ')}`);
        return { statusCode: 200, body: { schedule: name, result: await deps.runSchedule(name) } };
      }
    }
    return undefined;
  };
}

function paging(q: URLSearchParams): { offset: number; limit: number } | JsonReply {
  const offset = q.get('cursor') ? Number(q.get('cursor')) : 0;
  const limit = q.get('limit') ? Number(q.get('limit')) : DEFAULT_PAGE;
  if (!Number.isInteger(offset) || offset < 0) return bad('cursor: the nextCursor of the previous page', 'cursor');
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_PAGE) return bad(`limit: an integer from 1 to ${MAX_PAGE}`, 'limit');
  return { offset, limit };
}

/** The envelope EventBridge matches patterns against. */
function envelope(e: BusEventRecord) {
  return { version: '0', id: e.id, 'detail-type': e.detailType, source: e.source, account: '000000000000', time: e.time, region: 'local', resources: [], detail: e.detail };
}
