import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { until } from '../../../support/until.js';

const ROOT = join(import.meta.dirname, '../../../..');

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

/**
 * The local runtime as its own process (`local/start.ts --data-dir <dir> --no-seed`), one process with
 * no npx/tsx wrapper in between so SIGKILL hits the runtime itself; resolves once /health answers.
 */
export async function startRuntimeProcess(dataDir: string, env: Record<string, string>): Promise<{ url: string; proc: ChildProcess }> {
  const port = await freePort();
  const proc = spawn(process.execPath, ['--import', 'tsx', 'local/start.ts', '--port', String(port), '--data-dir', dataDir, '--no-seed'], {
    cwd: ROOT,
    env: { ...process.env, POWERTOOLS_LOG_LEVEL: 'ERROR', PORT: String(port), ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  proc.stderr?.on('data', (c: Buffer) => void (stderr = (stderr + c.toString()).slice(-4000)));
  const url = `http://127.0.0.1:${port}`;
  await until(
    'the runtime to answer /health',
    async () => {
      if (proc.exitCode !== null) throw new Error(`runtime exited ${proc.exitCode}: ${stderr}`);
      return fetch(`${url}/health`)
        .then((r) => r.ok)
        .catch(() => false);
    },
    90_000,
    200,
  );
  return { url, proc };
}

/** No webhook, target or step in flight for a while. */
export async function settled(url: string): Promise<void> {
  let quiet = 0;
  await until(
    'the runtime to be idle',
    async () => {
      const h = (await (await fetch(`${url}/health`)).json()) as { inFlight: number | boolean };
      quiet = Number(h.inFlight) > 1 ? 0 : quiet + 1; // the /health request itself is in flight
      return quiet >= 5;
    },
    300_000,
    100,
  );
}
