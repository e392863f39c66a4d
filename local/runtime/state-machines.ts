import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { BUS_NAME } from '../../events/names.js';
import { listStateMachines, placeholdersOf, readStateMachine, substitute } from '../../state-machines/substitutions.js';
import type { LocalBus } from '../bus/bus.js';
import { functionArn, type FunctionInvoker } from '../bus/lambda-invoker.js';
import type { IamEnforcer } from '../iam/enforcer.js';
import { currentPrincipal } from '../iam/principals.js';
import type { Activity } from '../server/activity.js';
import { stateMachineArn } from '../stepfunctions/arns.js';
import { LocalStepFunctions } from '../stepfunctions/engine.js';
import type { TraceStore } from '../trace/trace.js';
import { localArnOfTaskResource } from './iam.js';
import { TABLE_NAME, type Storage } from './storage.js';

export interface MachineDefinition {
  name: string;
  definition: unknown;
}

/** The ASL files of a folder, placeholders resolved to local ARNs; a file that does not load is reported, not fatal. */
export function loadStateMachines(machinesDir: string): { machines: MachineDefinition[]; errors: { stateMachine: string; error: string }[] } {
  const errors: { stateMachine: string; error: string }[] = [];
  const machines = listStateMachines(machinesDir).flatMap(({ name }) => {
    try {
      return [loadMachine(name, machinesDir)];
    } catch (err) {
      errors.push({ stateMachine: name, error: (err as Error).message });
      console.error(`[runtime] state machine ${name} is not loaded: ${(err as Error).message}`);
      return [];
    }
  });
  return { machines, errors };
}

function loadMachine(name: string, machinesDir: string): MachineDefinition {
  const text = readStateMachine(name, machinesDir);
  const values: Record<string, string> = {};
  for (const p of placeholdersOf(text)) {
    if (p.kind === 'table') values[p.key] = TABLE_NAME;
    else if (p.kind === 'bus') values[p.key] = BUS_NAME;
    else if (p.kind === 'function') values[p.key] = functionArn(p.handler);
    else values[p.key] = stateMachineArn(p.machine);
  }
  return { name, definition: JSON.parse(substitute(text, values)) as unknown };
}

/**
 * The Step Functions engine over the loaded machines. Its SDK tasks reach DynamoDB through the
 * runtime's own endpoint (so they are traced and checked against the running state's role);
 * executions a killed process left running are listed as interrupted.
 */
export async function startStepFunctions(opts: {
  machines: MachineDefinition[];
  loadErrors: { stateMachine: string; error: string }[];
  memory: boolean;
  timeScale: number;
  storage: Storage;
  activity: Activity;
  trace: TraceStore;
  lambdas: FunctionInvoker;
  bus: LocalBus;
  iam: IamEnforcer;
  url: string;
  credentials: { accessKeyId: string; secretAccessKey: string };
  log: (msg: string) => void;
}): Promise<{ sfn: LocalStepFunctions; engineDynamo: DynamoDBClient }> {
  const { iam } = opts;
  const engineDynamo = new DynamoDBClient({ endpoint: opts.url, region: 'local', credentials: opts.credentials });
  const sfn = new LocalStepFunctions({
    machines: opts.machines,
    timeScale: opts.timeScale,
    dataDir: opts.storage.fileDir,
    files: opts.storage.files,
    activity: opts.activity,
    trace: opts.trace,
    tasks: {
      lambdas: opts.lambdas,
      bus: opts.bus,
      dynamo: () => engineDynamo,
      authorize: (action, resource) => iam.authorize(currentPrincipal(), action, localArnOfTaskResource(action, resource)),
    },
    log: opts.log,
  });
  sfn.loadErrors.push(...opts.loadErrors);
  const interrupted = opts.memory ? 0 : await sfn.load();
  if (interrupted) opts.log(`${interrupted} execution(s) were running when the last process stopped: listed as INTERRUPTED`);
  return { sfn, engineDynamo };
}
