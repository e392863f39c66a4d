import { buildConsole } from '../../console/build.js';
import { resolveStack, StackError, type StackOptions, type StackTarget } from '../console-deployed/stack.js';
import { startDeployedConsole } from '../console-deployed/server.js';

export const CONSOLE_HELP = `eum-social console (--stack-url <ActionsUrl> | --stack <StackName>) [--region <region>]
                   [--state-machines <arn,…>] [--port <port>] [--endpoint-url <url>]

Runs the console on this machine against a deployed stack, with your AWS credentials (the default
credential chain: environment, profile, SSO, instance role). It listens on 127.0.0.1 only and prints
its URL with a random token; open it in a browser, Ctrl-C stops it.
  executions       Step Functions API: list, describe with the graph, history, start, stop, redrive
  actions          the stack's IAM-authorized actions API (ActionsUrl), SigV4-signed
  twin-only views  event journeys, buses, sandboxes, the simulated customer, dead letters, "run now":
                   say where to look in AWS instead
Nothing is written anywhere but through those two APIs.

  --stack-url <url>         the stack output ActionsUrl (its host names the region)
  --stack <name>            the stack's name: ActionsUrl from CloudFormation DescribeStacks, the state
                            machines from their names (<StackName>-<machine>)
  --region <region>         when the URL does not name it (else AWS_REGION)
  --state-machines <arns>   the state machines' ARNs, comma-separated, instead of finding them by name
                            (needs states:ListStateMachines otherwise)
  --port <port>             default: a free port
  --endpoint-url <url>      another Step Functions endpoint, for testing: the local runtime's URL
                            (CloudFormation reads AWS_ENDPOINT_URL_CLOUDFORMATION, as the AWS SDKs do)

IAM the credentials need: execute-api:Invoke on the actions API; states:ListStateMachines,
DescribeStateMachine, ListExecutions, DescribeExecution, GetExecutionHistory, StartExecution,
StopExecution, RedriveExecution on the stack's machines; cloudformation:DescribeStacks with --stack.`;

export class ConsoleUsageError extends Error {}

/** The flags of `eum-social console` beyond the CLI's globals (--stack-url, --region). */
export function parseConsoleArgs(args: string[], globals: { stackUrl?: string; region?: string }, env: Record<string, string | undefined>): StackOptions & { port?: number } {
  const o: StackOptions & { port?: number } = { stackUrl: globals.stackUrl, region: globals.region, cloudFormationEndpoint: env.AWS_ENDPOINT_URL_CLOUDFORMATION };
  for (let i = 0; i < args.length; i++) {
    const token = args[i]!;
    const eq = token.indexOf('=');
    const flag = token.startsWith('--') && eq > 0 ? token.slice(0, eq) : token;
    const value = () => {
      const v = eq > 0 && flag !== token ? token.slice(eq + 1) : args[++i];
      if (v === undefined || v.startsWith('--')) throw new ConsoleUsageError(`${flag} needs a value`);
      return v;
    };
    if (flag === '--stack') o.stack = value();
    else if (flag === '--state-machines')
      o.stateMachines = value()
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean);
    else if (flag === '--endpoint-url') o.endpointUrl = value();
    else if (flag === '--port') {
      const port = Number(value());
      if (!Number.isInteger(port) || port < 0 || port > 65535) throw new ConsoleUsageError('--port: an integer from 0 to 65535');
      o.port = port;
    } else throw new ConsoleUsageError(`unknown flag ${token} for console`);
  }
  if (!o.stackUrl && !o.stack) throw new ConsoleUsageError('console needs --stack-url <ActionsUrl> or --stack <StackName>');
  return o;
}

/** Starts the deployed-stack console and serves until SIGINT/SIGTERM. */
export async function runConsoleCommand(o: StackOptions & { port?: number }, io: { stdout(t: string): void; stderr(t: string): void }): Promise<number> {
  let target: StackTarget;
  try {
    target = await resolveStack(o);
  } catch (err) {
    io.stderr(`error: ${err instanceof StackError ? err.message : `cannot read the stack: ${(err as Error).message}`}`);
    return 1;
  }
  await buildConsole();
  const server = await startDeployedConsole(target, { port: o.port });
  io.stdout(`Stack: ${target.stackName ?? '(by URL)'} in ${target.region}; actions ${target.actionsUrl}; state machines: ${target.machines.map((m) => m.name).join(', ')}`);
  io.stdout(`Console: ${server.consoleUrl}`);
  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  await server.close();
  return 0;
}
