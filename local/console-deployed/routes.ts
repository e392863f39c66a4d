import { join } from 'node:path';
import {
  DescribeExecutionCommand,
  DescribeStateMachineCommand,
  GetExecutionHistoryCommand,
  ListExecutionsCommand,
  RedriveExecutionCommand,
  StartExecutionCommand,
  StopExecutionCommand,
  type ExecutionStatus,
  type HistoryEvent,
} from '@aws-sdk/client-sfn';
import { z } from 'zod';
import { actionForms } from '../console-api/action-registry.js';
import { recordFromAws } from '../console-api/aws-history.js';
import { executionDetail, executionListItem, statesOf } from '../console-api/execution-view.js';
import { ApiError, fromAwsError } from '../console-api/http.js';
import { StartBody, StopBody } from '../console-api/server-routes.js';
import { examplesOf, inputContractOf } from '../console-api/state-machines.js';
import type { ConsoleRoute } from '../console-api/ui-routes.js';
import { AwsError } from '../aws-endpoints/json-protocol.js';
import { stackTarget } from '../cli/transport.js';
import type { JsonReply } from '../server/http-server.js';
import { PROJECT_ROOT } from '../server/paths.js';
import type { ExecutionRecord } from '../stepfunctions/records.js';
import type { DeployedMachine, StackTarget } from './stack.js';
import { HEALTH_NOTE, notAvailable } from './twin-only.js';

/**
 * The console API of the deployed-stack console, in the shapes the twin's routes answer (so the
 * views do not care which side they talk to): executions through the Step Functions API, actions
 * through the signed actions API, twin-only routes as 501 with where to look in AWS instead.
 * Nothing is written except through those two APIs.
 */
const DEFAULT_PAGE = 100;
const MAX_PAGE = 1000;
/** ListExecutions pages read per machine and status for one list (newest first): 5 pages of 1,000. */
const MAX_LISTED = 5000;
/**
 * Lists are re-read at most this often (and after a start, stop or redrive from here): views without a
 * stream poll every 3 s, and Step Functions throttles ListExecutions per account and region.
 */
const LIST_CACHE_MS = 10_000;
const MACHINES_DIR = join(PROJECT_ROOT, 'state-machines');

type Listed = { records: ExecutionRecord[]; truncated: boolean };

