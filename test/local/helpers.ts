import { join } from 'node:path';
import { DEFAULT_HANDLERS_DIR } from '../../local/bus/lambda-invoker.js';
import { PROJECT_ROOT } from '../../local/server/paths.js';

export const FIXTURES = join(PROJECT_ROOT, 'test', 'fixtures', 'local');
export const FIXTURE_MACHINES = join(FIXTURES, 'state-machines');
/** Fixture handlers first, then the project's. */
export const HANDLER_DIRS = [join(FIXTURES, 'handlers'), DEFAULT_HANDLERS_DIR];

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
