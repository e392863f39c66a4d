/** Completes Step Functions task tokens (SendTaskSuccess / SendTaskFailure). */
export interface TaskTokenClient {
  succeed(taskToken: string, output: unknown): Promise<'resumed' | 'gone'>;
  fail(taskToken: string, error: string, cause: string): Promise<'resumed' | 'gone'>;
}
