import '../operator/operator.css';
import { type ReactNode, useEffect, useState } from 'react';
import { Line, LineChart, type XAxisProps } from 'recharts';
import { CHART_COLORS, ChartWithTable, type Column } from '../charts';
import { callAction, useAction } from '../operator/action-call';
import { addDaysUtc, duration, pct, pctValue, utcDay } from '../operator/format';
import { href, setQuery } from '../router';
import { ErrorBanner, Page } from '../ui';
import { Breakdowns, ChartFrame, ConversationCost, CountsBar, FailureCodes, type Report } from './analytics-parts';

type Point = Report['series'][number];

/** `#/analytics?phone=&from=&to=`: counts, rates, latency, failures by code, breakdowns, cost, rollup status. */
export function AnalyticsView({ query }: { query: URLSearchParams }) {
  const today = utcDay(new Date());
  const phone = query.get('phone') || 'all';
  const from = query.get('from') || addDaysUtc(today, -29);
  const to = query.get('to') || today;
  const input = { phoneNumberId: phone, from, to };
  const { result, reload } = useAction<Report>('get_analytics', input, ['message']);
  // The phone numbers to choose from: those "all" covers.
  const { result: everyPhone } = useAction<Report>('get_analytics', { phoneNumberId: 'all', from: today, to: today });
  const phones = everyPhone?.ok ? everyPhone.data.phoneNumberIds : [];
  const report = result?.ok ? result.data : undefined;
  return (
    <Page title="Analytics">
      <Filters phone={phone} from={from} to={to} phones={phones} />
      {result && !result.ok && <ErrorBanner error={result.error} />}
      {!result && <p className="muted">Loading…</p>}
      {report && (
        <>
          <RollupStatus report={report} phone={phone} from={from} to={to} onDone={reload} />
          <Totals report={report} />
          <SeriesCharts series={report.series} />
          <FailureCodes report={report} phone={phone} from={from} to={to} />
          <Breakdowns report={report} />
          <ConversationCost input={input} />
        </>
      )}
    </Page>
  );
}

function Filters({ phone, from, to, phones }: { phone: string; from: string; to: string; phones: string[] }) {
  const [draft, setDraft] = useState({ phone, from, to });
  useEffect(() => setDraft({ phone, from, to }), [phone, from, to]);
  return (
    <form
      className="filters"
      onSubmit={(e) => {
        e.preventDefault();
        setQuery({ phone: draft.phone === 'all' ? undefined : draft.phone, from: draft.from, to: draft.to });
      }}
    >
      <label>
        Phone number
        <select value={draft.phone} onChange={(e) => setDraft({ ...draft, phone: e.target.value })}>
          <option value="all">all phone numbers</option>
          {[...new Set([...phones, ...(phone !== 'all' ? [phone] : [])])].map((p) => (
            <option key={p} value={p}>
              {p}
            </option>
          ))}
        </select>
      </label>
      <label>
        From (UTC day)
        <input type="date" value={draft.from} onChange={(e) => setDraft({ ...draft, from: e.target.value })} />
      </label>
      <label>
        To (UTC day)
        <input type="date" value={draft.to} onChange={(e) => setDraft({ ...draft, to: e.target.value })} />
      </label>
      <button type="submit" className="primary">
        Show
      </button>
    </form>
  );
}

function Totals({ report }: { report: Report }) {
  const t = report.totals;
  const cards: [string, string, string?][] = [
    ['Sent', String(t.sent)],
    ['Delivered', String(t.delivered), `${pct(t.deliveryRate)} of sent`],
    ['Read', String(t.read), `${pct(t.readRate)} of delivered`],
    ['Failed', String(t.failed), `${pct(t.failureRate)} of outbound`],
    ['Inbound', String(t.inbound), `reply rate 24 h ${pct(t.replyRate24h)}`],
  ];
  return (
    <section aria-label="Totals" className="stat-row">
      {cards.map(([label, value, sub]) => (
        <div className="stat" key={label}>
          <div className="stat-label">{label}</div>
          <div className="stat-value" data-stat={label.toLowerCase()}>
            {value}
          </div>
          {sub && <div className="muted">{sub}</div>}
        </div>
      ))}
      {(
        [
          ['Delivery latency', 'sent → delivered', t.deliveryLatency],
          ['Read latency', 'sent → read', t.readLatency],
        ] as const
      ).map(([label, what, l]) => (
        <div className="stat" key={label}>
          <div className="stat-label" title={what}>
            {label} <span className="sr-only">({what})</span>
          </div>
          <div className="stat-value stat-latency" data-stat={label.toLowerCase().replace(' ', '-')}>
            <span>
              <abbr title="median">p50</abbr> {duration(l.p50Ms)}
            </span>{' '}
            <span>
              <abbr title="95th percentile">p95</abbr> {duration(l.p95Ms)}
            </span>
          </div>
          <div className="muted">{l.samples} samples</div>
        </div>
      ))}
    </section>
  );
}

