/**
 * Message statuses only move forward: accepted < sent < delivered < read; failed is terminal.
 * A late `sent` can never overwrite `read`, whatever order the webhooks arrive in.
 */
const RANK: Record<string, number> = { accepted: 1, sent: 2, delivered: 3, read: 4, failed: 9, deleted: 9 };

export function statusRank(status: string): number {
  return RANK[status] ?? 0;
}

/** Name of the per-status timestamp attribute (`sentAt`, `deliveredAt`, …). */
export function statusTimeAttribute(status: string): string {
  return `${status}At`;
}

export function isFinalStatus(status: string): boolean {
  return statusRank(status) >= RANK.failed!;
}
