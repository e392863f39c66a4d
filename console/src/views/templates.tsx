import './operator.css';
import { useEffect, useMemo, useState } from 'react';
import { guidanceFor } from '../../../functions/domain/templates/guidance';
import { href, navigate, setQuery } from '../router';
import { AnySelect, ErrorBanner, Page, Time, VirtualTable, HeaderRow } from '../ui';
import { callAction, useAction } from '../operator/action-call';
import { duration } from '../operator/format';
import { TemplatePreview } from './template-preview';

/** Meta reviews within 24 h and at most 48 h: the approval wait times out then (create_template's MAX_WAIT_SECONDS). */
export const REVIEW_TIMEOUT_MS = 48 * 3600 * 1000;

export interface CatalogRow {
  metaTemplateId: string;
  name: string;
  language: string;
  category?: string;
  status: string;
  reason?: string | null;
  statusAt: string;
  version: number;
  origin: string;
  createdAt: string;
  updatedAt: string;
  deletedAt?: string;
  /** The template's current quality score, when the action gives it (else read per template from get_quality_history). */
  quality?: { rating: string; at: string } | null;
  /** For a template in review: when it was submitted and when the 48 h wait gives up. */
  submittedAt?: string;
  reviewDeadline?: string;
}
interface HistoryItem {
  status: string;
  reason?: string | null;
  at: string;
  source: string;
  /** The submitted version the entry belongs to (from the action; counted here when absent). */
  version?: number;
}
interface VersionItem {
  version: number;
  submittedAt: string;
  status: string;
  components?: unknown[];
  current?: boolean;
}
interface TemplateAnswer {
  template: CatalogRow & { components?: unknown[]; parameterFormat?: string; guidance?: string; wabaId?: string };
  history: HistoryItem[];
  versions?: VersionItem[];
}

const TEMPLATE_STATUS_CLASS: Record<string, string> = {
  APPROVED: 'ok',
  REJECTED: 'bad',
  DISABLED: 'bad',
  PENDING: 'wait',
  IN_APPEAL: 'wait',
  PAUSED: 'warn',
  LIMIT_EXCEEDED: 'warn',
  PENDING_DELETION: 'muted',
  DELETED: 'muted',
  GREEN: 'ok',
  YELLOW: 'wait',
  RED: 'bad',
};

/** A status or rating with its word, never colour alone. */
export function Badge({ value }: { value: string | null | undefined }) {
  if (!value) return <span className="muted">—</span>;
  return <span className={`status status-${TEMPLATE_STATUS_CLASS[value.toUpperCase()] ?? 'muted'}`}>{value.toLowerCase().replace(/_/g, ' ')}</span>;
}

export const templateHref = (t: { name: string; language: string }, extra?: string) => href(['templates', t.name, t.language, ...(extra ? [extra] : [])]);

const FILTERS = ['status', 'category', 'language', 'q'] as const;