export function deployedConsoleRoutes(target: StackTarget): ConsoleRoute {
  const byName = new Map(target.machines.map((m) => [m.name, m]));
  const byArn = new Map(target.machines.map((m) => [m.arn, m]));
  const actions = stackTarget(target.actionsUrl, target.region, target.credentials);
  const definitions = new Map<string, Promise<{ definition: unknown; states: Record<string, any> }>>();
  const lists = new Map<string, { at: number; value: Promise<Listed> }>();

  const definitionOf = (m: DeployedMachine) => {
    let d = definitions.get(m.arn);
    if (!d) {
      d = target.sfn.send(new DescribeStateMachineCommand({ stateMachineArn: m.arn })).then((out) => {
        const definition = JSON.parse(out.definition ?? '{}');
        return { definition, states: statesOf(definition) };
      });
      d.catch(() => definitions.delete(m.arn));
      definitions.set(m.arn, d);
    }
    return d;
  };

  /** The machine an execution ARN belongs to: only this stack's executions are read or changed. */
  const machineOfExecution = (executionArn: string): DeployedMachine => {
    const machineArn = executionArn.replace(':execution:', ':stateMachine:').replace(/:[^:]+$/, '');
    const m = /:execution:/.test(executionArn) ? byArn.get(machineArn) : undefined;
    if (!m) throw new ApiError(404, 'NotFound', `executionArn: not an execution of this stack's state machines (${target.machines.map((x) => x.name).join(', ')})`, 'executionArn');
    return m;
  };

  function listed(m: DeployedMachine, status?: string): Promise<Listed> {
    const key = `${m.arn}|${status ?? ''}`;
    const hit = lists.get(key);
    if (hit && Date.now() - hit.at < LIST_CACHE_MS) return hit.value;
    const value = (async () => {
      const records: ExecutionRecord[] = [];
      let nextToken: string | undefined;
      do {
        const page = await target.sfn.send(new ListExecutionsCommand({ stateMachineArn: m.arn, statusFilter: status as ExecutionStatus | undefined, maxResults: 1000, nextToken }));
        for (const e of page.executions ?? []) records.push(recordFromAws(e, [], m.name));
        nextToken = page.nextToken;
      } while (nextToken && records.length < MAX_LISTED);
      return { records, truncated: Boolean(nextToken) };
    })();
    value.catch(() => lists.delete(key));
    lists.set(key, { at: Date.now(), value });
    return value;
  }

  async function listExecutions(q: URLSearchParams): Promise<JsonReply> {
    const offset = q.get('cursor') ? Number(q.get('cursor')) : 0;
    const limit = q.get('limit') ? Number(q.get('limit')) : DEFAULT_PAGE;
    if (!Number.isInteger(offset) || offset < 0) throw new ApiError(400, 'ValidationError', 'cursor: the nextCursor of the previous page', 'cursor');
    if (!Number.isInteger(limit) || limit < 1 || limit > MAX_PAGE) throw new ApiError(400, 'ValidationError', `limit: an integer from 1 to ${MAX_PAGE}`, 'limit');
    const machineName = q.get('machine') || undefined;
    const machines = machineName ? [byName.get(machineName)] : target.machines;
    if (!machines[0]) throw new ApiError(400, 'ValidationError', `machine: one of ${[...byName.keys()].join(', ')}`, 'machine');
    const status = q.get('status') || undefined;
    const from = q.get('from') ? Date.parse(q.get('from')!) : undefined;
    const to = q.get('to') ? Date.parse(q.get('to')!) : undefined;
    if (from !== undefined && Number.isNaN(from)) throw new ApiError(400, 'ValidationError', 'from: an ISO-8601 timestamp', 'from');
    if (to !== undefined && Number.isNaN(to)) throw new ApiError(400, 'ValidationError', 'to: an ISO-8601 timestamp', 'to');
    // INTERRUPTED is the twin's own status (a runtime that stopped): Step Functions has none.
    if (status === 'INTERRUPTED') return { statusCode: 200, body: { executions: [], total: 0 } };
    const needle = (q.get('q') ?? '').trim().toLowerCase();
    const pages = await Promise.all(machines.map((m) => listed(m!, status)));
    const hits = pages
      .flatMap((p) => p.records)
      .filter((e) => {
        const started = Date.parse(e.startDate);
        if (from !== undefined && started < from) return false;
        if (to !== undefined && started > to) return false;
        // ListExecutions carries no input: the search covers names and ARNs (the twin also searches inputs).
        return !needle || `${e.name} ${e.executionArn}`.toLowerCase().includes(needle);
      })
      .sort((a, b) => b.startDate.localeCompare(a.startDate));
    return {
      statusCode: 200,
      body: {
        executions: hits.slice(offset, offset + limit).map(executionListItem),
        total: hits.length,
        nextCursor: offset + limit < hits.length ? String(offset + limit) : undefined,
        ...(pages.some((p) => p.truncated) ? { truncated: `only the newest ${MAX_LISTED} executions per state machine are listed` } : {}),
      },
    };
  }

  async function history(executionArn: string): Promise<HistoryEvent[]> {
    const events: HistoryEvent[] = [];
    let nextToken: string | undefined;
    do {
      const page = await target.sfn.send(new GetExecutionHistoryCommand({ executionArn, maxResults: 1000, nextToken, includeExecutionData: true }));
      events.push(...(page.events ?? []));
      nextToken = page.nextToken;
    } while (nextToken);
    return events;
  }

  async function oneExecution(executionArn: string): Promise<JsonReply> {
    const m = machineOfExecution(executionArn);
    const [described, events, machine] = await Promise.all([target.sfn.send(new DescribeExecutionCommand({ executionArn })), history(executionArn), definitionOf(m)]);
    return { statusCode: 200, body: executionDetail(recordFromAws(described, events, m.name), machine, 1) };
  }

  async function health(): Promise<JsonReply> {
    const stateMachines = await Promise.all(
      target.machines.map(async (m) => {
        const [all, running, def] = await Promise.all([listed(m), listed(m, 'RUNNING'), definitionOf(m)]);
        return { name: m.name, arn: m.arn, states: Object.keys(def.states).length, executions: all.records.length, running: running.records.length };
      }),
    );
    const runningExecutions = stateMachines.reduce((n, m) => n + m.running, 0);
    return {
      statusCode: 200,
      body: {
        stateMachines,
        stateMachineErrors: [],
        rules: [],
        schedules: [],
        inFlight: { work: 0, runningExecutions, deadLetters: 0, events: 0 },
        deployed: { note: HEALTH_NOTE },
      },
    };
  }

  async function answer(method: string, route: string, query: URLSearchParams, body: unknown): Promise<JsonReply> {
    const ok = (b: unknown): JsonReply => ({ statusCode: 200, body: b });
    if (method === 'GET' && route === '/mode') {
      return ok({ mode: 'deployed', stack: target.stackName ?? null, region: target.region, actionsUrl: target.actionsUrl, stateMachines: target.machines });
    }
    if (method === 'GET' && route === '/executions') return listExecutions(query);
    if (method === 'GET' && route === '/health') return health();
    if (method === 'GET' && route === '/actions') return ok({ actions: await actionForms() });
    if (method === 'POST' && route === '/actions') {
      const reply = await actions.send(body);
      // The deployed API runs the action in its own Lambda: which events it caused is in its logs, not here.
      return { statusCode: reply.statusCode, body: { status: reply.statusCode, answer: reply.body, causedEvents: [] } };
    }
    if (method === 'GET' && route === '/state-machines') {
      return ok(
        await Promise.all(
          target.machines.map(async (m) => ({
            name: m.name,
            arn: m.arn,
            definition: (await definitionOf(m)).definition,
            inputContract: inputContractOf(MACHINES_DIR, m.name),
            examples: examplesOf(MACHINES_DIR, m.name),
          })),
        ),
      );
    }
    if (method === 'POST' && route === '/executions') {
      const b = parsed(StartBody, body);
      const m = byName.get(b.stateMachine);
      if (!m) throw new ApiError(400, 'ValidationError', `stateMachine: one of ${[...byName.keys()].join(', ')}`, 'stateMachine');
      const out = await target.sfn.send(new StartExecutionCommand({ stateMachineArn: m.arn, name: b.name, input: JSON.stringify(b.input ?? {}) }));
      lists.clear();
      return ok({ executionArn: out.executionArn, startDate: out.startDate?.toISOString() });
    }
    const one = /^\/executions\/([^/]+)$/.exec(route);
    if (one && method === 'GET') return oneExecution(segment(one[1]!));
    const op = /^\/executions\/([^/]+)\/(stop|redrive|history)$/.exec(route);
    if (op) {
      const executionArn = segment(op[1]!);
      machineOfExecution(executionArn);
      if (op[2] === 'history' && method === 'GET') return ok({ events: await history(executionArn) });
      if (op[2] === 'stop' && method === 'POST') {
        const out = await target.sfn.send(new StopExecutionCommand({ executionArn, ...parsed(StopBody, body) }));
        lists.clear();
        return ok({ stopDate: out.stopDate?.toISOString() });
      }
      if (op[2] === 'redrive' && method === 'POST') {
        parsed(z.object({}), body);
        const out = await target.sfn.send(new RedriveExecutionCommand({ executionArn }));
        lists.clear();
        return ok({ redriveDate: out.redriveDate?.toISOString() });
      }
    }
    return notAvailable(method, route);
  }

  return async (method, path, query, body) => {
    if (!path.startsWith('/console/api/')) return undefined;
    try {
      return await answer(method, path.slice('/console/api'.length), query, body);
    } catch (err) {
      const e = asApiError(err);
      return { statusCode: e.statusCode, body: { error: e.code, message: e.message, ...(e.field ? { field: e.field } : {}) } };
    }
  };
}

