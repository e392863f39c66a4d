import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { snsNotification } from '../../local/sandboxes/shared/sns.js';
import { runScenarios } from '../../local/demo/harness.js';
import { startRuntime, type Runtime } from '../../local/runtime.js';

/** Quality history and analytics on the local runtime (EUM sandbox, bus rules, both state machines). */
describe('quality and analytics end to end on the local runtime', () => {
  let rt: Runtime;
  beforeAll(async () => {
    rt = await startRuntime({ memory: true, port: 0, timeScale: 0.001, quiet: true });
  });
  afterAll(async () => rt?.stop());

  it('runs the demo: rollups answer analytics for closed days, a downgrade is in the history and raises an alert', async () => {
    const [result] = await runScenarios(rt, { quiet: true, only: ['quality-analytics'], timeoutMs: 120_000 });

    expect(result, 'scenario not found').toBeDefined();
    expect(result!.summary).toMatch(/rolled up/);
    expect(result!.ok).toBe(true);
    const executions = await rt.executions();
    expect(executions.some((e) => e.stateMachine.endsWith('analytics-rollup') && e.status === 'SUCCEEDED')).toBe(true);
    expect(executions.some((e) => e.stateMachine.endsWith('quality-recording') && e.status === 'SUCCEEDED')).toBe(true);
  });

  it('a redelivered quality webhook (same entry) is recorded once and alerts once', async () => {
    const phone = (rt.sandboxes.eum as any).phoneNumber;
    const wabaId = phone.metaWabaId ?? phone.wabaId;
    const body = JSON.stringify({
      context: { MetaWabaIds: [{ wabaId }], MetaPhoneNumberIds: [{ metaPhoneNumberId: phone.metaPhoneNumberId }] },
      aws_account_id: '000000000000',
      message_timestamp: new Date().toISOString(),
      whatsAppWebhookEntry: JSON.stringify({
        id: wabaId,
        time: Math.floor(Date.now() / 1000) + 60,
        changes: [{ field: 'phone_number_quality_update', value: { display_phone_number: '919000000001', event: 'FLAGGED', current_limit: 'TIER_250' } }],
      }),
    });
    const before = rt.events({ detailType: 'quality.alert' }).length;

    for (const id of ['dup-1', 'dup-2']) await rt.postWebhook('/webhooks/eum', snsNotification(body, id), { 'x-amz-sns-message-type': 'Notification' });
    await rt.idle();

    const alerts = rt.events({ detailType: 'quality.alert' }).slice(before);
    expect(alerts.map((a) => a.detail.kind)).toEqual(['flagged']);
    const history = await rt.action({ action: 'get_quality_history', phoneNumberId: phone.metaPhoneNumberId, limit: 10 });
    expect(history.body.entries.filter((e: any) => e.event === 'FLAGGED')).toHaveLength(1);
    expect(history.body.current).toMatchObject({ event: 'FLAGGED', rating: 'RED', flagged: true });
  });

  it('the daily rollup schedule and the polling schedule run clean', async () => {
    await rt.runSchedule('analytics-rollup-daily');
    await rt.runSchedule('poll-quality');
    await rt.idle();

    const rollups = (await rt.executions()).filter((e) => e.stateMachine.endsWith('analytics-rollup'));
    expect(rollups.every((e) => e.status === 'SUCCEEDED')).toBe(true);
    expect(rt.events({ detailType: 'workflow.failed' })).toEqual([]);
  });
});
