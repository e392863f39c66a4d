/** Shared bits of the bench: result shape, progress on stderr, statistics. */
export interface Side {
  name: string;
  value: number;
  unit: string;
}

export interface Result {
  name: string;
  /** null when the figure could not be measured (the unit then says why). */
  value: number | null;
  unit: string;
  /** For ratios: the two sides, both measured in the same run. */
  sides?: { numerator: Side; denominator: Side };
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

export function ratioResult(name: string, num: Side, den: Side, target?: { text: string; met: (v: number) => boolean }): Result {
  const value = den.value === 0 || !Number.isFinite(num.value) || !Number.isFinite(den.value) ? null : Number((num.value / den.value).toPrecision(4));
  const r: Result = { name, value, unit: 'ratio', sides: { numerator: { ...num, value: round(num.value, 3) }, denominator: { ...den, value: round(den.value, 3) } } };
  if (target) {
    r.target = target.text;
    r.met = value !== null && target.met(value);
  }
  return r;
}

const sidesText = (r: Result) =>
  r.sides
    ? `${r.sides.numerator.name}=${r.sides.numerator.value} ${r.sides.numerator.unit} / ${r.sides.denominator.name}=${r.sides.denominator.value} ${r.sides.denominator.unit}`
    : '';
const valueText = (r: Result) => (r.value === null ? r.unit : `${r.value} ${r.unit}`);
const metText = (r: Result) => (r.met === undefined ? '' : r.met ? 'MET' : 'MISSED');

/** The results as an aligned plain-text table (stdout of `npm run bench`). */
export function formatTable(results: Result[]): string {
  const head = ['figure', 'value', 'target', 'met', 'sides (numerator / denominator)'];
  const rows = results.map((r) => [r.name, valueText(r), r.target ?? '', metText(r), sidesText(r)]);
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]!.length)));
  const fmt = (cols: string[]) =>
    cols
      .map((c, i) => c.padEnd(widths[i]!))
      .join('  ')
      .trimEnd();
  return [fmt(head), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(fmt)].join('\n');
}

/** The results as a Markdown table (docs/performance.md). */
export function formatMarkdown(results: Result[]): string {
  const esc = (s: string) => s.replaceAll('|', '\\|');
  const lines = ['| figure | value | target | met | measured sides (numerator / denominator) |', '|---|---|---|---|---|'];
  for (const r of results) {
    const met = r.met === undefined ? '' : r.met ? 'met' : '**missed**';
    lines.push(`| ${esc(r.name)} | ${esc(valueText(r))} | ${esc(r.target ?? '')} | ${met} | ${esc(sidesText(r))} |`);
  }
  return lines.join('\n');
}
