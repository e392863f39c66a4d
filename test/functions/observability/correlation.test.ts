import { describe, expect, it } from 'vitest';
import { correlated, logger, withCorrelation } from '../../../functions/observability/logger.js';
import { captureOutput } from '../handlers/support.js';

/** The logger's JSON lines, captured from stdout/stderr at DEBUG level. */
function captureLogs() {
  const out = captureOutput();
  return {
    get lines() {
      return out
        .text()
        .split('\n')
        .filter((l) => l.startsWith('{'))
        .map((l) => JSON.parse(l) as Record<string, unknown>);
    },
    restore: out.restore,
  };
}

describe('correlation ids in logs', () => {
  it('concurrent invocations each log their own event id (one process, as in the local runtime)', async () => {
    // Prepare
    const logs = captureLogs();
    const handler = correlated(async (event: { detail: { eventId: string } }) => {
      await new Promise((r) => setTimeout(r, event.detail.eventId === 'evt-a' ? 20 : 1));
      logger.info('recorded', { step: 'after-wait' });
    });
    // Act
    await Promise.all([handler({ detail: { eventId: 'evt-a' } }), handler({ detail: { eventId: 'evt-b' } })]);
    const lines = logs.lines;
    logs.restore();
    // Assess
    expect(lines.map((l) => [l.message, l.correlationId]).sort()).toEqual([
      ['recorded', 'evt-a'],
      ['recorded', 'evt-b'],
    ]);
  });

  it('a state machine task logs its execution id, and nested keys add up', async () => {
    const logs = captureLogs();
    await correlated(async (_e: { executionId: string }) => withCorrelation({ paymentId: 'pay_1' }, async () => logger.info('step')))({ executionId: 'arn:exec:1' });
    logger.info('outside');
    const lines = logs.lines;
    logs.restore();
    expect(lines[0]).toMatchObject({ message: 'step', correlationId: 'arn:exec:1', executionId: 'arn:exec:1', paymentId: 'pay_1' });
    expect(lines[1]).not.toHaveProperty('correlationId');
  });
});
