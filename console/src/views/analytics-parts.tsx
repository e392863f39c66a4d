import { Bar, BarChart, CartesianGrid, Legend, Tooltip, XAxis, type XAxisProps, YAxis, type YAxisProps } from 'recharts';
import { CHART_COLORS, ChartWithTable, DataTable, type Column } from '../charts';
import { useAction } from '../operator/action-call';
import { HEADROOM, pct } from '../operator/format';
import { formatMicros } from '../operator/money';
import { href } from '../router';
import { ErrorBanner } from '../ui';

interface Latency {
  samples: number;
  p50Ms: number | null;
  p95Ms: number | null;
}
interface Counts {
  outbound: number;
  sent: number;
  delivered: number;
  read: number;
  failed: number;
  deliveryRate?: number | null;
  readRate?: number | null;
  failureRate?: number | null;
}
export interface FailureReason {
  code: string;
  count: number;
  /** What the code means and what to do, when get_analytics gives them. */
  title?: string;
  meaning?: string;
  fix?: string;
}
/** The `get_analytics` answer (functions/domain/analytics/report.ts). */
export interface Report {
  phoneNumberIds: string[];
  totals: Counts & {
    inbound: number;
    replied: number;
    replyRate24h: number | null;
    deliveryLatency: Latency;
    readLatency: Latency;
    failureReasons: FailureReason[];
    byTemplate: Record<string, Counts>;
    byCategory: Record<string, Counts>;
    byPricing: Record<string, number>;
  };
  series: (Counts & { period: string; inbound: number; replyRate24h: number | null; deliveryLatency?: Latency; readLatency?: Latency })[];
  sources: { rollupDays: number; liveDays: number };
  failures?: FailureReason[];
  breakdowns?: { template: (Counts & { key: string })[]; category: (Counts & { key: string })[]; pricing: { key: string; count: number }[] };
  rollups?: { closedDays: number; rolledUp: string[]; missing: string[]; live: string[] };
}

/**
 * What every analytics chart draws around its series: grid, both axes, tooltip and, where there are
 * several series, the legend. Recharts 3 finds them inside this component as if written in the chart.
 */
export function ChartFrame({ x, y, legend = false }: { x: XAxisProps; y: YAxisProps; legend?: boolean }) {
  return (
    <>
      <CartesianGrid strokeDasharray="3 3" />
      <XAxis {...x} />
      <YAxis {...y} />
      <Tooltip />
      {legend && <Legend itemSorter={null} />}
    </>
  );
}

/** The y axis of message counts: whole numbers with headroom above the tallest bar. */
const COUNT_AXIS: YAxisProps = { allowDecimals: false, width: 40, domain: HEADROOM, tickCount: 6 };

/** Sent, delivered, read and failed side by side for each row (a day, a template, a category). */
export function CountsBar<T extends Counts>({ rows, x }: { rows: T[]; x: XAxisProps }) {
  return (
    <BarChart data={rows}>
      <ChartFrame x={x} y={COUNT_AXIS} legend />
      <Bar isAnimationActive={false} dataKey="sent" name="sent" fill={CHART_COLORS.blue} />
      <Bar isAnimationActive={false} dataKey="delivered" name="delivered" fill={CHART_COLORS.teal} />
      <Bar isAnimationActive={false} dataKey="read" name="read" fill={CHART_COLORS.green} />
      <Bar isAnimationActive={false} dataKey="failed" name="failed" fill={CHART_COLORS.red} />
    </BarChart>
  );
}

