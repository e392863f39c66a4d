import { BUS_NAME } from '../../events/names.js';
import type { LocalBus } from '../bus/bus.js';
import type { Activity } from '../server/activity.js';
import type { StartedSandboxes } from '../server/sandboxes-wiring.js';
import type { LocalStepFunctions } from '../stepfunctions/engine.js';
import { summarize } from '../stepfunctions/records.js';
import type { Runtime } from './types.js';

/** The parts of the Runtime handle that are plain references; the rest is built here from the bus, the engine and the server's URL. */
type Given = Pick<
  Runtime,
  | 'url'
  | 'port'
  | 'dataDir'
  | 'timeScale'
  | 'action'
  | 'runSchedule'
  | 'consoleToken'
  | 'iam'
  | 'functionStats'
  | 'metrics'
  | 'dynamo'
  | 's3'
  | 'tableName'
  | 'stop'
  | 'trace'
  | 'dlq'
>;

/** What tests, the demo and the bench hold: the runtime's entries, its waits, and its internals. */
export function runtimeHandle(given: Given & { bus: LocalBus; sfn: LocalStepFunctions; activity: Activity; sandboxes: StartedSandboxes }): Runtime {
  const { bus, sfn, activity, sandboxes, url } = given;
  return {
    url,
    port: given.port,
    dataDir: given.dataDir,
    timeScale: given.timeScale,
    action: given.action,
    postWebhook: async (path, rawBody, headers = {}) => {
      const res = await fetch(`${url}${path}`, { method: 'POST', body: rawBody, headers: { 'content-type': 'application/json', ...headers } });
      const text = await res.text();
      let body: unknown = text;
      try {
        body = JSON.parse(text);
      } catch {
        // not JSON: hand back the text
      }
      return { statusCode: res.status, body };
    },
    events: (filter) => bus.events(filter),
    waitForEvent: (predicate, timeoutMs = 10_000) =>
      new Promise((resolve, reject) => {
        const hit = bus.events().find(predicate);
        if (hit) return resolve(hit);
        const timer = setTimeout(() => {
          off();
          reject(new Error(`no matching event on the bus within ${timeoutMs} ms`));
        }, timeoutMs);
        const off = bus.onEvent((e) => {
          if (!predicate(e)) return;
          clearTimeout(timer);
          off();
          resolve(e);
        });
      }),
    executions: async () => sfn.list().map(summarize),
    execution: (arn) => sfn.get(arn),
    waitForExecution: (predicate, timeoutMs = 10_000) =>
      new Promise((resolve, reject) => {
        const done = sfn
          .list()
          .map(summarize)
          .find((e) => e.status !== 'RUNNING' && predicate(e));
        if (done) return resolve(done);
        const timer = setTimeout(() => {
          off();
          reject(new Error(`no matching execution finished within ${timeoutMs} ms`));
        }, timeoutMs);
        const off = sfn.onFinished((record) => {
          const s = summarize(record);
          if (!predicate(s)) return;
          clearTimeout(timer);
          off();
          resolve(s);
        });
      }),
    idle: (timeoutMs) => activity.idle(timeoutMs, () => sandboxes.busy()),
    trace: given.trace,
    dlq: given.dlq,
    redrive: (ids) => bus.redrive(ids),
    replay: (input) => bus.replay(input),
    runSchedule: given.runSchedule,
    putEvent: async (detailType, detail, source = 'eum.social') => {
      const out = await bus.putEvents([{ EventBusName: BUS_NAME, Source: source, DetailType: detailType, Detail: JSON.stringify(detail) }]);
      const first = out.Entries[0]!;
      if ('ErrorCode' in first) throw new Error(`${first.ErrorCode}: ${first.ErrorMessage}`);
      return first.EventId;
    },
    sandboxes: sandboxes.api,
    consoleToken: given.consoleToken,
    iam: given.iam,
    functionStats: given.functionStats,
    metrics: given.metrics,
    bus,
    stepFunctions: sfn,
    dynamo: given.dynamo,
    s3: given.s3,
    tableName: given.tableName,
    stop: given.stop,
  };
}
