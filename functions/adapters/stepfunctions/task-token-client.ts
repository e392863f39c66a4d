import type { SFNClient } from '@aws-sdk/client-sfn';
import type { TaskTokenClient } from '../../ports/task-tokens.js';
import { sfnSdk as sdk } from './sdk.js';
import { traced } from '../../observability/tracer.js';

/** Tokens that already completed or timed out answer "gone": resuming twice is harmless. */
const GONE = new Set(['TaskDoesNotExist', 'TaskTimedOut', 'InvalidToken']);

export class SfnTaskTokenClient implements TaskTokenClient {
  constructor(private client?: SFNClient) {}

  async succeed(taskToken: string, output: unknown): Promise<'resumed' | 'gone'> {
    const { SendTaskSuccessCommand } = await sdk();
    const client = await this.sfn();
    return this.guard(() => client.send(new SendTaskSuccessCommand({ taskToken, output: JSON.stringify(output ?? {}) })));
  }

  async fail(taskToken: string, error: string, cause: string): Promise<'resumed' | 'gone'> {
    const { SendTaskFailureCommand } = await sdk();
    const client = await this.sfn();
    return this.guard(() => client.send(new SendTaskFailureCommand({ taskToken, error, cause })));
  }

  private async sfn(): Promise<SFNClient> {
    return (this.client ??= traced(new (await sdk()).SFNClient({})));
  }

  private async guard(call: () => Promise<unknown>): Promise<'resumed' | 'gone'> {
    try {
      await call();
      return 'resumed';
    } catch (err) {
      if (GONE.has((err as { name?: string }).name ?? '')) return 'gone';
      throw err;
    }
  }
}
