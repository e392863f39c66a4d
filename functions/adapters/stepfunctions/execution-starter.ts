import { stateMachineEnvName } from '../../../state-machines/substitutions.js';
import { requireEnv } from '../../config/environment.js';
import { sfnSdk } from './sdk.js';
import { traced } from '../../observability/tracer.js';

/**
 * Starts an execution of one of our state machines, named by the caller so that a second start
 * for the same subject is "already exists", i.e. already done. The ARN comes from
 * STATE_MACHINE_ARN_<NAME> (set by CDK and by the local runtime).
 */
export class SfnExecutionStarter {
  constructor(private readonly machine: string) {}

  async start(name: string, input: unknown): Promise<{ started: boolean; executionArn?: string }> {
    // A client per start: cheap next to the call, and it follows the endpoint configuration of the moment.
    const { SFNClient, StartExecutionCommand } = await sfnSdk();
    const client = traced(new SFNClient({}));
    const stateMachineArn = requireEnv(stateMachineEnvName(this.machine));
    try {
      const out = await client.send(new StartExecutionCommand({ stateMachineArn, name, input: JSON.stringify(input) }));
      return { started: true, executionArn: out.executionArn };
    } catch (err) {
      if ((err as { name?: string }).name === 'ExecutionAlreadyExists')
        return { started: false, executionArn: stateMachineArn.replace(':stateMachine:', ':execution:') + `:${name}` };
      throw err;
    }
  }
}