const countColumns: Column<Point>[] = [
  { key: 'period', label: 'Day' },
  { key: 'sent', label: 'Sent', numeric: true },
  { key: 'delivered', label: 'Delivered', numeric: true },
  { key: 'read', label: 'Read', numeric: true },
  { key: 'failed', label: 'Failed', numeric: true },
  { key: 'inbound', label: 'Inbound', numeric: true },
];
const rateColumns: Column<Point>[] = [
  { key: 'period', label: 'Day' },
  { key: 'deliveryRate', label: 'Delivered %', value: (p) => pctValue(p.deliveryRate), numeric: true },
  { key: 'readRate', label: 'Read %', value: (p) => pctValue(p.readRate), numeric: true },
  { key: 'failureRate', label: 'Failed %', value: (p) => pctValue(p.failureRate), numeric: true },
];
const secs = (ms: number | null | undefined) => (ms === null || ms === undefined ? null : Math.round(ms / 100) / 10);
const latencyColumns: Column<Point>[] = [
  { key: 'period', label: 'Day' },
  { key: 'dp50', label: 'Delivery p50 (s)', value: (p) => secs(p.deliveryLatency?.p50Ms), numeric: true },
  { key: 'dp95', label: 'Delivery p95 (s)', value: (p) => secs(p.deliveryLatency?.p95Ms), numeric: true },
  { key: 'rp50', label: 'Read p50 (s)', value: (p) => secs(p.readLatency?.p50Ms), numeric: true },
  { key: 'rp95', label: 'Read p95 (s)', value: (p) => secs(p.readLatency?.p95Ms), numeric: true },
];

/** A chart over the days of the series, with its table (one row per day). */
function DayChart({ series, ...chart }: { title: string; description: string; series: Point[]; columns: Column<Point>[]; csvName: string; height: number; children: ReactNode }) {
  return <ChartWithTable {...chart} rows={series} tableMaxHeight={160} rowKey={(p) => p.period} />;
}

function SeriesCharts({ series }: { series: Point[] }) {
  const rates = series.map((p) => ({ period: p.period, delivered: pctValue(p.deliveryRate), read: pctValue(p.readRate), failed: pctValue(p.failureRate) }));
  const latency = series.map((p) => ({
    period: p.period,
    dp50: secs(p.deliveryLatency?.p50Ms),
    dp95: secs(p.deliveryLatency?.p95Ms),
    rp50: secs(p.readLatency?.p50Ms),
    rp95: secs(p.readLatency?.p95Ms),
  }));
  const axis: XAxisProps = { dataKey: 'period', tick: { fontSize: 11 }, tickFormatter: (d: string) => d.slice(5) };
  return (
    <>
      <h2>Over time</h2>
      <DayChart
        title="Messages per day"
        description="sent, delivered, read and failed outbound messages by UTC day"
        series={series}
        columns={countColumns}
        csvName="analytics-counts"
        height={240}
      >
        <CountsBar rows={series} x={axis} />
      </DayChart>
      <DayChart
        title="Rates per day"
        description="delivered of sent, read of delivered, failed of outbound, in percent"
        series={series}
        columns={rateColumns}
        csvName="analytics-rates"
        height={220}
      >
        <LineChart data={rates}>
          <ChartFrame x={axis} y={{ domain: [0, 100], unit: '%', width: 48 }} legend />
          <Line isAnimationActive={false} dataKey="delivered" name="delivered %" stroke={CHART_COLORS.teal} connectNulls dot />
          <Line isAnimationActive={false} dataKey="read" name="read %" stroke={CHART_COLORS.green} connectNulls dot strokeDasharray="6 3" />
          <Line isAnimationActive={false} dataKey="failed" name="failed %" stroke={CHART_COLORS.red} connectNulls dot strokeDasharray="2 2" />
        </LineChart>
      </DayChart>
      <DayChart
        title="Latency per day"
        description="delivery and read latency p50 and p95 in seconds (from the rollups' histograms)"
        series={series}
        columns={latencyColumns}
        csvName="analytics-latency"
        height={220}
      >
        <LineChart data={latency}>
          <ChartFrame x={axis} y={{ unit: ' s', width: 56 }} legend />
          <Line isAnimationActive={false} dataKey="dp50" name="delivery p50" stroke={CHART_COLORS.teal} connectNulls />
          <Line isAnimationActive={false} dataKey="dp95" name="delivery p95" stroke={CHART_COLORS.teal} connectNulls strokeDasharray="6 3" />
          <Line isAnimationActive={false} dataKey="rp50" name="read p50" stroke={CHART_COLORS.purple} connectNulls />
          <Line isAnimationActive={false} dataKey="rp95" name="read p95" stroke={CHART_COLORS.purple} connectNulls strokeDasharray="6 3" />
        </LineChart>
      </DayChart>
    </>
  );
}

