import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startRuntime } from '../local/runtime.js';

/**
 * A runtime whose only state machine is a single Pass state: the engine's own ceiling (same
 * LocalStepFunctions / aws-local-stepfunctions code, a separate runtime instance).
 */
export async function withPassOnlyRuntime<T>(fn: (startAndWait: () => Promise<void>) => Promise<T>): Promise<T> {
  const dir = mkdtempSync(join(tmpdir(), 'eum-bench-pass-'));
  writeFileSync(join(dir, 'pass-only.asl.json'), JSON.stringify({ Comment: 'bench: trivial machine', StartAt: 'Done', States: { Done: { Type: 'Pass', End: true } } }));
  const rt = await startRuntime({ memory: true, port: 0, quiet: true, timeScale: 1, sandboxes: false, stateMachinesDir: dir, rules: [], scheduleDefinitions: [] });
  try {
    const machine = rt.stepFunctions.machineNames()[0]!;
    const arn = `arn:aws:states:local:000000000000:stateMachine:${machine}`;
    return await fn(async () => {
      const { executionArn } = await rt.stepFunctions.startExecution({ stateMachineArn: arn, input: '{}' });
      await rt.waitForExecution((e) => e.executionArn === executionArn, 30_000);
    });
  } finally {
    await rt.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
