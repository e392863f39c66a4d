/** Shared bits of the bench: result shape, progress on stderr, statistics. */
export interface Result {
  name: string;
  value: number;
  unit: string;
  /** For ratios: the two measured sides. */
  sides?: Record<string, { value: number; unit: string }>;
  target?: string;
  met?: boolean;
}

export interface BenchOptions {
  quick: boolean;
}

/** A one-line progress bar on stderr (stdout stays a clean table or JSON). */
export function progress(label: string, total: number): { tick(n?: number): void; done(): void } {
  let count = 0;
  let last = 0;
  const tty = process.stderr.isTTY;
  const draw = (final = false) => {
    const now = Date.now();
    if (!final && now - last < 200) return;
    last = now;
    const frac = total > 0 ? Math.min(1, count / total) : 1;
    const width = 24;
    const filled = Math.round(frac * width);
    const line = `  ${label} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${count}/${total}`;
    if (tty) process.stderr.write(`\r${line}\x1b[K${final ? '\n' : ''}`);
    else if (final) process.stderr.write(`${line}\n`);
  };
  return {
    tick(n = 1) {
      count += n;
      draw();
    },
    done() {
      draw(true);
    },
  };
}

export const log = (msg: string) => process.stderr.write(`${msg}\n`);

export function percentile(values: number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.max(1, Math.ceil(p * sorted.length)) - 1]!;
}

export const median = (values: number[]) => percentile(values, 0.5);

export const round = (v: number, digits = 2) => Math.round(v * 10 ** digits) / 10 ** digits;

/** Runs `fn` over `items` with at most `concurrency` in flight. */
export async function pool<T>(items: T[], concurrency: number, fn: (item: T, index: number) => Promise<void>): Promise<void> {
  let next = 0;
  const workers = Array.from({ length: Math.min(concurrency, items.length) }, async () => {
    while (next < items.length) {
      const i = next++;
      await fn(items[i]!, i);
    }
  });
  await Promise.all(workers);
}

export function ratioResult(name: string, num: { label: string; value: number; unit: string }, den: { label: string; value: number; unit: string }, target?: { text: string; met: (v: number) => boolean }): Result {
  const value = den.value === 0 ? NaN : Number((num.value / den.value).toPrecision(4));
  const r: Result = { name, value, unit: 'ratio', sides: { [num.label]: { value: round(num.value, 3), unit: num.unit }, [den.label]: { value: round(den.value, 3), unit: den.unit } } };
  if (target) {
    r.target = target.text;
    r.met = Number.isFinite(value) && target.met(value);
  }
  return r;
}
