import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { Scheduler } from '../bus/schedules.js';
import type { IamEnforcer } from '../iam/enforcer.js';
import { saveGrantUsage } from '../iam/usage-file.js';
import type { Activity } from '../server/activity.js';
import type { RunningServer } from '../server/http-server.js';
import type { StartedSandboxes } from '../server/sandboxes-wiring.js';
import type { LocalStepFunctions } from '../stepfunctions/engine.js';
import type { LocalFunctions } from './functions.js';
import type { Storage } from './storage.js';

/**
 * Stops a runtime, the reverse of starting it: no new timers or sandbox deliveries, work in flight
 * allowed to finish its writes, running executions aborted, then the server, the hooks on this
 * process, the files and the table closed, and the process environment handed back.
 */
export async function shutdown(p: {
  scheduler: Scheduler;
  sandboxes: StartedSandboxes;
  activity: Activity;
  sfn: LocalStepFunctions;
  iam: IamEnforcer;
  server: RunningServer;
  functions: LocalFunctions;
  /** Undo what was hooked into this process (trace and principal propagation, log capture). */
  unhook: (() => void)[];
  storage: Storage;
  engineDynamo: DynamoDBClient;
  restoreEnvironment: () => void;
  resetHandlers: () => void;
  log: (msg: string) => void;
}): Promise<void> {
  p.scheduler.stop();
  await p.sandboxes.close();
  // Let work in flight (targets, webhooks being answered, running steps) finish its writes first.
  await p.activity.idle(5_000).catch(() => p.log('stopping with work still in flight'));
  p.sfn.abortAll();
  saveGrantUsage(p.iam, String(p.server.port));
  await p.functions.bundleInvoker?.close();
  await p.server.close();
  for (const undo of p.unhook) undo();
  await Promise.all([p.storage.files.flush(), p.storage.outbox.flush()]);
  p.engineDynamo.destroy();
  await p.storage.dynamo.close();
  p.restoreEnvironment();
  p.resetHandlers();
}