export function TemplatesView({ query }: { query: URLSearchParams }) {
  const filters = Object.fromEntries(FILTERS.map((f) => [f, query.get(f) ?? ''])) as Record<(typeof FILTERS)[number], string>;
  const input = {
    ...(filters.status ? { status: filters.status } : {}),
    ...(filters.category ? { category: filters.category } : {}),
    ...(filters.language ? { language: filters.language } : {}),
    ...(filters.q ? { name_prefix: filters.q } : {}),
  };
  const { result } = useAction<{ templates: CatalogRow[]; count: number }>('list_templates', input, ['bus-event']);
  const all = useAction<{ templates: CatalogRow[] }>('list_templates', {}, ['bus-event']).result;
  const templates = result?.ok ? result.data.templates : [];
  const everything = all?.ok ? all.data.templates : [];
  const quality = useTemplateQuality(templates);
  const languages = [...new Set(everything.map((t) => t.language))].sort();
  const pending = everything.filter((t) => t.status === 'PENDING' || t.status === 'IN_APPEAL');
  return (
    <Page
      title="Templates"
      actions={
        <a className="button primary" href={href(['templates', 'new'])}>
          New template
        </a>
      }
    >
      <ReviewsWaiting pending={pending} />
      <h2>Catalogue</h2>
      <search>
        <form className="filters" onSubmit={(e) => e.preventDefault()}>
          <AnySelect
            label="Status"
            value={filters.status}
            options={['APPROVED', 'PENDING', 'REJECTED', 'PAUSED', 'DISABLED', 'IN_APPEAL', 'PENDING_DELETION', 'DELETED']}
            onChange={(status) => setQuery({ status })}
          />
          <AnySelect label="Category" value={filters.category} options={['MARKETING', 'UTILITY', 'AUTHENTICATION']} onChange={(category) => setQuery({ category })} />
          <AnySelect label="Language" value={filters.language} options={languages} onChange={(language) => setQuery({ language })} />
          <label>
            Name starts with
            <input value={filters.q} onChange={(e) => setQuery({ q: e.target.value })} />
          </label>
          <span className="muted">{result?.ok ? `${templates.length} template${templates.length === 1 ? '' : 's'}` : 'loading…'}</span>
        </form>
      </search>
      {result && !result.ok && <ErrorBanner error={result.error} />}
      {result?.ok && templates.length === 0 ? (
        <p className="empty">No template matches these filters.</p>
      ) : (
        <VirtualTable
          rows={templates}
          label="Template catalogue"
          height={`min(calc(100vh - 330px), ${(templates.length + 1) * 30 + 4}px)`}
          header={<HeaderRow columns={['Name', 'Language', 'Status', 'Category', 'Quality', 'Version', 'Origin', 'Status since']} />}
          renderRow={(t) => (
            <tr key={t.metaTemplateId} className="clickable" onClick={() => navigate(['templates', t.name, t.language])} data-template={t.name}>
              <td>
                <a href={templateHref(t)} onClick={(e) => e.stopPropagation()}>
                  {t.name}
                </a>
              </td>
              <td>{t.language}</td>
              <td>
                <Badge value={t.status} />
                {t.reason && <span className="muted"> {t.reason}</span>}
              </td>
              <td>{t.category ?? '—'}</td>
              <td>
                <Badge value={t.quality !== undefined ? t.quality?.rating : quality[t.metaTemplateId]} />
              </td>
              <td>v{t.version}</td>
              <td>{t.origin}</td>
              <td>
                <Time at={t.statusAt} />
              </td>
            </tr>
          )}
        />
      )}
    </Page>
  );
}

/** Each template's current quality rating (get_quality_history, newest entry) unless the list already carries it. */
function useTemplateQuality(templates: CatalogRow[]): Record<string, string | null> {
  const [ratings, setRatings] = useState<Record<string, string | null>>({});
  const ids = templates
    .filter((t) => t.quality === undefined)
    .map((t) => t.metaTemplateId)
    .slice(0, 100)
    .join(',');
  useEffect(() => {
    if (!ids) return;
    let live = true;
    void Promise.all(
      ids.split(',').map(async (id) => {
        const r = await callAction<{ current: { rating: string | null } | null }>('get_quality_history', { templateId: id, limit: 1 });
        return [id, r.ok ? (r.data.current?.rating ?? null) : null] as const;
      }),
    ).then((pairs) => live && setRatings(Object.fromEntries(pairs)));
    return () => {
      live = false;
    };
  }, [ids]);
  return ratings;
}

