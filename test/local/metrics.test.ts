import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MetricsBoard, parseEmfLine } from '../../local/metrics/emf.js';
import { startRuntime, type Runtime } from '../../local/runtime.js';
import { captureOutput } from '../functions/handlers/support.js';
import { eumMessage, metaStatus, snsHttpNotification, statusEntry } from '../functions/ingest/support.js';

/** What Powertools Metrics really prints for these calls (not a hand-written EMF line). */
function powertoolsEmf(fill: (m: Metrics) => void): string {
  const previous = process.env.POWERTOOLS_METRICS_DISABLED;
  process.env.POWERTOOLS_METRICS_DISABLED = 'false';
  const out = captureOutput();
  const m = new Metrics({ namespace: 'test-ns', serviceName: 'svc' });
  fill(m);
  m.publishStoredMetrics();
  const text = out.text();
  out.restore();
  process.env.POWERTOOLS_METRICS_DISABLED = previous;
  return text.trim();
}

describe('the twin reads EMF lines', () => {
  it('parses what Powertools prints: namespace, dimensions, every value of a metric', () => {
    const line = powertoolsEmf((m) => {
      m.addDimension('outcome', 'paid');
      m.addMetric('WorkflowOutcome', MetricUnit.Count, 1);
      m.addMetric('IngestLatency', MetricUnit.Milliseconds, 120);
      m.addMetric('IngestLatency', MetricUnit.Milliseconds, 80);
    });
    expect(parseEmfLine(line)).toEqual([
      expect.objectContaining({ namespace: 'test-ns', name: 'WorkflowOutcome', unit: 'Count', dimensions: { service: 'svc', outcome: 'paid' }, values: [1] }),
      expect.objectContaining({ namespace: 'test-ns', name: 'IngestLatency', unit: 'Milliseconds', dimensions: { service: 'svc', outcome: 'paid' }, values: [120, 80] }),
    ]);
  });

  it('a log line, plain text or broken JSON is not EMF', () => {
    expect(parseEmfLine('{"level":"INFO","message":"ingested"}')).toBeUndefined();
    expect(parseEmfLine('[runtime] up')).toBeUndefined();
    expect(parseEmfLine('{"_aws": ')).toBeUndefined();
  });

  it('sums each series as CloudWatch statistics would', () => {
    const board = new MetricsBoard();
    for (const values of [[1, 2], [4]]) board.take(powertoolsEmf((m) => values.forEach((v) => m.addMetric('EventsIngested', MetricUnit.Count, v))));
    board.take(powertoolsEmf((m) => m.addMetric('IngestLatency', MetricUnit.Milliseconds, 50)));
    expect(board.list({ name: 'EventsIngested' })).toEqual([expect.objectContaining({ dimensions: { service: 'svc' }, samples: 3, sum: 7, min: 1, max: 4, last: 4 })]);
    expect(board.total('EventsIngested')).toBe(7);
    expect(board.summaryLine()).toBe('metrics (EMF): EventsIngested 7 · IngestLatency avg 50 ms, max 50 ms');
  });
});

describe('the local runtime shows the metrics its functions emit (GET /metrics)', () => {
  let rt: Runtime;
  beforeAll(async () => {
    rt = await startRuntime({ memory: true, port: 0, timeScale: 0.001, quiet: true, sandboxes: false });
  });
  afterAll(async () => rt?.stop());

  it('a webhook and its redelivery: EventsIngested, DuplicatesSkipped and IngestLatency of ingest-eum, and the record-message cold start', async () => {
    const body = snsHttpNotification('Notification', eumMessage(statusEntry([metaStatus('wamid.METRICS.1', 'delivered', Math.floor(Date.now() / 1000))])));
    expect((await rt.postWebhook('/webhooks/eum', body)).statusCode).toBe(200);
    expect((await rt.postWebhook('/webhooks/eum', body)).statusCode).toBe(200);
    await rt.idle();
    const res = await fetch(`${rt.url}/metrics?service=eum-social-ingest-eum`);
    const { metrics } = (await res.json()) as { metrics: { name: string; sum: number; samples: number; dimensions: Record<string, string> }[] };
    const sum = (name: string) => metrics.filter((m) => m.name === name).reduce((n, m) => n + m.sum, 0);
    expect(sum('EventsIngested')).toBe(1);
    expect(sum('DuplicatesSkipped')).toBe(1);
    expect(metrics.find((m) => m.name === 'IngestLatency')).toMatchObject({ samples: 1, dimensions: { service: 'eum-social-ingest-eum' } });
    // The bus delivered the status to record-message, whose first invocation was a cold start.
    expect(rt.metrics.list({ name: 'ColdStart', service: 'eum-social-record-message' })).toEqual([
      expect.objectContaining({ dimensions: { service: 'eum-social-record-message', function_name: 'record-message' }, sum: 1 }),
    ]);
  });
});
