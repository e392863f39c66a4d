import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRuntime, type Runtime } from '../../../local/runtime.js';
import { eumMessage, metaStatus, snsHttpNotification, statusEntry } from '../../functions/ingest/support.js';
import { until } from '../helpers.js';

/**
 * Runs in the bundles run only (vitest.bundles.config.ts sets LOCAL_BUNDLES=1): proves that run
 * really serves the ingress and the functions from their bundles, not from the sources in-process.
 */
describe('LOCAL_BUNDLES=1: the runtime serves every function from its bundle', () => {
  let rt: Runtime;
  beforeAll(async () => {
    rt = await startRuntime({ memory: true, port: 0, quiet: true, timeScale: 0.001, schedules: false });
  });
  afterAll(async () => rt?.stop());

  it('answers POST /actions from the actions bundle, cold once then warm', async () => {
    expect(process.env.LOCAL_BUNDLES).toBe('1');
    const first = await rt.action({ action: 'list_capabilities' });
    const second = await rt.action({ action: 'no_such_action' });
    expect(first.statusCode).toBe(200);
    expect(second).toMatchObject({ statusCode: 400, body: { error: { code: 'UnknownAction' } } });
    expect(rt.functionStats()?.actions).toMatchObject({ invocations: 2, coldStarts: 1, timeouts: 0 });
  });

  it("reads the metrics each bundle prints on its stdout (EMF), even quiet: ingest-eum's counts and its cold start", async () => {
    const body = snsHttpNotification('Notification', eumMessage(statusEntry([metaStatus('wamid.BUNDLE.METRICS.1', 'sent', Math.floor(Date.now() / 1000))])));
    expect((await rt.postWebhook('/webhooks/eum', body)).statusCode).toBe(200);
    // The EMF line travels on the process's stdout, a moment after the result on the IPC channel.
    await until(() => rt.metrics.total('EventsIngested') === 1 || undefined);
    expect(rt.metrics.list({ name: 'ColdStart', service: 'eum-social-ingest-eum' })).toEqual([
      expect.objectContaining({ dimensions: { service: 'eum-social-ingest-eum', function_name: 'ingest-eum' }, sum: 1 }),
    ]);
  });
});
