import { useEffect, useMemo, useState } from 'react';
import { CartesianGrid, ComposedChart, Line, ReferenceArea, ReferenceLine, Tooltip, XAxis, YAxis } from 'recharts';
import { entryGuidance } from '../../../functions/domain/quality/entry-kind';
import type { Guidance } from '../../../functions/domain/quality/guidance';
import { ratingRank, tierRank, type QualityEntry } from '../../../functions/domain/quality/model';
import { CHART_COLORS, ChartWithTable, type Column } from '../charts';
import { href, setQuery } from '../router';
import { ErrorBanner, Page, Time } from '../ui';
import { callAction, useAction } from '../operator/action-call';
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
  /** What the entry was and the guidance for the state it led to: from the action, or derived here by the same domain code. */
  kind?: string;
  guidance?: EntryGuidance | null;
}
type EntryGuidance = Pick<Guidance, 'severity' | 'meaning' | 'actions'> & { alert?: string };
interface StatusEvent {
  at: string;
  status: string;
  reason: string | null;
  kind: string;
  guidance: string | null;
}
interface HistoryAnswer {
  subject: { type: 'phone' | 'template'; id?: string; name?: string };
  current: Entry | null;
  entries: Entry[];
  nextCursor: string | null;
  /** A template's pauses, disables… (status changes) beside its score. */
  statusEvents?: StatusEvent[];
}
interface Row extends Entry {
  t: number;
  /** The limit and rating in force after this entry (carried from earlier entries when it states none). */
  tier?: number;
  effectiveRating: string | null;
  /** 1 RED, 2 YELLOW, 3 GREEN (the rating's step series). */
  ratingLevel?: number;
  alert?: string;
  guidance: EntryGuidance | null;
}

const RATINGS = ['', 'RED', 'YELLOW', 'GREEN'];
const TIERS = ['', 'TIER_50', 'TIER_250', 'TIER_1K', 'TIER_2K', 'TIER_10K', 'TIER_100K', 'TIER_UNLIMITED'];
const RATING_COLOR: Record<string, string> = { GREEN: CHART_COLORS.green, YELLOW: '#ca8a04', RED: CHART_COLORS.red };
/** Both series of the history chart: a value holds until the next change, every change a dot. */
const STEP_LINE = { type: 'stepAfter', dot: { r: 3 }, isAnimationActive: false, connectNulls: true } as const;
const MAX_PAGES = 10;

const short = (tier: string) => tier.replace('TIER_', '');

/** The entry's kind and guidance as the action gives them; derived by the same domain code when it does not (an older stack). */
function classify(e: Entry, subject: 'phone' | 'template'): { kind: string; guidance: EntryGuidance | null } {
  if (e.kind !== undefined && e.guidance !== undefined) return { kind: e.kind, guidance: e.guidance };
  const domainEntry = { ...e, subject: { type: subject, id: '' }, receivedAt: e.occurredAt, recordedAt: e.occurredAt } as unknown as QualityEntry;
  for (const k of ['rating', 'previousRating', 'currentLimit', 'previousLimit', 'event', 'flagged'] as const) if (domainEntry[k] === null) delete domainEntry[k];
  return entryGuidance(domainEntry, subject);
}

/** A marker's label: the kind, and what changed (`downgrade: limit 1K→250`). */
function alertLabel(e: Entry, kind: string): string | undefined {
  if (kind === 'observed') return undefined;
  const what = kind.replace(/_/g, ' ');
  if (e.previousLimit && e.currentLimit && e.previousLimit !== e.currentLimit) return `${what}: limit ${short(e.previousLimit)}→${short(e.currentLimit)}`;
  if (e.previousRating && e.rating && e.previousRating !== e.rating) return `${what}: rating ${e.previousRating}→${e.rating}`;
  return what;
}

/** An alert's label at the top of its line (a class the tests and styles find it by). */
function AlertLabel({ text, anchor, row, viewBox }: { text: string; anchor: 'start' | 'end'; row: number; viewBox?: { x?: number; y?: number } }) {
  const x = viewBox?.x ?? 0;
  const y = viewBox?.y ?? 0;
  // Labels of alerts close in time go on different rows; a white outline keeps them legible over the bands.
  return (
    <text
      x={anchor === 'end' ? x - 5 : x + 5}
      y={y + 14 + (row % 4) * 16}
      textAnchor={anchor}
      className="quality-alert-label"
      fill="#111827"
      stroke="#fff"
      strokeWidth={3}
      paintOrder="stroke"
      fontSize={12}
      fontWeight={600}
    >
      {text}
    </text>
  );
}

