/** Masks a phone number / wa_id for logs: keeps the country prefix and the last 2 digits. */
export function maskPhone(value: string | undefined): string | undefined {
  if (!value) return value;
  if (value.length <= 4) return '*'.repeat(value.length);
  return `${value.slice(0, 2)}${'*'.repeat(value.length - 4)}${value.slice(-2)}`;
}
