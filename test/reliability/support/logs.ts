/**
 * Captures everything the process writes to stdout/stderr (the structured logger writes there
 * directly) while a storm runs, so the security check can scan it for secrets and phone numbers.
 * Captured output is not passed through: the storm would print tens of thousands of log lines.
 */
export interface LogCapture {
  text(): string;
  lines(): number;
  stop(): void;
}

export function captureProcessOutput(): LogCapture {
  const chunks: string[] = [];
  const out = process.stdout.write.bind(process.stdout);
  const err = process.stderr.write.bind(process.stderr);
  const grab = (chunk: unknown): boolean => {
    chunks.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk as Uint8Array).toString('utf8'));
    return true;
  };
  process.stdout.write = grab as typeof process.stdout.write;
  process.stderr.write = grab as typeof process.stderr.write;
  return {
    text: () => chunks.join(''),
    lines: () => chunks.join('').split('\n').filter(Boolean).length,
    stop: () => {
      process.stdout.write = out;
      process.stderr.write = err;
    },
  };
}

/** Prints a line that vitest's reporter shows even while output is captured. */
export function figure(line: string): void {
  console.log(line);
}