/** The limit and rating before the first entry: what the first entry that names one changed from. */
function limitBefore(sorted: Entry[]): string | null {
  const first = sorted.find((e) => e.previousLimit || e.currentLimit);
  return first?.previousLimit ?? first?.currentLimit ?? null;
}
function ratingBefore(sorted: Entry[]): string | null {
  const first = sorted.find((e) => e.previousRating || e.rating);
  return first?.previousRating ?? first?.rating ?? null;
}

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

/** A row of list_phone_numbers. */
interface LinkedPhone {
  phoneNumberId: string;
  eumPhoneNumberId: string;
  displayPhoneNumber: string | null;
  displayPhoneNumberName: string | null;
  qualityRating: string | null;
  wabaName: string | null;
}

export function QualityView({ query }: { query: URLSearchParams }) {
  const phone = query.get('phone') ?? '';
  const template = query.get('template') ?? '';
  const templates = useAction<{ templates: CatalogRow[] }>('list_templates', {}).result;
  const list = templates?.ok ? templates.data.templates : [];
  const [phoneDraft, setPhoneDraft] = useState(phone);
  useEffect(() => setPhoneDraft(phone), [phone]);
  // The numbers linked to EUM Social (list_phone_numbers); an id can still be typed when the list cannot be read.
  const phones = useAction<{ phoneNumbers: LinkedPhone[] }>('list_phone_numbers', {}).result;
  const linked = phones?.ok ? phones.data.phoneNumbers : [];
  const onlyPhone = linked.length === 1 ? linked[0]!.phoneNumberId : undefined;
  useEffect(() => {
    if (!phone && !template && onlyPhone) setQuery({ phone: onlyPhone });
  }, [phone, template, onlyPhone]);
  return (
    <Page title="Quality">
      {linked.length > 0 && (
        <fieldset className="phone-picker" data-testid="phone-picker">
          <legend>Linked phone numbers (EUM's rating now)</legend>
          {linked.map((p) => (
            <button
              key={p.eumPhoneNumberId}
              type="button"
              aria-pressed={phone === p.phoneNumberId || phone === p.eumPhoneNumberId}
              title={`Meta id ${p.phoneNumberId}, EUM id ${p.eumPhoneNumberId}${p.wabaName ? `, WABA ${p.wabaName}` : ''}`}
              onClick={() => setQuery({ phone: p.phoneNumberId, template: undefined })}
            >
              {p.displayPhoneNumber ?? p.phoneNumberId}
              {p.displayPhoneNumberName ? ` · ${p.displayPhoneNumberName}` : ''} <Badge value={p.qualityRating} />
            </button>
          ))}
        </fieldset>
      )}
      {phones && !phones.ok && <ErrorBanner error={phones.error} />}
      <form
        className="filters"
        onSubmit={(e) => {
          e.preventDefault();
          setQuery({ phone: phoneDraft.trim(), template: undefined });
        }}
      >
        <label>
          {linked.length ? 'or type a phone number id (EUM or Meta)' : 'Phone number id (EUM or Meta)'}
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
      {phone ? (
        <QualitySubjectView key={`p:${phone}`} type="phone" id={phone} />
      ) : template ? (
        <QualitySubjectView key={`t:${template}`} type="template" id={template} template={list.find((t) => t.metaTemplateId === template)} />
      ) : (
        <p className="muted">Choose a phone number or a template.</p>
      )}
    </Page>
  );
}

function QualitySubjectView({ type, id, template }: { type: 'phone' | 'template'; id: string; template?: CatalogRow }) {
  const [history, setHistory] = useState<Awaited<ReturnType<typeof loadHistory>>>();
  const [reading, setReading] = useState<{ busy: boolean; answer?: any; error?: any }>({ busy: false });
  const load = () => {
    void loadHistory(type === 'phone' ? { phoneNumberId: id } : { templateId: id }).then(setHistory);
  };
  useEffect(load, [type, id]);

  const rows = useMemo<Row[]>(() => {
    if (!history?.ok) return [];
    const sorted = [...history.data.entries].sort((a, b) => a.occurredAt.localeCompare(b.occurredAt) || a.eventId.localeCompare(b.eventId));
    // An entry that states no limit (a rating read) keeps the one before it; before the first stated
    // limit, the line shows the limit the first change came from.
    let limit = limitBefore(sorted);
    let rating = ratingBefore(sorted);
    return sorted.map((e) => {
      limit = e.currentLimit ?? limit;
      rating = e.rating ?? rating;
      const { kind, guidance } = classify(e, type);
      return {
        ...e,
        kind,
        guidance,
        t: Date.parse(e.occurredAt),
        tier: tierRank(limit ?? undefined),
        effectiveRating: rating,
        ratingLevel: ratingRank(rating ?? undefined),
        alert: alertLabel(e, kind),
      };
    });
  }, [history, type]);
  const statusEvents = (history?.ok ? (history.data.statusEvents ?? []) : []).filter((h) => h.kind !== 'rejected');
  const pauses = statusEvents.map((h) => ({ t: Date.parse(h.at), label: `${h.kind}${h.reason ? ` (${h.reason})` : ''}` }));

  const now = Date.now();
  const first = rows[0];
  const last = rows[rows.length - 1];
  const times = [...rows.map((r) => r.t), ...pauses.map((p) => p.t), now];
  const end = Math.max(...times);
  const start = Math.min(...times);
  // Room before the first change, where the line shows the state it changed from.
  const domain: [number, number] = [start - Math.max(0.2 * (end - start), 1000), end];
  const span = domain[1] - domain[0];
  const series: Row[] =
    first && last
      ? [
          {
            ...first,
            t: domain[0],
            tier: tierRank(limitBefore(rows) ?? undefined),
            effectiveRating: ratingBefore(rows) ?? first.effectiveRating,
            ratingLevel: ratingRank(ratingBefore(rows) ?? first.effectiveRating ?? undefined),
            alert: undefined,
            eventId: 'before',
          },
          ...rows,
          // The step line holds its last value until now.
          { ...last, t: domain[1], alert: undefined, eventId: 'now' },
        ]
      : [];
  // A template has a score but no messaging limit: its chart is the rating alone.
  const hasLimit = rows.some((r) => r.tier !== undefined);
  const refAxis = hasLimit ? 'tier' : 'rating';
  const refTop = hasLimit ? 7.5 : 3.5;
  const side = (t: number): 'start' | 'end' => ((t - domain[0]) / span < 0.6 ? 'start' : 'end');
  const tick = (ms: number) => {
    const iso = new Date(ms).toISOString();
    return span < 60_000 ? iso.slice(11, 23) : span < 2 * 86_400_000 ? iso.slice(11, 19) : iso.slice(5, 16).replace('T', ' ');
  };
  const bands = series.slice(0, -1).map((r, i) => ({ x1: r.t, x2: series[i + 1]!.t, rating: r.effectiveRating }));
  const alerts = rows.filter((r) => r.alert);

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
  const latestAlert = [...rows].reverse().find((r) => r.alert && r.guidance);
  const currentState = current ? classify(current, type).guidance : null;
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
                  EUM says <Badge value={reading.answer.qualityRating} />, limit {reading.answer.messagingLimit ?? '—'}{' '}
                  {reading.answer.recorded ? '(a change: recorded in the history)' : '(same as stored)'}
                </span>
              )}
            </div>
          )}
          {reading.error && <ErrorBanner error={reading.error} />}
        </div>
        <div className="guidance" data-testid="quality-guidance">
          <h3>What this means</h3>
          {currentState && !currentState.alert && (
            <p>
              {currentState.meaning} {currentState.actions.join(' ')}
            </p>
          )}
          {latestAlert?.guidance && (
            <div className={`banner ${latestAlert.guidance.severity === 'critical' ? 'banner-bad' : latestAlert.guidance.severity === 'warning' ? 'banner-wait' : 'banner-info'}`}>
              <strong>
                Latest alert ({latestAlert.alert}, <Time at={latestAlert.occurredAt} />
                ):
              </strong>{' '}
              {latestAlert.guidance.meaning}
              <ul>
                {latestAlert.guidance.actions.slice(0, 4).map((a, i) => (
                  // biome-ignore lint/suspicious/noArrayIndexKey: an immutable snapshot from the API, re-rendered whole; its entries have no identity of their own (texts and timestamps may repeat)
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
        title={hasLimit || type === 'phone' ? 'Rating and messaging limit over time' : 'Quality score over time'}
        description={`${hasLimit ? 'blue step line: the messaging limit; ' : ''}dashed step line and background: the rating (green, yellow, red); vertical lines: the alerts${type === 'template' ? ' and pauses' : ''}`}
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
            {hasLimit && (
              <span>
                <span className="swatch" style={{ background: CHART_COLORS.blue }} /> messaging limit
              </span>
            )}
            <span>
              <span className="swatch" style={{ background: CHART_COLORS.grey }} /> rating (dashed)
            </span>
            <span>
              <span className="swatch" style={{ background: CHART_COLORS.red }} /> alert
            </span>
          </div>
        }
      >
        <ComposedChart data={series} margin={{ top: 12, right: 24, bottom: 8, left: 24 }}>
          <CartesianGrid strokeDasharray="3 3" stroke="#e5e7eb" />
          {bands.map((b) => (
            <ReferenceArea
              key={`band-${b.x1}-${b.x2}`}
              x1={b.x1}
              x2={b.x2}
              yAxisId={refAxis}
              y1={0}
              y2={refTop}
              fill={RATING_COLOR[b.rating?.toUpperCase() ?? ''] ?? '#9ca3af'}
              fillOpacity={0.18}
              stroke="none"
              ifOverflow="hidden"
            />
          ))}
          <XAxis dataKey="t" type="number" scale="time" domain={domain} tickFormatter={tick} minTickGap={40} />
          {hasLimit && (
            <YAxis
              yAxisId="tier"
              domain={[0, 7.5]}
              ticks={[1, 2, 3, 4, 5, 6, 7]}
              tickFormatter={(v: number) => short(TIERS[v] ?? '')}
              width={80}
              label={{ value: 'messaging limit', angle: -90, position: 'insideLeft', offset: -8 }}
            />
          )}
          <YAxis
            yAxisId="rating"
            orientation={hasLimit ? 'right' : 'left'}
            domain={[0, 3.5]}
            ticks={[1, 2, 3]}
            tickFormatter={(v: number) => RATINGS[v] ?? ''}
            width={70}
            label={{ value: 'rating', angle: -90, position: hasLimit ? 'insideRight' : 'insideLeft', offset: hasLimit ? 0 : -2 }}
          />
          <Tooltip
            labelFormatter={(v) => new Date(Number(v)).toISOString().replace('T', ' ').slice(0, 19)}
            formatter={(v, n) => (n === 'messaging limit' ? TIERS[Number(v)] : n === 'rating' ? RATINGS[Number(v)] : v)}
          />
          {hasLimit && <Line {...STEP_LINE} yAxisId="tier" dataKey="tier" name="messaging limit" stroke={CHART_COLORS.blue} strokeWidth={2.5} />}
          <Line {...STEP_LINE} yAxisId="rating" dataKey="ratingLevel" name="rating" stroke={CHART_COLORS.grey} strokeWidth={2} strokeDasharray="6 3" />
          {alerts.map((r, i) => (
            <ReferenceLine
              key={`alert-${r.eventId}`}
              x={r.t}
              yAxisId={refAxis}
              stroke={/upgrade|unflagged/.test(r.alert!) ? CHART_COLORS.green : CHART_COLORS.red}
              strokeDasharray="4 3"
              strokeWidth={2}
              label={<AlertLabel text={r.alert!} anchor={side(r.t)} row={i} />}
            />
          ))}
          {pauses.map((p, i) => (
            <ReferenceLine
              // biome-ignore lint/suspicious/noArrayIndexKey: two pauses can share a time; the list is re-rendered whole
              key={`pause-${p.t}-${i}`}
              x={p.t}
              yAxisId={refAxis}
              stroke={CHART_COLORS.orange}
              strokeWidth={2}
              label={<AlertLabel text={p.label} anchor={side(p.t)} row={alerts.length + i} />}
            />
          ))}
        </ComposedChart>
      </ChartWithTable>
      <section aria-labelledby="alerts-h">
        <h2 id="alerts-h">Alerts and what to do</h2>
        {alerts.length === 0 && statusEvents.length === 0 && <p className="muted">No alert recorded.</p>}
        <ul className="alert-list" data-testid="quality-alerts">
          {alerts.map((r) => (
            <li key={r.eventId}>
              <Time at={r.occurredAt} /> <strong>{r.alert}</strong>
              {r.guidance ? <> — {r.guidance.meaning}</> : null}
            </li>
          ))}
          {statusEvents.map((h, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: derived from the history snapshot and re-rendered whole; no identity of their own
            <li key={`s-${i}`}>
              <Time at={h.at} /> <strong>{h.kind}</strong>
              {h.reason ? ` (${h.reason})` : ''} — {h.guidance ?? 'a template status change'}{' '}
              {template && <a href={href(['templates', template.name, template.language])}>timeline</a>}
            </li>
          ))}
        </ul>
      </section>
    </>
  );
}
