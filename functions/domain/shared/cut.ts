/**
 * A value that may be attacker-sized (a 900 KB field), cut for an error message or a log line:
 * the first `max` characters, then its full size, so a reply never echoes the value in full.
 */
export function cut(value: string, max = 200): string {
  return value.length <= max ? value : `${value.slice(0, max)}… (${Buffer.byteLength(value)} bytes)`;
}
