import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dispatchAction } from '../../../functions/actions/registry.js';
import { DynamoPaymentListing } from '../../../functions/adapters/dynamodb/payment-listing.js';
import { DynamoPaymentListingBackfill } from '../../../functions/adapters/dynamodb/payment-listing-backfill.js';
import { runCli } from '../../../local/cli/cli.js';
import { actionContext, succeeded } from '../../support/action-context.js';
import { testTable } from '../../support/test-table.js';
import { paymentRecord, putLegacyPayment } from '../../functions/payments/legacy-payments.js';

/**
 * `eum-social backfill_payment_listing` against an actions endpoint over the test table: the CLI
 * loops the action's pages, shows progress on stderr, and when a call fails says where to resume.
 */
const table = testTable();
const ctx = () =>
  actionContext({
    paymentListing: () => new DynamoPaymentListing(table.db, table.tableName),
    paymentListingBackfill: () => new DynamoPaymentListingBackfill(table.db, table.tableName),
  });
/** Calls to the endpoint, in order; `failCall` (from 1) answers 503 instead of running the action. */
const calls: Record<string, unknown>[] = [];
let failCall = 0;
let server: Server;
let endpoint: string;
const RECORDS = 12;
const ids = Array.from({ length: RECORDS }, (_, i) => `pay_cli_${String(i).padStart(2, '0')}`);

beforeAll(async () => {
  for (const [i, id] of ids.entries()) await putLegacyPayment(table.db, table.tableName, paymentRecord(id, `2025-0${1 + (i % 9)}-15T12:00:00.000Z`));
  server = createServer((req, res) => {
    let raw = '';
    req.on('data', (c) => (raw += c));
    req.on('end', async () => {
      calls.push(JSON.parse(raw));
      const answer = calls.length === failCall ? { statusCode: 503, body: { error: { code: 'Unavailable', message: 'try again' } } } : await dispatchAction(JSON.parse(raw), ctx());
      res.writeHead(answer.statusCode, { 'content-type': 'application/json' }).end(JSON.stringify(answer.body));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

function cli(argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  calls.length = 0;
  const exit = runCli(['--endpoint', endpoint, 'backfill_payment_listing', ...argv], { stdout: (t) => out.push(t), stderr: (t) => err.push(t), env: {} });
  return exit.then((code) => ({ code, out: out.join('\n'), err }));
}
const listedAcross = async () =>
  ((await succeeded({ action: 'list_payments', from: '2025-01-01T00:00:00Z', to: '2025-12-31T23:59:59Z', limit: 100 }, ctx())).payments as { paymentId: string }[])
    .map((p) => p.paymentId)
    .sort();

describe('eum-social backfill_payment_listing', () => {
  it('--dry-run --json: every page read, the totals as JSON, nothing written', async () => {
    const run = await cli(['--dry-run', '--page-size', '7', '--json']);

    expect(run.code).toBe(0);
    expect(calls.length).toBeGreaterThan(1);
    expect(calls.every((c) => c.dry_run === true && c.page_size === 7)).toBe(true);
    expect(JSON.parse(run.out)).toEqual({ dryRun: true, pages: calls.length, scanned: 2 * RECORDS, missing: RECORDS, updated: 0, skipped: 0, unkeyable: 0 });
    expect(await listedAcross()).toEqual([]);
  });

  it('stops at a failed call naming the cursor to resume from; resumed there, it keys the rest and reads no page twice', async () => {
    failCall = 3;
    const stopped = await cli(['--page-size', '5']);
    failCall = 0;

    expect(stopped.code).toBe(1);
    expect(stopped.err.filter((l) => l.startsWith('page '))).toHaveLength(2);
    const resume = /resume with: eum-social backfill_payment_listing --page-size 5 --cursor (\S+)/.exec(stopped.err.join('\n'));
    expect(resume?.[1]).toBe(calls[2]!.cursor);

    const resumed = await cli(['--page-size', '5', '--cursor', resume![1]!]);

    expect(resumed.code).toBe(0);
    expect(resumed.err.at(-1)).toMatch(/^page \d+: scanned \d+ · missing \d+ · updated \d+ · skipped 0 · unkeyable 0$/);
    const updated = (lines: string[]) => Number(/updated (\d+)/.exec(lines.filter((l) => l.startsWith('page ')).at(-1) ?? '')?.[1] ?? 0);
    expect(updated(stopped.err) + updated(resumed.err)).toBe(RECORDS);
    expect(resumed.out).toMatch(/payment record\(s\) given the month key, 0 skipped/);
    expect(await listedAcross()).toEqual(ids);
  });

  it('a second run finds nothing to do', async () => {
    const again = await cli([]);
    expect(again.code).toBe(0);
    expect(again.out).toMatch(/^0 payment record\(s\) given the month key, 0 skipped; 24 table item\(s\) read in 1 page\(s\)/);
  });
});