/** Failures grouped by Meta error code: the meaning, the fix, and each count a link to its messages. */
export function FailureCodes({ report, phone, from, to }: { report: Report; phone: string; from: string; to: string }) {
  const rows = report.failures ?? report.totals.failureReasons;
  // list_messages reads one phone number: name it when "all" is just one.
  const messagesPhone = phone !== 'all' ? phone : report.phoneNumberIds.length === 1 ? report.phoneNumberIds[0] : undefined;
  const columns: Column<FailureReason>[] = [
    { key: 'code', label: 'Meta error code' },
    {
      key: 'meaning',
      label: 'Meaning',
      value: (r) => [r.title, r.meaning].filter(Boolean).join(': ') || 'not in the catalogue of known codes',
      render: (r) => (
        <>
          {r.title && <strong>{r.title}. </strong>}
          {r.meaning ?? (r.title ? '' : 'not in the catalogue of known codes')}
        </>
      ),
    },
    { key: 'fix', label: 'What to do', value: (r) => r.fix ?? '' },
    {
      key: 'count',
      label: 'Messages',
      numeric: true,
      render: (r) => (
        <a href={href(['messages'], { phone: messagesPhone, code: r.code, from, to })} aria-label={`${r.count} messages failed with ${r.code}`} data-failure-code={r.code}>
          {r.count}
        </a>
      ),
    },
  ];
  return (
    <section aria-labelledby="failures-h" className="failures">
      <h2 id="failures-h">Failures by Meta error code ({report.totals.failed})</h2>
      <ChartWithTable
        title="Failed messages by error code"
        description="count of failed messages per Meta error code"
        rows={rows}
        columns={columns}
        csvName="analytics-failures"
        height={Math.max(90, rows.length * 34 + 40)}
        rowKey={(r) => r.code}
      >
        <BarChart data={rows} layout="vertical" margin={{ left: 20 }}>
          <ChartFrame x={{ type: 'number', allowDecimals: false }} y={{ type: 'category', dataKey: 'code', width: 70 }} />
          <Bar isAnimationActive={false} dataKey="count" name="failed" fill={CHART_COLORS.red} />
        </BarChart>
      </ChartWithTable>
    </section>
  );
}

type Named = Counts & { name: string };
const breakdownColumns = (first: string): Column<Named>[] => [
  { key: 'name', label: first },
  { key: 'sent', label: 'Sent', numeric: true },
  { key: 'delivered', label: 'Delivered', numeric: true },
  { key: 'read', label: 'Read', numeric: true },
  { key: 'failed', label: 'Failed', numeric: true },
  { key: 'deliveryRate', label: 'Delivered %', value: (r) => pct(r.deliveryRate), numeric: true },
  { key: 'readRate', label: 'Read %', value: (r) => pct(r.readRate), numeric: true },
];

/** Every name under its bar, none skipped. */
const NAME_AXIS: XAxisProps = { dataKey: 'name', tick: { fontSize: 11 }, interval: 0 };

/** One breakdown (named counts) as a bar chart with its table; `first` heads the name column. */
function BreakdownChart({ title, description, rows, first, csvName }: { title: string; description: string; rows: Named[]; first: string; csvName: string }) {
  return (
    <ChartWithTable
      title={title}
      description={description}
      rows={rows}
      columns={breakdownColumns(first)}
      csvName={csvName}
      height={200}
      tableMaxHeight={180}
      rowKey={(r) => r.name}
    >
      <CountsBar rows={rows} x={NAME_AXIS} />
    </ChartWithTable>
  );
}

export function Breakdowns({ report }: { report: Report }) {
  // The action's breakdowns come sorted (most used first); older answers only have the maps.
  const named = (m: Record<string, Counts>) => Object.entries(m).map(([name, c]) => ({ name, ...c }));
  const b = report.breakdowns;
  const templates = b ? b.template.map((r) => ({ ...r, name: r.key })) : named(report.totals.byTemplate);
  const categories = b ? b.category.map((r) => ({ ...r, name: r.key })) : named(report.totals.byCategory);
  const pricing = b ? b.pricing.map((r) => ({ name: r.key, count: r.count })) : Object.entries(report.totals.byPricing).map(([name, count]) => ({ name, count }));
  const pricingColumns: Column<{ name: string; count: number }>[] = [
    { key: 'name', label: 'Pricing category / type' },
    { key: 'count', label: 'Messages', numeric: true },
  ];
  return (
    <section aria-labelledby="breakdowns-h">
      <h2 id="breakdowns-h">Breakdowns</h2>
      <div className="cols breakdown-cols">
        <BreakdownChart title="By template" description="outbound template messages per template" rows={templates} first="Template" csvName="analytics-by-template" />
        <BreakdownChart
          title="By category"
          description="outbound messages per template category (non_template: session messages)"
          rows={categories}
          first="Category"
          csvName="analytics-by-category"
        />
      </div>
      <ChartWithTable
        title="By pricing"
        description="messages per Meta pricing category and type, from the status webhooks"
        rows={pricing}
        columns={pricingColumns}
        csvName="analytics-by-pricing"
        height={180}
        tableMaxHeight={160}
        rowKey={(r) => r.name}
      >
        <BarChart data={pricing}>
          <ChartFrame x={NAME_AXIS} y={COUNT_AXIS} />
          <Bar isAnimationActive={false} dataKey="count" name="messages" fill={CHART_COLORS.purple} />
        </BarChart>
      </ChartWithTable>
    </section>
  );
}