function parsed<T extends z.ZodType>(schema: T, body: unknown): z.infer<T> {
  const r = schema.safeParse(body ?? {});
  if (r.success) return r.data;
  const issue = r.error.issues[0]!;
  const field = issue.path.map(String).join('.') || 'body';
  throw new ApiError(400, 'ValidationError', `${field}: ${issue.message}`, field);
}

function segment(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    throw new ApiError(400, 'ValidationError', 'executionArn: malformed percent-encoding in the path', 'executionArn');
  }
}

/** Step Functions' errors keep their names (ExecutionNotRedrivable 409, …); a call that never got an answer is 502. */
function asApiError(err: unknown): ApiError {
  if (err instanceof ApiError) return err;
  const e = err as { name?: string; message?: string; $metadata?: { httpStatusCode?: number } };
  if (e?.$metadata?.httpStatusCode) {
    const api = fromAwsError(new AwsError(String(e.name), String(e.message ?? e.name)));
    // AccessDeniedException and friends: the caller's IAM policy, not the request.
    return e.$metadata.httpStatusCode === 403 ? new ApiError(403, api.code, api.message) : api;
  }
  return new ApiError(
    502,
    'AwsCallFailed',
    `the call to AWS failed: ${e?.message ?? String(err)} (credentials from the default chain: env, profile, SSO; region and endpoint as given)`,
  );
}
