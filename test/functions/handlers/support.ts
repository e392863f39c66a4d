import { vi } from 'vitest';
import { logger } from '../../../functions/observability/logger.js';

/** Captures everything written to stdout/stderr (where the structured logger writes) at DEBUG level. */
export function captureOutput() {
  const chunks: string[] = [];
  const grab = (chunk: unknown) => {
    chunks.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk as Uint8Array).toString('utf8'));
    return true;
  };
  const out = vi.spyOn(process.stdout, 'write').mockImplementation(grab as never);
  const err = vi.spyOn(process.stderr, 'write').mockImplementation(grab as never);
  const level = logger.getLevelName();
  logger.setLogLevel('DEBUG');
  return {
    text: () => chunks.join(''),
    restore: () => {
      out.mockRestore();
      err.mockRestore();
      logger.setLogLevel(level);
    },
  };
}
