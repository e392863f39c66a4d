import { useEffect, useMemo, useState } from 'react';
import { CartesianGrid, ComposedChart, Line, ReferenceArea, ReferenceLine, Tooltip, XAxis, YAxis } from 'recharts';
import type { Comparison } from '../../../functions/domain/quality/compare';
import { phoneGuidance, templateGuidance, type Guidance } from '../../../functions/domain/quality/guidance';
import { ratingRank, tierRank } from '../../../functions/domain/quality/model';
import { CHART_COLORS, ChartWithTable, type Column } from '../charts';
import { href, setQuery } from '../router';
import { ErrorBanner, Page, Time } from '../ui';
import { callAction, useAction } from './operator-api';
import { Badge, type CatalogRow } from './templates';

/**
 * Quality of a phone number or a template over time: the messaging limit as a step line, the
 * rating as colour bands behind it, the alerts (downgrade, flagged, paused…) as marked lines with
 * their labels; the same rows as a table and CSV; the current value read from EUM on demand; and
 * the guidance the system attaches to each alert (functions/domain/quality/guidance.ts).
 */
interface Entry {
  occurredAt: string;
  rating: string | null;
  previousRating: string | null;
  currentLimit: string | null;
  previousLimit: string | null;
  flagged: boolean | null;
  event: string | null;
  source: string;
  eventId: string;
  /** Present when the action derives them (else derived here from the entry). */
  kind?: string;
  guidance?: { severity: string; meaning: string; actions: string[] } | null;
}
interface HistoryAnswer {
  subject: { type: 'phone' | 'template'; id?: string; name?: string };
  current: Entry | null;
  entries: Entry[];
  nextCursor: string | null;
}
interface Row extends Entry {
  t: number;
  tier?: number;
  ratingLevel?: number;
  alert?: string;
  alertGuidance?: Pick<Guidance, 'severity' | 'meaning' | 'actions'>;
}

const TIERS = ['', 'TIER_50', 'TIER_250', 'TIER_1K', 'TIER_2K', 'TIER_10K', 'TIER_100K', 'TIER_UNLIMITED'];
const RATING_COLOR: Record<string, string> = { GREEN: CHART_COLORS.green, YELLOW: '#ca8a04', RED: CHART_COLORS.red };
const MAX_PAGES = 10;

/** What kind of alert an entry is, from what it says and the state before it. */
function alertOf(e: Entry): string | undefined {
  const event = e.event?.toUpperCase();
  if (event === 'FLAGGED') return 'flagged';
  if (event === 'UNFLAGGED') return 'unflagged';
  const r0 = ratingRank(e.previousRating ?? undefined);
  const r1 = ratingRank(e.rating ?? undefined);
  const t0 = tierRank(e.previousLimit ?? undefined);
  const t1 = tierRank(e.currentLimit ?? undefined);
  if (event === 'DOWNGRADE' || (t0 && t1 && t1 < t0)) return `limit downgrade${e.previousLimit && e.currentLimit ? ` ${short(e.previousLimit)}→${short(e.currentLimit)}` : ''}`;
  if (r0 && r1 && r1 < r0) return `rating ${e.previousRating}→${e.rating}`;
  if (event === 'UPGRADE' || event === 'THROUGHPUT_UPGRADE' || (t0 && t1 && t1 > t0)) return `limit upgrade${e.previousLimit && e.currentLimit ? ` ${short(e.previousLimit)}→${short(e.currentLimit)}` : ''}`;
  if (r0 && r1 && r1 > r0) return `rating ${e.previousRating}→${e.rating}`;
  return undefined;
}
const short = (tier: string) => tier.replace('TIER_', '');

/** The system's guidance for an entry: the action's when it gives one, else the same domain code quality.alert uses. */
function guidanceOf(e: Entry, subject: 'phone' | 'template'): Pick<Guidance, 'severity' | 'meaning' | 'actions'> | undefined {
  if (e.guidance) return e.guidance as Guidance;
  const r0 = ratingRank(e.previousRating ?? undefined);
  const r1 = ratingRank(e.rating ?? undefined);
  const t0 = tierRank(e.previousLimit ?? undefined);
  const t1 = tierRank(e.currentLimit ?? undefined);
  const event = e.event?.toUpperCase();
  const down = event === 'FLAGGED' || event === 'DOWNGRADE' || (!!r0 && !!r1 && r1 < r0) || (!!t0 && !!t1 && t1 < t0);
  const upward = !down && (event === 'UNFLAGGED' || event === 'UPGRADE' || (!!r0 && !!r1 && r1 > r0) || (!!t0 && !!t1 && t1 > t0));
  const c: Comparison = {
    entry: { ...e, subject: { type: subject, id: '' }, receivedAt: e.occurredAt, rating: e.rating ?? undefined, currentLimit: e.currentLimit ?? undefined, previousLimit: e.previousLimit ?? undefined, previousRating: e.previousRating ?? undefined, flagged: e.flagged ?? undefined, event: e.event ?? undefined, source: e.source as 'webhook' },
    direction: down ? 'downgraded' : upward ? 'upgraded' : 'unchanged',
    reasons: [],
    tierChanged: !!t0 && !!t1 && t0 !== t1,
    flaggedNow: event === 'FLAGGED',
  };
  return subject === 'phone' ? phoneGuidance(c) : templateGuidance(c);
}

