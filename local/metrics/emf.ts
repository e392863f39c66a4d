/**
 * The twin's CloudWatch: the functions print their metrics as EMF lines (JSON with `_aws`, from
 * Powertools Metrics); here they are read back and summed per metric and dimensions, as CloudWatch
 * would, and served at GET /metrics.
 */

export interface MetricDatum {
  namespace: string;
  name: string;
  unit: string;
  dimensions: Record<string, string>;
  values: number[];
  timestamp: number;
}

interface EmfDirective {
  Namespace?: unknown;
  Dimensions?: unknown;
  Metrics?: { Name?: unknown; Unit?: unknown }[];
}

/** The metrics one EMF line carries, or undefined when the line is not EMF (a log line, console output). */
export function parseEmfLine(line: string): MetricDatum[] | undefined {
  const text = line.trim();
  if (!text.startsWith('{') || !text.includes('"_aws"')) return undefined;
  let doc: Record<string, unknown>;
  try {
    doc = JSON.parse(text) as Record<string, unknown>;
  } catch {
    return undefined;
  }
  const aws = doc._aws as { Timestamp?: unknown; CloudWatchMetrics?: unknown } | undefined;
  if (!aws || !Array.isArray(aws.CloudWatchMetrics)) return undefined;
  const timestamp = typeof aws.Timestamp === 'number' ? aws.Timestamp : Date.now();
  const out: MetricDatum[] = [];
  for (const directive of aws.CloudWatchMetrics as EmfDirective[]) {
    const namespace = typeof directive.Namespace === 'string' ? directive.Namespace : '';
    // Each dimension set is its own series in CloudWatch; Powertools writes one set.
    const sets = Array.isArray(directive.Dimensions) && directive.Dimensions.length ? (directive.Dimensions as unknown[]) : [[]];
    for (const set of sets) {
      const dimensions: Record<string, string> = {};
      for (const key of Array.isArray(set) ? set : []) if (typeof key === 'string' && typeof doc[key] === 'string') dimensions[key] = doc[key] as string;
      for (const m of directive.Metrics ?? []) {
        if (typeof m.Name !== 'string') continue;
        const raw = doc[m.Name];
        const values = (Array.isArray(raw) ? raw : [raw]).filter((v): v is number => typeof v === 'number' && Number.isFinite(v));
        if (!values.length) continue;
        out.push({ namespace, name: m.Name, unit: typeof m.Unit === 'string' ? m.Unit : 'None', dimensions, values, timestamp });
      }
    }
  }
  return out;
}

export interface MetricSeries {
  namespace: string;
  name: string;
  unit: string;
  dimensions: Record<string, string>;
  /** Data points received (one per value; an EMF array of values counts each). */
  samples: number;
  sum: number;
  min: number;
  max: number;
  last: number;
  lastAt: string;
}

const MAX_SERIES = 2_000;

/** Every metric series seen since the runtime started, summed as CloudWatch's statistics would. */
export class MetricsBoard {
  private readonly series = new Map<string, MetricSeries>();

  /** Takes one output line; true when it was EMF (and is now counted). */
  take(line: string): boolean {
    const data = parseEmfLine(line);
    if (!data) return false;
    for (const d of data) this.add(d);
    return true;
  }

  add(d: MetricDatum): void {
    const dims = Object.keys(d.dimensions)
      .sort()
      .map((k) => `${k}=${d.dimensions[k]}`)
      .join(',');
    const key = `${d.namespace}|${d.name}|${dims}`;
    let s = this.series.get(key);
    if (!s) {
      if (this.series.size >= MAX_SERIES) return;
      s = { namespace: d.namespace, name: d.name, unit: d.unit, dimensions: d.dimensions, samples: 0, sum: 0, min: Infinity, max: -Infinity, last: 0, lastAt: '' };
      this.series.set(key, s);
    }
    for (const v of d.values) {
      s.samples++;
      s.sum += v;
      s.min = Math.min(s.min, v);
      s.max = Math.max(s.max, v);
      s.last = v;
    }
    s.lastAt = new Date(d.timestamp).toISOString();
  }

  /** By metric name, then dimensions. */
  list(filter: { name?: string; service?: string } = {}): MetricSeries[] {
    return [...this.series.values()]
      .filter((s) => (!filter.name || s.name === filter.name) && (!filter.service || s.dimensions.service === filter.service))
      .sort((a, b) => a.name.localeCompare(b.name) || JSON.stringify(a.dimensions).localeCompare(JSON.stringify(b.dimensions)));
  }

  /** Sum of a metric over every series (all services and dimensions). */
  total(name: string): number {
    return this.list({ name }).reduce((n, s) => n + s.sum, 0);
  }

  /** One line for a summary: each count's total; a latency's average and maximum. */
  summaryLine(): string {
    const byName = new Map<string, MetricSeries[]>();
    for (const s of this.list()) byName.set(s.name, [...(byName.get(s.name) ?? []), s]);
    if (!byName.size) return 'metrics: none emitted';
    const parts = [...byName].map(([name, list]) => {
      const samples = list.reduce((n, s) => n + s.samples, 0);
      const sum = list.reduce((n, s) => n + s.sum, 0);
      if (list[0]!.unit === 'Milliseconds') return `${name} avg ${Math.round(sum / samples)} ms, max ${Math.round(Math.max(...list.map((s) => s.max)))} ms`;
      return `${name} ${sum}`;
    });
    return `metrics (EMF): ${parts.join(' · ')}`;
  }
}
