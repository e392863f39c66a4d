import { join } from 'node:path';
import { DEFAULT_HANDLERS_DIR } from '../../local/bus/lambda-invoker.js';
import { startRuntime, type Runtime, type RuntimeOptions } from '../../local/runtime.js';
import { PROJECT_ROOT } from '../../local/server/paths.js';

export const FIXTURES = join(PROJECT_ROOT, 'test', 'fixtures', 'local');
export const FIXTURE_MACHINES = join(FIXTURES, 'state-machines');
/** Fixture handlers first, then the project's. */
export const HANDLER_DIRS = [join(FIXTURES, 'handlers'), DEFAULT_HANDLERS_DIR];

/**
 * A runtime for one test file: in memory on a free port, quiet, no sandboxes, no rules, the fixture
 * handlers before the project's. The file's own options go on top (its rules, machines, time scale).
 */
export function startTestRuntime(options: RuntimeOptions = {}): Promise<Runtime> {
  return startRuntime({ memory: true, port: 0, quiet: true, sandboxes: false, rules: [], handlersDir: HANDLER_DIRS, ...options });
}

/** A bus rule to the fixture handler `flaky`, which records its calls and fails while told to. */
export const flakyRule = {
  name: 'test-flaky',
  description: 'test: a target that records its calls and fails on demand',
  bus: 'custom' as const,
  pattern: { source: ['test.local'], 'detail-type': ['flaky.ping'] },
  target: { kind: 'lambda' as const, name: 'flaky' },
};

export const sdkConfig = (url: string) => ({
  endpoint: url,
  region: 'local',
  credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  maxAttempts: 1,
});

export const globals = globalThis as unknown as {
  __parkedTokens?: { taskToken: string; subject: string }[];
  __flakyFailures?: number;
  __flakyCalls?: string[];
};

export async function until<T>(probe: () => T | undefined, timeoutMs = 5_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = probe();
    if (v !== undefined && v !== false) return v;
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 5));
  }
}
