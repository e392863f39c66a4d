import { z } from 'zod';
import type { EventArchive } from '../bus/archive.js';
import type { LocalBus } from '../bus/bus.js';
import type { DeadLetterQueue } from '../dlq/dlq.js';
import { bearerMatches } from '../server/front-door.js';
import type { ModuleRequest, RouteModule } from '../server/route-module.js';
import type { Sandboxes } from '../server/sandboxes-wiring.js';
import { stateMachineArn } from '../stepfunctions/arns.js';
import type { LocalStepFunctions } from '../stepfunctions/engine.js';
import { ApiError, decodeSegment, fromAwsError, parseBody, sendError, sendJson } from './http.js';
import { runSandboxRoute, sandboxRoutes } from './sandbox-routes.js';
import { examplesOf, inputContractOf } from './state-machines.js';
import { openStream } from './stream.js';

/**
 * The console API routes owned by the server side (issue 17; documented in local/README.md):
 * stream, state machines, execution start/stop/redrive/history, sandbox controls, DLQ, replay.
 * Every `/console/api/*` request needs `Authorization: Bearer <consoleToken>`; requests for routes
 * this module does not know fall through (the console-ui module and the core routes come next).
 */
export interface ConsoleServerDeps {
  token: string;
  sfn: LocalStepFunctions;
  bus: LocalBus;
  dlq: DeadLetterQueue;
  archive: EventArchive;
  machinesDir: string;
  sandboxes: Sandboxes;
  razorpayKey: { keyId: string; keySecret: string };
  heartbeatMs?: number;
}

export const CONSOLE_API = '/console/api';

export const StartBody = z.object({
  stateMachine: z.string().min(1),
  name: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,80}$/, '1 to 80 letters, digits, - or _')
    .optional(),
  input: z.unknown().optional(),
});
export const StopBody = z.object({ error: z.string().max(256).optional(), cause: z.string().max(32_768).optional() });
const RedriveDlqBody = z.object({ ids: z.array(z.string().min(1)).optional() });
const isoDate = z.string().refine((v) => !Number.isNaN(Date.parse(v)), 'an ISO-8601 timestamp');
const ReplayBody = z.object({
  from: isoDate,
  to: isoDate.optional(),
  dryRun: z.boolean().default(false),
  name: z
    .string()
    .regex(/^[A-Za-z0-9._-]{1,64}$/)
    .optional(),
  bus: z.enum(['custom', 'default']).optional(),
});

export function consoleServerRoutes(deps: ConsoleServerDeps): RouteModule {
  const sandbox = sandboxRoutes({ sandboxes: deps.sandboxes, razorpayKey: deps.razorpayKey });
  const iso = (epochSeconds: number) => new Date(epochSeconds * 1000).toISOString();

  return async ({ method, path, rawBody, req, res, detach }) => {
    if (path !== CONSOLE_API && !path.startsWith(`${CONSOLE_API}/`)) return false;
    if (!bearerMatches(req, deps.token)) {
      res.setHeader('www-authenticate', 'Bearer');
      sendError(res, new ApiError(401, 'Unauthorized', 'the console API needs Authorization: Bearer <token> (the token is in the URL `npm start` prints)'));
      return true;
    }
    const route = path.slice(CONSOLE_API.length);
    try {
      const body = await answer(method, route, rawBody, req, res, detach);
      if (body === STREAMING) return true;
      if (body === undefined) return false;
      sendJson(res, 200, body);
    } catch (err) {
      sendError(res, fromAwsError(err));
    }
    return true;
  };

  async function answer(method: string, route: string, raw: Buffer, req: ModuleRequest['req'], res: ModuleRequest['res'], detach: () => void): Promise<unknown> {
    if (method === 'GET' && route === '/stream') {
      detach();
      openStream(req, res, { bus: deps.bus, sfn: deps.sfn, deadLetters: () => deps.dlq.list(), heartbeatMs: deps.heartbeatMs });
      return STREAMING;
    }
    if (method === 'GET' && route === '/state-machines') {
      return deps.sfn.machineNames().map((name) => ({
        name,
        arn: stateMachineArn(name),
        definition: deps.sfn.definitionOf(name),
        inputContract: inputContractOf(deps.machinesDir, name),
        examples: examplesOf(deps.machinesDir, name),
      }));
    }
    if (method === 'POST' && route === '/executions') {
      const b = parseBody(raw, StartBody);
      if (!deps.sfn.machineNames().includes(b.stateMachine)) {
        throw new ApiError(400, 'ValidationError', `stateMachine: one of ${deps.sfn.machineNames().join(', ')}`, 'stateMachine');
      }
      const out = await deps.sfn.startExecution({ stateMachineArn: stateMachineArn(b.stateMachine), name: b.name, input: JSON.stringify(b.input ?? {}) }, { actor: 'console' });
      return { executionArn: out.executionArn, startDate: out.startDate.toISOString() };
    }
    const exec = /^\/executions\/([^/]+)\/(stop|redrive|history)$/.exec(route);
    if (exec) {
      const executionArn = decodeSegment(exec[1]!, 'executionArn');
      const op = exec[2]!;
      if (op === 'history' && method === 'GET') {
        const all: Record<string, unknown>[] = [];
        let nextToken: string | undefined;
        do {
          const page = deps.sfn.getExecutionHistory({ executionArn, maxResults: 1000, nextToken });
          all.push(...page.events);
          nextToken = page.nextToken;
        } while (nextToken);
        return { events: all.map((e) => ({ ...e, timestamp: iso(e.timestamp as number) })) };
      }
      if (op === 'stop' && method === 'POST') {
        const b = parseBody(raw, StopBody);
        return { stopDate: iso((await deps.sfn.stopExecution({ executionArn, ...b })).stopDate) };
      }
      if (op === 'redrive' && method === 'POST') {
        parseBody(raw, z.object({}));
        return { redriveDate: iso(deps.sfn.redriveExecution({ executionArn }).redriveDate) };
      }
      return undefined;
    }
    if (method === 'GET' && route === '/dlq') return { deadLetters: deps.dlq.list() };
    if (method === 'POST' && route === '/dlq/redrive') {
      const b = parseBody(raw, RedriveDlqBody);
      if (b.ids) {
        const known = new Set(deps.dlq.list().map((l) => l.id));
        const unknown = b.ids.find((id) => !known.has(id));
        if (unknown) throw new ApiError(404, 'NotFound', `ids: no dead letter ${unknown}`, 'ids');
      }
      return deps.bus.redrive(b.ids);
    }
    if (method === 'POST' && route === '/replay') {
      const b = parseBody(raw, ReplayBody);
      const from = new Date(b.from);
      const to = b.to ? new Date(b.to) : new Date();
      if (from > to) throw new ApiError(400, 'ValidationError', 'from: must not be after to', 'from');
      if (b.dryRun) return { dryRun: true, count: deps.archive.range(from, to, b.bus).length, from: from.toISOString(), to: to.toISOString() };
      return { dryRun: false, ...deps.bus.replay({ from, to, name: b.name, bus: b.bus }), from: from.toISOString(), to: to.toISOString() };
    }
    if (route.startsWith('/sandbox/')) {
      const out = await runSandboxRoute(sandbox, method, route.slice('/sandbox'.length), raw);
      return out.found ? out.body : undefined;
    }
    return undefined;
  }
}

const STREAMING = Symbol('streaming');
