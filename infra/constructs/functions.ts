import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { Architecture, Runtime, RuntimeFamily, Tracing, type IFunction } from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { LAMBDA_RUNTIME_NAME, nodejsFunctionBundling } from '../bundling.js';
import type { FunctionSpec } from '../function-catalog.js';
import { functionEnvironment, memoryOf, timeoutOf } from '../function-environment.js';
import { functionStatements, grantContext } from '../grants.js';
import type { DataPlane } from './data-plane.js';
import { pascal } from '../../state-machines/substitutions.js';
import { stateMachineArn } from './names.js';
import { cdkStatements, functionArnOf } from './policies.js';

export const PROJECT_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

export interface FunctionsProps {
  catalog: FunctionSpec[];
  data: DataPlane;
  /** Every state machine name (ASL file name): `sfn:*` grants and STATE_MACHINE_ARN_* env use them. */
  stateMachines: string[];
  /** The state machines with token waits (`sfn:task-token` covers only them); default read from state-machines/. */
  tokenWaitMachines?: string[];
  logRetention: RetentionDays;
  /** Extra environment for every function (deployment settings). */
  environment: Record<string, string>;
}

/**
 * One NodejsFunction per entry of the function catalogue, bundled as deployed everywhere
 * (infra/bundling.ts), each with only the grants its entry names.
 */
export class Functions extends Construct {
  readonly byName = new Map<string, NodejsFunction>();

  constructor(scope: Construct, id: string, props: FunctionsProps) {
    super(scope, id);
    // Functions that invoke others come after them: their environment names the invoked functions.
    const ordered = [...props.catalog].sort((a, b) => Number(!!a.invokes?.length) - Number(!!b.invokes?.length));
    for (const spec of ordered) {
      const fn = this.createFunction(spec, props);
      this.byName.set(spec.name, fn);
      // Callees come first (above), so the invoke statements can name their ARNs.
      grant(
        fn,
        spec,
        props,
        functionArnOf((n) => this.get(n)),
      );
    }
  }

  get(name: string): IFunction {
    const fn = this.byName.get(name);
    if (!fn) throw new Error(`no function "${name}" in infra/function-catalog.ts (referenced by a rule, schedule or ASL placeholder)`);
    return fn;
  }

  private createFunction(spec: FunctionSpec, props: FunctionsProps): NodejsFunction {
    const id = pascal(spec.name);
    const logGroup = new LogGroup(this, `${id}Logs`, { retention: props.logRetention, removalPolicy: RemovalPolicy.DESTROY });
    return new NodejsFunction(this, id, {
      description: spec.description,
      entry: join(PROJECT_ROOT, 'functions', 'handlers', `${spec.name}.ts`),
      handler: 'handler',
      projectRoot: PROJECT_ROOT,
      depsLockFilePath: join(PROJECT_ROOT, 'package-lock.json'),
      runtime: new Runtime(LAMBDA_RUNTIME_NAME, RuntimeFamily.NODEJS, { supportsInlineCode: true }),
      architecture: Architecture.ARM_64,
      memorySize: memoryOf(spec),
      timeout: Duration.seconds(timeoutOf(spec)),
      tracing: Tracing.ACTIVE,
      logGroup,
      environment: functionEnvironment(spec, {
        tableName: props.data.table.tableName,
        busName: props.data.bus.eventBusName,
        razorpayWebhookSecretId: props.data.secrets.webhook.secretArn,
        razorpayApiSecretId: props.data.secrets.api.secretArn,
        stateMachines: props.stateMachines,
        stateMachineArn: (m) => stateMachineArn(Stack.of(this), m),
        functionName: (f) => this.get(f).functionName,
        deployment: props.environment,
        mediaBucket: props.data.mediaBucket.bucketName,
        metricsNamespace: Stack.of(this).stackName,
      }),
      // Shared with the twin's bundles mode and the bench: infra/bundling.ts.
      bundling: { format: OutputFormat.ESM, ...nodejsFunctionBundling() },
    });
  }
}

/** The function's role: the statements infra/grants.ts derives from its catalogue entry, and nothing else. */
function grant(fn: NodejsFunction, spec: FunctionSpec, props: FunctionsProps, functionArn: (name: string) => string): void {
  const stack = Stack.of(fn);
  const context = { stateMachines: props.stateMachines, tokenWaitMachines: props.tokenWaitMachines ?? grantContext().tokenWaitMachines };
  for (const statement of cdkStatements(stack, functionStatements(spec, context), { data: props.data, functionArn })) fn.addToRolePolicy(statement);
}
