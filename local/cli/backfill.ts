import type { ActionTarget } from './transport.js';

/** The action the CLI runs page after page: each call reads one bounded page of the table. */
export const PAYMENT_LISTING_BACKFILL = 'backfill_payment_listing';

export interface BackfillTotals {
  dryRun: boolean;
  pages: number;
  scanned: number;
  missing: number;
  updated: number;
  skipped: number;
  unkeyable: number;
}

export interface BackfillRun {
  totals: BackfillTotals;
  /** Why the loop stopped before the end: the failed answer, or the target unreachable. */
  stopped?: { answer?: { statusCode: number; body: unknown }; error?: string };
  /** The cursor of the page that did not complete: `--cursor` resumes there. */
  resumeFrom?: string;
}

const COUNTS = ['scanned', 'missing', 'updated', 'skipped', 'unkeyable'] as const;

/**
 * Calls backfill_payment_listing from `request`'s cursor (or the start) until the table has been
 * read to the end, telling `progress` the running totals after each page. Stops at the first
 * failure, with the cursor to resume from: the pages before it are done and are not read again.
 */
export async function runPaymentListingBackfill(request: Record<string, unknown>, to: ActionTarget, progress: (line: string) => void): Promise<BackfillRun> {
  const totals: BackfillTotals = { dryRun: request.dry_run === true, pages: 0, scanned: 0, missing: 0, updated: 0, skipped: 0, unkeyable: 0 };
  let cursor = typeof request.cursor === 'string' ? request.cursor : undefined;
  do {
    let answer: { statusCode: number; body: unknown };
    try {
      answer = await to.send({ ...request, cursor });
    } catch (err) {
      return { totals, stopped: { error: `cannot reach ${to.describe}: ${(err as Error).message}` }, resumeFrom: cursor };
    }
    if (answer.statusCode < 200 || answer.statusCode >= 300) return { totals, stopped: { answer }, resumeFrom: cursor };
    const page = answer.body as Record<(typeof COUNTS)[number], number> & { nextCursor: string | null };
    totals.pages++;
    for (const k of COUNTS) totals[k] += page[k] ?? 0;
    progress(`page ${totals.pages}: ${COUNTS.map((k) => `${k} ${totals[k]}`).join(' · ')}`);
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return { totals };
}

/** The human-readable end of a completed run. */
export function backfillSummary(t: BackfillTotals): string {
  const read = `${t.scanned} table item(s) read in ${t.pages} page(s)`;
  if (t.dryRun) return `dry run: ${t.missing} payment record(s) without the month key; ${read}. Run again without --dry-run to add it.`;
  const lines = [`${t.updated} payment record(s) given the month key, ${t.skipped} skipped; ${read}.`];
  if (t.skipped) lines.push('Skipped records changed while the backfill ran (keyed or deleted meanwhile): run it again to pick up any still without the key.');
  if (t.unkeyable)
    lines.push(
      `${t.unkeyable} payment record(s) have no creation time or payment id, so no month to key them by: they stay out of the list across customers (list_payments with wa_id still finds them) and every run counts them again.`,
    );
  if (!t.skipped && !t.unkeyable) lines.push('list_payments across customers now finds every payment request.');
  return lines.join('\n');
}