/** An alert's label at the top of its line (a class the tests and styles find it by). */
const alertLabel = (text: string, anchor: 'start' | 'end') =>
  function AlertLabel(props: { viewBox?: { x?: number; y?: number } }) {
    const x = props.viewBox?.x ?? 0;
    const y = props.viewBox?.y ?? 0;
    return (
      <text x={anchor === 'end' ? x - 4 : x + 4} y={y - 8} textAnchor={anchor} className="quality-alert-label" fill="#111827" fontSize={12} fontWeight={600}>
        {text}
      </text>
    );
  };

/** What a steady rating means (shown for the current state when no alert applies). */
const RATING_MEANING: Record<string, string> = {
  GREEN: 'High quality: recipients engage and rarely block or report. Keep sending relevant, expected messages to opted-in customers.',
  YELLOW: 'Medium quality: more recipients block or report than before. A drop to Low flags the number and stops limit increases: slow down the template with the most blocks.',
  RED: 'Low quality: the number is flagged and its messaging limit may be lowered. Pause business-initiated campaigns and fix targeting and content first.',
};

async function loadHistory(input: Record<string, unknown>): Promise<{ ok: true; data: HistoryAnswer } | { ok: false; error: any }> {
  let cursor: string | undefined;
  const entries: Entry[] = [];
  let first: HistoryAnswer | undefined;
  for (let page = 0; page < MAX_PAGES; page++) {
    const r = await callAction<HistoryAnswer>('get_quality_history', { ...input, limit: 100, ...(cursor ? { cursor } : {}) });
    if (!r.ok) return r;
    first ??= r.data;
    entries.push(...r.data.entries);
    if (!r.data.nextCursor) break;
    cursor = r.data.nextCursor;
  }
  return { ok: true, data: { ...first!, entries } };
}

export function QualityView({ query }: { query: URLSearchParams }) {
  const phone = query.get('phone') ?? '';
  const template = query.get('template') ?? '';
  const templates = useAction<{ templates: CatalogRow[] }>('list_templates', {}).result;
  const list = templates?.ok ? templates.data.templates : [];
  const [phoneDraft, setPhoneDraft] = useState(phone);
  useEffect(() => setPhoneDraft(phone), [phone]);
  return (
    <Page title="Quality">
      <form
        className="filters"
        onSubmit={(e) => {
          e.preventDefault();
          setQuery({ phone: phoneDraft.trim(), template: undefined });
        }}
      >
        <label>
          Phone number id (EUM or Meta)
          <input value={phoneDraft} onChange={(e) => setPhoneDraft(e.target.value)} placeholder="phone-number-id-…" style={{ width: 300 }} />
        </label>
        <button type="submit">Show phone number</button>
        <label>
          or a template
          <select value={template} onChange={(e) => setQuery({ template: e.target.value, phone: undefined })}>
            <option value="">—</option>
            {list.map((t) => (
              <option key={t.metaTemplateId} value={t.metaTemplateId}>
                {t.name} ({t.language})
              </option>
            ))}
          </select>
        </label>
      </form>
      {phone ? <QualitySubjectView key={`p:${phone}`} type="phone" id={phone} /> : template ? <QualitySubjectView key={`t:${template}`} type="template" id={template} template={list.find((t) => t.metaTemplateId === template)} /> : <p className="muted">Choose a phone number or a template.</p>}
    </Page>
  );
}

