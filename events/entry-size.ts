/**
 * EventBridge's PutEvents entry size, computed as AWS documents it ("Calculating Amazon EventBridge
 * PutEvents event entry size"): Time counts 14 bytes when given; Source, DetailType, Detail and each
 * Resources entry count their UTF-8 bytes. One request's entries together must stay within 256 KB.
 * The ingress (to refuse an oversized part instead of retrying it) and the local bus both use this.
 */
export const MAX_PUT_EVENTS_BYTES = 256 * 1024;

export interface SizedEntry {
  Source?: string;
  DetailType?: string;
  Detail?: string;
  Resources?: (string | null | undefined)[];
  Time?: unknown;
}

export function putEventsEntrySize(entry: SizedEntry): number {
  const bytes = (s: string | null | undefined) => (typeof s === 'string' ? Buffer.byteLength(s) : 0);
  let size = entry.Time !== undefined && entry.Time !== null ? 14 : 0;
  size += bytes(entry.Source) + bytes(entry.DetailType) + bytes(entry.Detail);
  for (const r of entry.Resources ?? []) size += bytes(r);
  return size;
}
