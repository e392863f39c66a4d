/**
 * Captures everything written to stdout/stderr and console.* (Powertools logs are JSON lines on
 * stdout) so a test can scan it, without letting it reach the console. Lines starting with
 * `RELIABILITY` (the figures) still print.
 */
export interface CapturedLogs {
  text(): string;
  stop(): void;
}

export function captureLogs(): CapturedLogs {
  const chunks: string[] = [];
  const out = process.stdout.write.bind(process.stdout);
  const err = process.stderr.write.bind(process.stderr);
  const grab = (chunk: unknown, ...rest: unknown[]) => {
    const text = typeof chunk === 'string' ? chunk : Buffer.from(chunk as Uint8Array).toString('utf8');
    chunks.push(text);
    if (text.startsWith('RELIABILITY')) return out(text, ...(rest as []));
    const cb = rest.find((r) => typeof r === 'function') as (() => void) | undefined;
    cb?.();
    return true;
  };
  process.stdout.write = grab as typeof process.stdout.write;
  process.stderr.write = grab as typeof process.stderr.write;
  const original = { info: console.info, warn: console.warn, error: console.error, debug: console.debug };
  for (const k of ['info', 'warn', 'error', 'debug'] as const) console[k] = (...args: unknown[]) => void chunks.push(args.map(String).join(' ') + '\n');
  return {
    text: () => chunks.join(''),
    stop: () => {
      process.stdout.write = out as typeof process.stdout.write;
      process.stderr.write = err as typeof process.stderr.write;
      Object.assign(console, original);
    },
  };
}

export interface LogScan {
  lines: number;
  secretHits: number;
  phoneHits: number;
  examples: string[];
}

/** Counts log lines holding a secret or a full phone number (masked numbers like 9198****0001 pass). */
export function scanLogs(text: string, watch: { secrets: string[]; phoneNumbers: string[] }): LogScan {
  const lines = text.split('\n').filter((l) => l.trim());
  let secretHits = 0;
  let phoneHits = 0;
  const examples: string[] = [];
  for (const line of lines) {
    const secret = watch.secrets.some((s) => s && line.includes(s));
    const phone = watch.phoneNumbers.some((p) => p && line.includes(p));
    if (secret) secretHits++;
    if (phone) phoneHits++;
    if ((secret || phone) && examples.length < 5) examples.push(line.slice(0, 300));
  }
  return { lines: lines.length, secretHits, phoneHits, examples };
}
