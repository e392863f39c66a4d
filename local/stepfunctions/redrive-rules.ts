import type { ExecutionRecord } from './records.js';

/**
 * When Step Functions lets an execution be redriven (RedriveExecution, DescribeExecution's
 * redriveStatus): not RUNNING, not SUCCEEDED, stopped less than 14 days ago, opened less than a
 * year ago, and fewer than 24,999 history events (a redrive appends to the same history).
 */
export const REDRIVABLE_PERIOD_MS = 14 * 24 * 3600_000;
export const MAX_OPEN_MS = 365 * 24 * 3600_000;
export const MAX_HISTORY_EVENTS_FOR_REDRIVE = 24_999;

export function notRedrivableReason(e: ExecutionRecord, now = Date.now()): string | undefined {
  if (e.status === 'RUNNING') return 'Execution is RUNNING and cannot be redriven.';
  if (e.status === 'SUCCEEDED') return 'Execution is SUCCEEDED and cannot be redriven.';
  if (e.stopDate && now - Date.parse(e.stopDate) > REDRIVABLE_PERIOD_MS) return 'Execution redrivable period exceeded.';
  if (now - Date.parse(e.startDate) > MAX_OPEN_MS) return 'Execution has exceeded the max execution time.';
  if (e.history.length >= MAX_HISTORY_EVENTS_FOR_REDRIVE) return 'Execution history event limit exceeded.';
  return undefined;
}

/** The redrive members of DescribeExecution. */
export function redriveFields(e: ExecutionRecord): Record<string, unknown> {
  const reason = notRedrivableReason(e);
  return {
    redriveCount: e.redriveCount ?? 0,
    ...(e.redriveDate ? { redriveDate: Date.parse(e.redriveDate) / 1000 } : {}),
    redriveStatus: reason ? 'NOT_REDRIVABLE' : 'REDRIVABLE',
    ...(reason ? { redriveStatusReason: reason } : {}),
  };
}