function QualitySubjectView({ type, id, template }: { type: 'phone' | 'template'; id: string; template?: CatalogRow }) {
  const [history, setHistory] = useState<Awaited<ReturnType<typeof loadHistory>>>();
  const [statusHistory, setStatusHistory] = useState<{ status: string; reason?: string; at: string }[]>([]);
  const [reading, setReading] = useState<{ busy: boolean; answer?: any; error?: any }>({ busy: false });
  const load = () => {
    void loadHistory(type === 'phone' ? { phoneNumberId: id } : { templateId: id }).then(setHistory);
    // A template's pauses and disables are statuses, not quality entries: they come from get_template.
    if (type === 'template') void callAction<{ history: { status: string; reason?: string; at: string }[] }>('get_template', { meta_template_id: id }).then((r) => r.ok && setStatusHistory(r.data.history));
  };
  useEffect(load, [type, id]);

  const rows = useMemo<Row[]>(() => {
    if (!history?.ok) return [];
    return [...history.data.entries]
      .sort((a, b) => a.occurredAt.localeCompare(b.occurredAt) || a.eventId.localeCompare(b.eventId))
      .map((e) => {
        const g = guidanceOf(e, type);
        return { ...e, t: Date.parse(e.occurredAt), tier: tierRank(e.currentLimit ?? undefined), ratingLevel: ratingRank(e.rating ?? undefined), alert: e.kind && e.kind !== 'observed' ? e.kind : alertOf(e), alertGuidance: g };
      });
  }, [history, type]);
  const pauses = statusHistory.filter((h) => ['PAUSED', 'DISABLED'].includes(h.status)).map((h) => ({ t: Date.parse(h.at), label: `${h.status.toLowerCase()}${h.reason ? ` (${h.reason})` : ''}` }));

  const now = Date.now();
  const last = rows[rows.length - 1];
  // The step line holds its last value until now.
  const series = last ? [...rows, { ...last, t: Math.max(now, last.t + 1000), alert: undefined, eventId: 'now' }] : [];
  const times = [...series.map((r) => r.t), ...pauses.map((p) => p.t)];
  const domain: [number, number] = times.length ? [Math.min(...times), Math.max(...times)] : [now - 1, now];
  const span = domain[1] - domain[0];
  const tick = (ms: number) => {
    const iso = new Date(ms).toISOString();
    return span < 2 * 86_400_000 ? iso.slice(11, 19) : iso.slice(5, 16).replace('T', ' ');
  };
  const bands = series.slice(0, -1).map((r, i) => ({ x1: r.t, x2: series[i + 1]!.t, rating: r.rating }));

  const read = async () => {
    setReading({ busy: true });
    const r = await callAction('get_quality_rating', { phoneNumberId: id });
    setReading(r.ok ? { busy: false, answer: r.data } : { busy: false, error: r.error });
    if (r.ok) load();
  };

  const columns: Column<Row>[] = [
    { key: 'occurredAt', label: 'When (UTC)', render: (r) => <Time at={r.occurredAt} /> },
    { key: 'event', label: 'Meta event' },
    { key: 'rating', label: 'Rating', render: (r) => <Badge value={r.rating} /> },
    { key: 'previousRating', label: 'Previous rating' },
    { key: 'currentLimit', label: 'Messaging limit' },
    { key: 'previousLimit', label: 'Previous limit' },
    { key: 'flagged', label: 'Flagged', value: (r) => (r.flagged === null || r.flagged === undefined ? '' : r.flagged ? 'yes' : 'no') },
    { key: 'alert', label: 'Alert', render: (r) => (r.alert ? <strong>{r.alert}</strong> : '') },
    { key: 'source', label: 'Source' },
  ];
  const current = history?.ok ? history.data.current : null;
  const currentGuidance = rows.length ? [...rows].reverse().find((r) => r.alertGuidance)?.alertGuidance : undefined;
  const label = type === 'phone' ? `phone number ${id}` : template ? `template ${template.name} (${template.language})` : `template ${id}`;

  return (
    <>
      <section className="panel quality-now" aria-label="Current value">
        <div>
          <h2 style={{ marginTop: 0 }}>{label}</h2>
          <dl className="kv">
            <dt>Rating</dt>
            <dd data-testid="current-rating">
              <Badge value={current?.rating} />
            </dd>
            <dt>Messaging limit</dt>
            <dd>{current?.currentLimit ?? '—'}</dd>
            <dt>Flagged</dt>
            <dd>{current?.flagged ? 'yes' : current?.flagged === false ? 'no' : '—'}</dd>
            <dt>Last change</dt>
            <dd>
              <Time at={current?.occurredAt} />
            </dd>
          </dl>
          {type === 'phone' && (
            <div className="toolbar">
              <button type="button" onClick={() => void read()} disabled={reading.busy}>
                {reading.busy ? 'Reading…' : 'Read current value now'}
              </button>
              {reading.answer && (
                <span role="status">
                  EUM says <Badge value={reading.answer.qualityRating} />, limit {reading.answer.messagingLimit ?? '—'} {reading.answer.recorded ? '(a change: recorded in the history)' : '(same as stored)'}
                </span>
              )}
            </div>
          )}
          {reading.error && <ErrorBanner error={reading.error} />}
        </div>
        <div className="guidance" data-testid="quality-guidance">
          <h3>What this means</h3>
          {current?.rating && RATING_MEANING[current.rating.toUpperCase()] && <p>{RATING_MEANING[current.rating.toUpperCase()]}</p>}
          {currentGuidance && (
            <div className={`banner ${currentGuidance.severity === 'critical' ? 'banner-bad' : currentGuidance.severity === 'warning' ? 'banner-wait' : 'banner-info'}`}>
              <strong>Latest alert:</strong> {currentGuidance.meaning}
              <ul>
                {currentGuidance.actions.slice(0, 4).map((a, i) => (
                  <li key={i}>{a}</li>
                ))}
              </ul>
            </div>
          )}
          {!current && <p className="muted">Nothing recorded for this subject yet.</p>}
        </div>
      </section>
      {history && !history.ok && <ErrorBanner error={history.error} />}
      <ChartWithTable
        title="Rating and messaging limit over time"
        description={`step line: the messaging limit; background: the rating (green, yellow, red); vertical lines: the alerts${type === 'template' ? ' and pauses' : ''}`}
        rows={rows}
        columns={columns}
        csvName={`quality-${type}-${id}`}
        height={320}
        rowKey={(r) => r.eventId}
        legend={
          <div className="chart-legend" aria-hidden="true">
            {Object.entries(RATING_COLOR).map(([k, c]) => (
              <span key={k}>
                <span className="swatch" style={{ background: c, opacity: 0.35 }} /> rating {k.toLowerCase()}
              </span>
            ))}
            <span>
              <span className="swatch" style={{ background: CHART_COLORS.blue }} /> messaging limit
            </span>
            <span>
              <span className="swatch" style={{ background: CHART_COLORS.red }} /> alert
            </span>
          </div>
        }
      >
        <ComposedChart data={series} margin={{ top: 28, right: 24, bottom: 8, left: 24 }}>
          <CartesianGrid strokeDasharray="3 3" stroke="#e5e7eb" />
          {bands.map((b, i) => (
            <ReferenceArea key={`band-${i}`} x1={b.x1} x2={b.x2} yAxisId="tier" y1={0} y2={7.5} fill={RATING_COLOR[b.rating?.toUpperCase() ?? ''] ?? '#9ca3af'} fillOpacity={0.18} stroke="none" ifOverflow="hidden" />
          ))}
          <XAxis dataKey="t" type="number" scale="time" domain={domain} tickFormatter={tick} minTickGap={40} />
          <YAxis yAxisId="tier" domain={[0, 7.5]} ticks={[1, 2, 3, 4, 5, 6, 7]} tickFormatter={(v: number) => short(TIERS[v] ?? '')} width={80} label={{ value: 'messaging limit', angle: -90, position: 'insideLeft', offset: -8 }} />
          <Tooltip labelFormatter={(v) => new Date(Number(v)).toISOString().replace('T', ' ').slice(0, 19)} formatter={(v, n) => (n === 'messaging limit' ? TIERS[Number(v)] : v)} />
          <Line yAxisId="tier" type="stepAfter" dataKey="tier" name="messaging limit" stroke={CHART_COLORS.blue} strokeWidth={2.5} dot={{ r: 3 }} isAnimationActive={false} connectNulls />
          {rows
            .filter((r) => r.alert)
            .map((r) => (
              <ReferenceLine key={`alert-${r.eventId}`} x={r.t} yAxisId="tier" stroke={/upgrade|unflagged/.test(r.alert!) ? CHART_COLORS.green : CHART_COLORS.red} strokeDasharray="4 3" strokeWidth={2} label={alertLabel(r.alert!, 'end')} />
            ))}
          {pauses.map((p, i) => (
            <ReferenceLine key={`pause-${i}`} x={p.t} yAxisId="tier" stroke={CHART_COLORS.orange} strokeWidth={2} label={alertLabel(p.label, 'start')} />
          ))}
        </ComposedChart>
      </ChartWithTable>
      <section aria-labelledby="alerts-h">
        <h2 id="alerts-h">Alerts and what to do</h2>
        {rows.filter((r) => r.alertGuidance).length === 0 && pauses.length === 0 && <p className="muted">No alert recorded.</p>}
        <ul className="alert-list" data-testid="quality-alerts">
          {rows
            .filter((r) => r.alertGuidance)
            .map((r) => (
              <li key={r.eventId}>
                <Time at={r.occurredAt} /> <strong>{r.alert ?? r.event}</strong> — {r.alertGuidance!.meaning}
              </li>
            ))}
          {statusHistory
            .filter((h) => ['PAUSED', 'DISABLED'].includes(h.status))
            .map((h, i) => (
              <li key={`s-${i}`}>
                <Time at={h.at} /> <strong>{h.status.toLowerCase()}</strong> — see <a href={href(['templates', template?.name ?? '', template?.language ?? ''])}>the template&rsquo;s timeline</a> for what to do.
              </li>
            ))}
        </ul>
      </section>
    </>
  );
}
