/** Readable output: aligned tables for lists, key/value tables for objects. */
const cell = (v: unknown): string => {
  if (v === undefined || v === null) return '';
  if (typeof v === 'string') return v;
  if (Array.isArray(v) && v.every((x) => typeof x !== 'object')) return v.join(', ');
  return JSON.stringify(v);
};

export function table(rows: Record<string, unknown>[], columns?: string[]): string {
  if (rows.length === 0) return '(none)';
  const cols = columns ?? [...new Set(rows.flatMap((r) => Object.keys(r)))];
  const cells = rows.map((r) => cols.map((c) => cell(r[c]).replace(/\s+/g, ' ')));
  const widths = cols.map((c, i) => Math.min(80, Math.max(c.length, ...cells.map((row) => row[i]!.length))));
  const line = (values: string[]) =>
    values
      .map((v, i) => (v.length > widths[i]! ? `${v.slice(0, widths[i]! - 1)}…` : v.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  return [line(cols.map((c) => c.toUpperCase())), line(widths.map((w) => '-'.repeat(w))), ...cells.map(line)].join('\n');
}

export function keyValues(o: Record<string, unknown>): string {
  const entries = Object.entries(o).filter(([, v]) => v !== undefined);
  const width = Math.max(...entries.map(([k]) => k.length), 1);
  return entries
    .map(([k, v]) => {
      // An empty list reads as "nothing", not as a blank that looks like a missing value.
      if (Array.isArray(v) && v.length === 0) return `${k.padEnd(width)}  (none)`;
      if (Array.isArray(v) && v.length && v.every((x) => typeof x === 'string') && v.join('').length > 60) {
        return `${k.padEnd(width)}  ${v.map((s, i) => `${i ? ' '.repeat(width + 2) : ''}${i + 1}. ${s}`).join('\n')}`;
      }
      if (Array.isArray(v) && v.length && v.every((x) => x && typeof x === 'object' && !Array.isArray(x))) {
        return `${k}:\n${indent(table(v as Record<string, unknown>[]))}`;
      }
      return `${k.padEnd(width)}  ${cell(v)}`;
    })
    .join('\n');
}

const indent = (s: string) =>
  s
    .split('\n')
    .map((l) => `  ${l}`)
    .join('\n');

export function readable(body: unknown): string {
  if (Array.isArray(body)) return table(body as Record<string, unknown>[]);
  if (body && typeof body === 'object') return keyValues(body as Record<string, unknown>);
  return String(body);
}
