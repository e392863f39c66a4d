import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../local/cli/cli.js';
import { startRuntime, type Runtime } from '../../local/runtime.js';
import { paymentRecord, putLegacyPayment } from '../functions/payments/legacy-payments.js';

/**
 * An upgrade on the local runtime: payment requests stored by the code before the month key, then
 * `eum-social backfill_payment_listing` through the actions front (the payments function, with its
 * grants enforced as on AWS) makes them appear in list_payments across customers.
 */
describe('backfill_payment_listing on the local runtime', () => {
  let rt: Runtime;
  const ids = ['pay_upgrade_a', 'pay_upgrade_b', 'pay_upgrade_c'];
  beforeAll(async () => {
    rt = await startRuntime({ memory: true, port: 0, timeScale: 0.001, quiet: true, schedules: false });
    const db = DynamoDBDocumentClient.from(rt.dynamo);
    for (const [i, id] of ids.entries()) await putLegacyPayment(db, rt.tableName, paymentRecord(id, `2026-0${i + 1}-10T08:00:00.000Z`, `91920000000${i}`));
  }, 60_000);
  afterAll(async () => rt?.stop());

  const listedAcross = async () => {
    const res = await rt.action({ action: 'list_payments', from: '2026-01-01T00:00:00Z', to: '2026-06-30T00:00:00Z', limit: 100 });
    expect(res.statusCode, JSON.stringify(res.body)).toBe(200);
    return (res.body.payments as { paymentId: string }[]).map((p) => p.paymentId).sort();
  };
  const cli = async (...argv: string[]) => {
    const out: string[] = [];
    const err: string[] = [];
    const code = await runCli(['--endpoint', rt.url, 'backfill_payment_listing', '--json', ...argv], { stdout: (t) => out.push(t), stderr: (t) => err.push(t), env: {} });
    expect(code, err.join('\n')).toBe(0);
    return JSON.parse(out.join('')) as { missing: number; updated: number; skipped: number };
  };

  it('the CLI keys the older requests, within the payments function grants; a second run finds nothing', async () => {
    expect(await listedAcross()).toEqual([]);

    expect(await cli('--dry-run')).toMatchObject({ missing: ids.length, updated: 0 });
    expect(await cli()).toMatchObject({ missing: ids.length, updated: ids.length, skipped: 0 });

    expect(await listedAcross()).toEqual(ids);
    expect(await cli()).toMatchObject({ missing: 0, updated: 0 });
    expect(rt.iam.denials).toEqual([]);
  });
});
