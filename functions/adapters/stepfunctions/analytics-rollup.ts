import type { SFNClient } from '@aws-sdk/client-sfn';
import type { RollupStarter } from '../../ports/analytics.js';
import { sfnSdk } from './sdk.js';
import { traced } from '../../observability/tracer.js';

/** Starts AnalyticsRollup executions; the ARN comes from STATE_MACHINE_ARN_ANALYTICS_ROLLUP (set by CDK and the local runtime). */
export class SfnRollupStarter implements RollupStarter {
  constructor(
    private client?: SFNClient,
    private readonly stateMachineArn = process.env.STATE_MACHINE_ARN_ANALYTICS_ROLLUP,
  ) {}

  async start(input: { from: string; to: string; phoneNumberIds?: string[] }, runId: string) {
    if (!this.stateMachineArn) throw new Error('environment variable STATE_MACHINE_ARN_ANALYTICS_ROLLUP is not set');
    const { StartExecutionCommand } = await sfnSdk();
    const out = await (await this.sfn()).send(
      new StartExecutionCommand({ stateMachineArn: this.stateMachineArn, name: runId, input: JSON.stringify({ mode: 'range', ...input }) }),
    );
    return { executionArn: out.executionArn ?? '', runId };
  }

  async status(executionArn: string): Promise<string | undefined> {
    const { DescribeExecutionCommand } = await sfnSdk();
    const out = await (await this.sfn()).send(new DescribeExecutionCommand({ executionArn }));
    return out.status;
  }

  private async sfn(): Promise<SFNClient> {
    return (this.client ??= traced(new (await sfnSdk()).SFNClient({})));
  }
}