interface BackfillRun {
  runId: string;
  executionArn?: string;
  status?: string;
  done?: number;
  total?: number | null;
  percent?: number | null;
}

/** Days rolled up / missing, and "Backfill this range" followed until its execution ends. */
function RollupStatus({ report, phone, from, to, onDone }: { report: Report; phone: string; from: string; to: string; onDone: () => void }) {
  const [run, setRun] = useState<BackfillRun>();
  const [error, setError] = useState<Parameters<typeof ErrorBanner>[0]['error']>();
  const rollups = report.rollups;
  useEffect(() => {
    if (!run || ['SUCCEEDED', 'FAILED', 'TIMED_OUT', 'ABORTED'].includes(run.status ?? '')) {
      if (run?.status === 'SUCCEEDED') onDone();
      return;
    }
    const timer = setTimeout(async () => {
      const r = await callAction<BackfillRun>('get_backfill_status', { runId: run.runId, ...(run.executionArn ? { executionArn: run.executionArn } : {}) });
      if (r.ok) setRun({ ...run, ...r.data });
      else setError(r.error);
    }, 1000);
    return () => clearTimeout(timer);
  }, [run, onDone]);
  const backfill = async () => {
    setError(undefined);
    // Only closed days are rolled up: the range ends yesterday at the latest.
    const yesterday = addDaysUtc(utcDay(new Date()), -1);
    const r = await callAction<BackfillRun>('backfill_analytics', { from, to: to > yesterday ? yesterday : to, ...(phone !== 'all' ? { phoneNumberIds: [phone] } : {}) });
    if (r.ok) setRun({ ...r.data, status: 'RUNNING' });
    else setError(r.error);
  };
  return (
    <section aria-labelledby="rollup-h" className="panel rollup-bar">
      <h2 id="rollup-h">Rollups</h2>
      <span data-testid="rollup-status">
        {rollups ? (
          <>
            {rollups.rolledUp.length} of {rollups.closedDays} closed day(s) rolled up
            {rollups.missing.length > 0 ? `; missing: ${summarizeDays(rollups.missing)}` : '; none missing'}
            {rollups.live.length > 0 ? `; live (not closed yet): ${summarizeDays(rollups.live)}` : ''}
          </>
        ) : (
          <>
            {report.sources.rollupDays} day(s) answered from rollups, {report.sources.liveDays} from live data
          </>
        )}
      </span>
      <button type="button" onClick={() => void backfill()} disabled={!!run && !['SUCCEEDED', 'FAILED', 'TIMED_OUT', 'ABORTED'].includes(run.status ?? '')}>
        Backfill this range
      </button>
      {run && (
        <span role="status" data-testid="backfill-status">
          Backfill {run.runId}: {run.status?.toLowerCase() ?? 'started'}
          {run.total ? ` — ${run.done ?? 0}/${run.total} (${run.percent ?? 0}%)` : ''} {run.executionArn && <a href={href(['executions', run.executionArn])}>execution</a>}
        </span>
      )}
      <ErrorBanner error={error} />
    </section>
  );
}

function summarizeDays(days: string[]): string {
  return days.length <= 6 ? days.join(', ') : `${days.slice(0, 3).join(', ')} … ${days.slice(-2).join(', ')} (${days.length} days)`;
}
