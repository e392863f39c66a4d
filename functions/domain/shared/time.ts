/** Provider timestamps: Unix seconds (string or number), or — in some documented samples — a date string. */
export function toIsoTime(value: string | number | undefined, fallback: string): string {
  if (value === undefined || value === '') return fallback;
  const asNumber = typeof value === 'number' ? value : /^\d+(\.\d+)?$/.test(value) ? Number(value) : NaN;
  if (Number.isFinite(asNumber)) {
    // Seconds unless it is clearly milliseconds.
    const ms = asNumber > 1e12 ? asNumber : asNumber * 1000;
    // Beyond ±8.64e15 ms a Date is invalid and toISOString throws: treat such a time as missing.
    const date = new Date(ms);
    return Number.isNaN(date.getTime()) ? fallback : date.toISOString();
  }
  const parsed = Date.parse(String(value));
  return Number.isNaN(parsed) ? fallback : new Date(parsed).toISOString();
}

export const nowIso = (): string => new Date().toISOString();
