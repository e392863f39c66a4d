import { createHash } from 'node:crypto';

/** Minimal JSONPath for rule input paths: `$` or `$.a.b`. */
export function selectPath(value: unknown, path: string): unknown {
  if (path === '$') return value;
  return path
    .replace(/^\$\.?/, '')
    .split('.')
    .filter(Boolean)
    .reduce<unknown>((v, key) => (v && typeof v === 'object' ? (v as Record<string, unknown>)[key] : undefined), value);
}

/** An execution name from the event id, so a duplicate event cannot start a second execution. */
export function executionNameFor(eventId: string): string {
  if (/^[A-Za-z0-9_-]{1,80}$/.test(eventId)) return eventId;
  // Replaced characters or truncation could make two ids collide: a hash of the original keeps them apart.
  const hash = createHash('sha256').update(eventId).digest('hex').slice(0, 12);
  return `${eventId.replace(/[^A-Za-z0-9_-]/g, '-').slice(0, 67)}-${hash}`;
}
