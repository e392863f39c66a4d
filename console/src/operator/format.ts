/** Small formatters shared by the operator views. */
export const pct = (r: number | null | undefined): string => (r === null || r === undefined ? '—' : `${(r * 100).toFixed(1)}%`);
/** The same rate as a number for charts (null stays a gap). */
export const pctValue = (r: number | null | undefined): number | null => (r === null || r === undefined ? null : Math.round(r * 1000) / 10);

export function duration(ms: number | null | undefined): string {
  if (ms === null || ms === undefined) return '—';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const s = ms / 1000;
  if (s < 90) return `${s.toFixed(1)} s`;
  const m = s / 60;
  if (m < 90) return `${m.toFixed(1)} min`;
  const h = m / 60;
  return h < 48 ? `${h.toFixed(1)} h` : `${(h / 24).toFixed(1)} d`;
}

export const utcDay = (d: Date): string => d.toISOString().slice(0, 10);
export const addDaysUtc = (day: string, n: number): string => utcDay(new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000));
