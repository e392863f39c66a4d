import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { currentInvocation, DEFAULT_METRICS_NAMESPACE } from './invocation.js';

export { DEFAULT_METRICS_NAMESPACE };

/** Every metric the functions emit (EMF), named once. */
export const MetricName = {
  /** Domain events published by ingress (new ones only: a redelivered webhook adds none). */
  EventsIngested: 'EventsIngested',
  /** Events (or whole Razorpay deliveries) ingress found already published. */
  DuplicatesSkipped: 'DuplicatesSkipped',
  /** Parts of a webhook that failed validation and were kept for investigation; an unreadable payload counts as one. */
  RejectedParts: 'RejectedParts',
  /** Milliseconds from the provider's timestamp of an event to its publication on the bus. */
  IngestLatency: 'IngestLatency',
  /** One per workflow that ended, dimensions `workflow` and `outcome`. */
  WorkflowOutcome: 'WorkflowOutcome',
  /** Customer messages the payment lifecycle sent, dimension `kind` (link, reminder, paid…). */
  PaymentMessagesSent: 'PaymentMessagesSent',
  /** Template status changes applied to the catalogue, dimension `status`. */
  TemplateStatusChanges: 'TemplateStatusChanges',
} as const;

const instances = new Map<string, Metrics>();

/**
 * The Metrics of one function: what a Lambda creates once at module scope (namespace from the
 * stack, service per function). Created on first use; a process whose environment changes the
 * namespace or POWERTOOLS_METRICS_DISABLED (a test starting the local runtime) gets a new one.
 */
export function metricsFor(service: string): Metrics {
  const namespace = process.env.POWERTOOLS_METRICS_NAMESPACE || DEFAULT_METRICS_NAMESPACE;
  const key = `${service}|${namespace}|${process.env.POWERTOOLS_METRICS_DISABLED ?? ''}`;
  let m = instances.get(key);
  if (!m) {
    m = new Metrics({ namespace, serviceName: service });
    instances.set(key, m);
  }
  return m;
}

/** The Metrics of the invocation in progress; outside one (a unit test of a library function) nothing is recorded. */
function current(): Metrics | undefined {
  const inv = currentInvocation();
  return inv ? metricsFor(inv.service) : undefined;
}

/** Publishes what an invocation stored (nothing printed when it stored nothing). */
export function flushMetrics(service: string): void {
  const m = metricsFor(service);
  if (m.hasStoredMetrics()) m.publishStoredMetrics();
}

/** What one ingress delivery did: counts, and the provider timestamps of the events it published. */
export function recordIngest(outcome: { published: number; duplicates: number; rejected: number; occurredAt?: (string | undefined)[] }, now = Date.now()): void {
  const m = current();
  if (!m) return;
  m.addMetric(MetricName.EventsIngested, MetricUnit.Count, outcome.published);
  m.addMetric(MetricName.DuplicatesSkipped, MetricUnit.Count, outcome.duplicates);
  m.addMetric(MetricName.RejectedParts, MetricUnit.Count, outcome.rejected);
  for (const at of outcome.occurredAt ?? []) {
    const t = at ? Date.parse(at) : Number.NaN;
    // Meta's timestamps have whole seconds: a clock a little behind reads as 0, not as negative.
    if (Number.isFinite(t)) m.addMetric(MetricName.IngestLatency, MetricUnit.Milliseconds, Math.max(0, now - t));
  }
}

/** A count with its own dimension(s), emitted at once (Powertools' single metric), so concurrent invocations never share dimensions. */
export function recordDimensioned(name: string, dimensions: Record<string, string>, value = 1): void {
  const m = current();
  if (!m) return;
  const single = m.singleMetric();
  for (const [k, v] of Object.entries(dimensions)) single.addDimension(k, v);
  single.addMetric(name, MetricUnit.Count, value);
}

export const recordWorkflowOutcome = (workflow: string, outcome: string): void => recordDimensioned(MetricName.WorkflowOutcome, { workflow, outcome });