/** The reviews waiting now, each with its elapsed time against the 48 h timeout. */
function ReviewsWaiting({ pending }: { pending: CatalogRow[] }) {
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(t);
  }, []);
  return (
    <section aria-labelledby="reviews-waiting" className="panel" style={{ marginBottom: 12 }}>
      <h2 id="reviews-waiting" style={{ marginTop: 0 }}>
        Reviews waiting now ({pending.length})
      </h2>
      {pending.length === 0 ? (
        <p className="muted" style={{ margin: 0 }}>
          No template is in review.
        </p>
      ) : (
        <ul className="reviews">
          {pending.map((t) => {
            const since = Date.parse(t.submittedAt ?? t.statusAt);
            const deadline = t.reviewDeadline ? Date.parse(t.reviewDeadline) : since + REVIEW_TIMEOUT_MS;
            const elapsed = now - since;
            const share = Math.min(1, Math.max(0, elapsed / REVIEW_TIMEOUT_MS));
            return (
              <li key={t.metaTemplateId} data-review={t.name}>
                <a href={templateHref(t)}>
                  {t.name} ({t.language}) v{t.version}
                </a>
                <div
                  className="review-bar"
                  role="progressbar"
                  aria-label={`${t.name}: time in review`}
                  aria-valuemin={0}
                  aria-valuemax={48}
                  aria-valuenow={Math.round(elapsed / 3_600_000)}
                  aria-valuetext={`${duration(elapsed)} of 48 h`}
                >
                  <span style={{ width: `${share * 100}%` }} className={share > 0.5 ? 'late' : undefined} />
                </div>
                <span>
                  {duration(elapsed)} of 48 h · times out at <Time at={deadline} />
                </span>{' '}
                <a href={href(['executions'], { machine: 'template-approval', q: t.name })}>approval wait</a>
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}

// ------------------------------------------------------------------------------- one template

interface TimelineItem {
  at: string;
  status: string;
  title: string;
  source: string;
  reason?: string;
  guidance?: string;
  version?: number;
  submission?: boolean;
}

/**
 * The stored status history read as a story: every submission by this project opens a version
 * (the first is "submitted", later ones are edits), Meta's outcomes close it.
 */
export function timelineOf(history: HistoryItem[]): TimelineItem[] {
  let version = 0;
  const items: TimelineItem[] = [];
  const sorted = [...history].sort((a, b) => a.at.localeCompare(b.at) || (a.status === 'PENDING' ? -1 : b.status === 'PENDING' ? 1 : 0));
  for (const h of sorted) {
    const last = items[items.length - 1];
    const submission = h.status === 'PENDING' && (h.source === 'api' || (h.version !== undefined && h.version !== last?.version));
    // The same status seen again by another path (webhook, then poll or sync) is one step, seen twice.
    if (!submission && last && last.status === h.status && (last.reason ?? '') === (h.reason ?? '')) {
      if (!last.source.split(', ').includes(h.source)) last.source += `, ${h.source}`;
      continue;
    }
    if (submission || (version === 0 && h.status === 'PENDING')) version += 1;
    const v = h.version ?? Math.max(version, 1);
    const title = submission ? (v === 1 ? `Submitted for review (v1)` : `Edited: v${v} submitted for review`) : (TITLES[h.status] ?? h.status.toLowerCase().replace(/_/g, ' '));
    items.push({
      at: h.at,
      status: h.status,
      title,
      source: h.source,
      reason: h.reason ?? undefined,
      guidance: guidanceFor(h.status, h.reason ?? undefined),
      version: v,
      submission,
    });
  }
  return items;
}

const TITLES: Record<string, string> = {
  APPROVED: 'Approved by Meta',
  REJECTED: 'Rejected by Meta',
  PAUSED: 'Paused by Meta',
  DISABLED: 'Disabled by Meta',
  PENDING: 'In review',
  IN_APPEAL: 'In appeal',
  PENDING_DELETION: 'Deletion requested',
  DELETED: 'Deleted',
  LIMIT_EXCEEDED: 'Template limit exceeded',
  REINSTATED: 'Reinstated',
  FLAGGED: 'Flagged',
};

/** One template, by name and language (`#/templates/<name>/<language>`) or by Meta's id (`#/templates/by-id/<metaTemplateId>`: a name never has a hyphen). */
export function TemplateView({ name, language, metaTemplateId, query }: { name?: string; language?: string; metaTemplateId?: string; query: URLSearchParams }) {
  const { result } = useAction<TemplateAnswer>('get_template', metaTemplateId ? { meta_template_id: metaTemplateId } : { name, language }, ['bus-event', 'execution']);
  const execution = query.get('execution');
  const data = result?.ok ? result.data : undefined;
  const t = data?.template;
  const items = useMemo(() => (data ? timelineOf(data.history) : []), [data]);
  return (
    <Page
      title={
        <>
          <a href={href(['templates'])}>Templates</a> / {t?.name ?? name ?? metaTemplateId} <span className="muted">({t?.language ?? language ?? '…'})</span>
        </>
      }
      actions={
        t && (
          <>
            <a className="button" href={templateHref(t, 'edit')}>
              Edit (new version)
            </a>
            <a className="button" href={href(['quality'], { template: t.metaTemplateId })}>
              Quality
            </a>
            <a className="button" href={href(['executions'], { machine: 'template-approval', q: t.name })}>
              Approval waits
            </a>
          </>
        )
      }
    >
      {result && !result.ok && <ErrorBanner error={result.error} />}
      {!result && <p className="muted">Loading…</p>}
      {t && (
        <>
          {execution && <ApprovalFollow status={t.status} execution={execution} statusAt={t.statusAt} />}
          <div className="template-head panel">
            <dl className="kv">
              <dt>Status</dt>
              <dd>
                <Badge value={t.status} /> {t.reason && <strong>{t.reason}</strong>} since <Time at={t.statusAt} />
              </dd>
              <dt>Category</dt>
              <dd>{t.category ?? '—'}</dd>
              <dt>Version</dt>
              <dd>v{t.version}</dd>
              <dt>Meta template id</dt>
              <dd className="mono">{t.metaTemplateId}</dd>
              <dt>Origin</dt>
              <dd>{t.origin}</dd>
            </dl>
            {t.guidance && (
              <div className={`banner ${t.status === 'REJECTED' || t.status === 'DISABLED' ? 'banner-bad' : 'banner-wait'}`} data-testid="template-guidance">
                <strong>What to do:</strong> {t.guidance}
              </div>
            )}
          </div>
          <div className="split-wide">
            <section aria-labelledby="timeline-h">
              <h2 id="timeline-h">Status timeline</h2>
              <ol className="status-timeline" data-testid="template-timeline">
                {items.map((i, k) => (
                  // biome-ignore lint/suspicious/noArrayIndexKey: an immutable snapshot from the API, re-rendered whole; its entries have no identity of their own (texts and timestamps may repeat)
                  <li key={k} className={`stl-item stl-${TEMPLATE_STATUS_CLASS[i.status] ?? 'muted'}`} data-status={i.status}>
                    <span className="stl-dot" aria-hidden="true" />
                    <div className="stl-when">
                      <Time at={i.at} />
                    </div>
                    <div className="stl-body">
                      <div>
                        <strong>{i.title}</strong> <Badge value={i.status} />{' '}
                        <span className="muted">
                          v{i.version} · from {i.source}
                        </span>
                      </div>
                      {i.reason && (
                        <div>
                          Meta&rsquo;s reason: <strong className="stl-reason">{i.reason}</strong>
                        </div>
                      )}
                      {i.guidance && <div className="stl-guidance">What to do: {i.guidance}</div>}
                      {i.submission && data?.versions?.find((v) => v.version === i.version)?.components && (
                        <details>
                          <summary>What v{i.version} said</summary>
                          <TemplatePreview components={data.versions.find((v) => v.version === i.version)!.components} label={`Version ${i.version} preview`} />
                        </details>
                      )}
                    </div>
                  </li>
                ))}
                {items.length === 0 && <li className="muted">No status recorded yet.</li>}
              </ol>
            </section>
            <section aria-labelledby="preview-h">
              <h2 id="preview-h">Current version (v{t.version})</h2>
              {t.components ? (
                <TemplatePreview components={t.components} label="Current version preview" />
              ) : (
                <p className="muted">Built elsewhere: its components are at Meta (sync keeps status only).</p>
              )}
            </section>
          </div>
        </>
      )}
    </Page>
  );
}

/** After a submit: the approval wait, followed live (the page reloads on the stream, or polls). */
function ApprovalFollow({ status, execution, statusAt }: { status: string; execution: string; statusAt: string }) {
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(t);
  }, []);
  const done = status !== 'PENDING' && status !== 'IN_APPEAL';
  return (
    <div className={`banner ${done ? (status === 'APPROVED' ? 'banner-ok' : 'banner-bad') : 'banner-wait'}`} role="status" data-testid="approval-follow">
      {done ? (
        <>
          Review finished: <Badge value={status} />.{' '}
        </>
      ) : (
        <>Waiting for Meta&rsquo;s review: {duration(now - Date.parse(statusAt))} of 48 h. This page updates by itself. </>
      )}
      <a href={href(['executions', execution])}>The approval wait&rsquo;s execution</a>
    </div>
  );
}
