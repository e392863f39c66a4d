/** ISO 4217 minor-unit exponents that differ from 2 (the default). */
const EXPONENTS: Record<string, number> = { JPY: 0, KRW: 0, VND: 0, CLP: 0, ISK: 0, UGX: 0, BHD: 3, KWD: 3, OMR: 3, JOD: 3, TND: 3 };

export function minorUnitExponent(currency: string): number {
  return EXPONENTS[currency.toUpperCase()] ?? 2;
}

/** Converts a major-unit amount (as Meta sends cart prices) to integer minor units, without float drift. */
export function toMinorUnits(major: number, currency: string): number {
  const factor = 10 ** minorUnitExponent(currency);
  return Math.round(Number((major * factor).toFixed(6)));
}
