/**
 * Money arrives in integer minor units. Rupees are drawn exactly from integer paise with Indian
 * digit grouping (₹12,34,567.05); other currencies through Intl with their own minor digits.
 */
export function formatMoney(minor: number | null | undefined, currency = 'INR'): string {
  if (minor === null || minor === undefined || !Number.isFinite(minor)) return '—';
  const code = currency.toUpperCase();
  if (code === 'INR') {
    const sign = minor < 0 ? '−' : '';
    const abs = Math.abs(Math.trunc(minor));
    const rupees = Math.floor(abs / 100);
    const paise = abs % 100;
    return `${sign}₹${new Intl.NumberFormat('en-IN', { maximumFractionDigits: 0 }).format(rupees)}.${String(paise).padStart(2, '0')}`;
  }
  let format: Intl.NumberFormat;
  try {
    format = new Intl.NumberFormat('en', { style: 'currency', currency: code });
  } catch {
    return `${minor} ${code} (minor units)`;
  }
  const digits = format.resolvedOptions().maximumFractionDigits ?? 2;
  return format.format(minor / 10 ** digits);
}

/** Estimates priced per message are in millionths of the currency: shown to 4 decimals, not rounded to cents. */
export function formatMicros(micros: number, currency = 'USD'): string {
  try {
    return new Intl.NumberFormat(currency.toUpperCase() === 'INR' ? 'en-IN' : 'en', { style: 'currency', currency, minimumFractionDigits: 2, maximumFractionDigits: 4 }).format(
      micros / 1e6,
    );
  } catch {
    return `${micros / 1e6} ${currency}`;
  }
}