interface CostLine {
  market: string;
  category: string;
  messages: number;
  rateMicros: number;
  amountMicros: number;
}
interface ConversationReport {
  partial?: boolean;
  customerServiceWindows: { opened: number; hours: number };
  byInitiator: { user: number; business: number };
  outbound: { inWindow: number; outsideWindow: number };
  chargeableDelivered: number;
  estimatedCost: { currency: string; totalMinor: number; totalMicros: number; lines: CostLine[]; unpriced?: unknown[]; rateCard?: { version: string; status?: string } };
  note?: string;
  runbook?: string[];
}

/** get_conversation_analytics: reconstructed locally, so marked partial exactly as the action marks it. */
export function ConversationCost({ input }: { input: Record<string, unknown> }) {
  const { result } = useAction<ConversationReport>('get_conversation_analytics', input);
  if (!result) return null;
  if (!result.ok) return <ErrorBanner error={result.error} title="Conversations and cost" />;
  const c = result.data;
  const cur = c.estimatedCost.currency;
  const micros = (m: number) => formatMicros(m, cur);
  const columns: Column<CostLine>[] = [
    { key: 'market', label: 'Market' },
    { key: 'category', label: 'Category' },
    { key: 'messages', label: 'Charged messages', numeric: true },
    { key: 'rateMicros', label: `Rate (${cur})`, value: (l) => (l.rateMicros / 1e6).toFixed(4), numeric: true },
    { key: 'amountMicros', label: `Estimate (${cur})`, value: (l) => micros(l.amountMicros), numeric: true },
  ];
  return (
    <section aria-labelledby="cost-h">
      <h2 id="cost-h">
        Conversations and cost estimate{' '}
        {c.partial && (
          <span className="status status-wait" data-testid="partial">
            partial
          </span>
        )}
      </h2>
      {c.note && <p className="muted">{c.note}</p>}
      <dl className="kv panel">
        <dt>Customer-service windows opened</dt>
        <dd>
          {c.customerServiceWindows.opened} ({c.customerServiceWindows.hours} h each)
        </dd>
        <dt>Started by the customer / the business</dt>
        <dd>
          {c.byInitiator.user} / {c.byInitiator.business}
        </dd>
        <dt>Outbound in / outside a window</dt>
        <dd>
          {c.outbound.inWindow} / {c.outbound.outsideWindow}
        </dd>
        <dt>Chargeable delivered</dt>
        <dd>{c.chargeableDelivered}</dd>
        <dt>Estimated cost</dt>
        <dd>
          <strong>{micros(c.estimatedCost.totalMicros)}</strong>{' '}
          {c.estimatedCost.rateCard && (
            <span className="muted">
              (rate card {c.estimatedCost.rateCard.version}
              {c.estimatedCost.rateCard.status ? `, ${c.estimatedCost.rateCard.status}` : ''})
            </span>
          )}
        </dd>
      </dl>
      <DataTable rows={c.estimatedCost.lines} columns={columns} label="Cost estimate lines" rowKey={(l) => `${l.market}/${l.category}`} />
    </section>
  );
}
