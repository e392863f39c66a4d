import { useCallback, useEffect, useRef, useState } from 'react';
import type { BusEventRecord } from '../../../local/bus/types';
import { api, type ApiError } from '../api';
import { href, setQuery } from '../router';
import { ErrorBanner, FieldError, Json, Page, Time, useLive, VirtualTable, HeaderRow, useDebouncedApply } from '../ui';

/** An event as the console server lists it: the local bus's own record (types only). */
export type EventRecord = BusEventRecord;
interface EventsPage {
  events: EventRecord[];
  total: number;
  detailTypes: string[];
  nextCursor?: string;
}

export const eventKey = (e: EventRecord) => String(e.detail?.eventId ?? e.id);

const NOT_SUMMARY = new Set(['eventId', 'occurredAt', 'receivedAt', 'wabaId', 'phoneNumberId', 'source', 'version']);
/** The few scalar fields that tell events of one type apart (status, template, amount…). */
export function summaryOf(detail: Record<string, unknown> | undefined): string {
  if (!detail || typeof detail !== 'object') return '';
  return Object.entries(detail)
    .filter(([k, v]) => !NOT_SUMMARY.has(k) && (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean'))
    .slice(0, 4)
    .map(([k, v]) => `${k}=${String(v).length > 24 ? `${String(v).slice(0, 24)}…` : String(v)}`)
    .join(' ');
}

/** Both buses, newest first, live; a pattern tester on the project's own matcher. */
export function EventsView({ query }: { query: URLSearchParams }) {
  const filters = { bus: query.get('bus') ?? '', detailType: query.get('detailType') ?? '', q: query.get('q') ?? '' };
  const selectedId = query.get('event') ?? '';
  const qs = new URLSearchParams(Object.entries(filters).filter(([, v]) => v)).toString();
  const [page, setPage] = useState<EventsPage>();
  const [error, setError] = useState<ApiError>();
  const [search, setSearch] = useState(filters.q);
  const more = useRef<string | undefined>(undefined);

  const load = useCallback(async () => {
    const r = await api<EventsPage>(`/console/api/events?${qs}&limit=500`);
    if (!r.ok) return setError(r.error);
    setError(undefined);
    more.current = r.data.nextCursor;
    setPage(r.data);
  }, [qs]);
  useEffect(() => void load(), [load]);
  useLive(['bus-event'], () => void load());
  const loadMore = useCallback(async () => {
    if (!more.current) return;
    const cursor = more.current;
    more.current = undefined;
    const r = await api<EventsPage>(`/console/api/events?${qs}&limit=500&cursor=${cursor}`);
    if (r.ok) {
      more.current = r.data.nextCursor;
      setPage((p) => (p ? { ...p, events: [...p.events, ...r.data.events] } : r.data));
    }
  }, [qs]);
  useDebouncedApply(search, filters.q, (q) => setQuery({ q: q || undefined }));

  const selected = page?.events.find((e) => eventKey(e) === selectedId || e.id === selectedId);
  return (
    <Page title="Events">
      <search>
        <form className="filters" onSubmit={(e) => e.preventDefault()}>
          <label>
            Bus
            <select value={filters.bus} onChange={(e) => setQuery({ bus: e.target.value || undefined })}>
              <option value="">both</option>
              <option value="custom">custom (eum-social)</option>
              <option value="default">default</option>
            </select>
          </label>
          <label>
            Detail type
            <select value={filters.detailType} onChange={(e) => setQuery({ detailType: e.target.value || undefined })}>
              <option value="">all</option>
              {(page?.detailTypes ?? []).map((t) => (
                <option key={t}>{t}</option>
              ))}
            </select>
          </label>
          <label style={{ flex: 1 }}>
            Search (id, detail)
            <input type="search" value={search} onChange={(e) => setSearch(e.target.value)} />
          </label>
          <span className="muted" aria-live="polite">
            {page ? `${page.total.toLocaleString()} event(s)` : error ? '' : 'loading…'}
          </span>
        </form>
      </search>
      <ErrorBanner error={error} />
      <div className="split">
        <VirtualTable
          label="Events"
          rows={page?.events ?? []}
          height={380}
          onNearEnd={loadMore}
          colWidths={['112px', '64px', '180px', 'auto', '150px']}
          header={<HeaderRow columns={['UTC time', 'Bus', 'Detail type', 'Summary', 'Event id']} />}
          renderRow={(e) => (
            <tr key={e.id} className={`clickable${selected === e ? ' selected' : ''}`} onClick={() => setQuery({ event: eventKey(e) })}>
              <td>
                <Time at={e.time} short />
              </td>
              <td>{e.bus}</td>
              <td>{e.detailType}</td>
              <td className="mono" title={summaryOf(e.detail)}>
                {summaryOf(e.detail)}
              </td>
              <td className="mono">
                <a href={href(['journey', eventKey(e)])} title={eventKey(e)}>
                  {eventKey(e)}
                </a>
              </td>
            </tr>
          )}
        />
        <div className="panel">
          {selected ? (
            <>
              <div className="toolbar">
                <strong>{selected.detailType}</strong>
                <a className="button" href={href(['journey', eventKey(selected)])}>
                  Open journey
                </a>
              </div>
              <Json value={selected.detail} label="event detail" maxHeight={300} />
            </>
          ) : (
            <p className="muted">Select an event to see its detail and open its journey.</p>
          )}
        </div>
      </div>
      <PatternTester initial={query.get('pattern') ?? ''} />
    </Page>
  );
}

function PatternTester({ initial }: { initial: string }) {
  const [text, setText] = useState(initial || '{\n  "detail-type": ["message.status"]\n}');
  const [error, setError] = useState<ApiError>();
  const [result, setResult] = useState<{ tested: number; matchCount: number; matches: EventRecord[] }>();
  const test = async () => {
    setQuery({ pattern: text });
    setError(undefined);
    setResult(undefined);
    let pattern: unknown;
    try {
      pattern = JSON.parse(text);
    } catch (err) {
      return setError({ error: 'ValidationError', message: `pattern: not JSON (${(err as Error).message})`, field: 'pattern' });
    }
    const r = await api<{ tested: number; matchCount: number; matches: EventRecord[] }>('/console/api/patterns/test', { body: { pattern } });
    if (!r.ok) return setError(r.error);
    setResult(r.data);
  };
  return (
    <section aria-labelledby="pattern-h">
      <h2 id="pattern-h">Pattern tester</h2>
      <div className="cols">
        <form
          className="field"
          onSubmit={(e) => {
            e.preventDefault();
            void test();
          }}
        >
          <label htmlFor="pattern">EventBridge event pattern (JSON)</label>
          <textarea id="pattern" rows={8} value={text} onChange={(e) => setText(e.target.value)} spellCheck={false} />
          <FieldError error={error} field="pattern" />
          <div>
            <button className="primary" type="submit">
              Test against recent events
            </button>
          </div>
        </form>
        <div aria-live="polite">
          {result && (
            <>
              <p>
                <strong data-testid="match-count">{result.matchCount}</strong> of {result.tested} recent events match.
              </p>
              <ul className="mono" style={{ maxHeight: 180, overflow: 'auto' }} tabIndex={0} aria-label="Matching events">
                {result.matches.slice(0, 50).map((e) => (
                  <li key={e.id}>
                    {e.detailType} <a href={href(['journey', eventKey(e)])}>{eventKey(e)}</a>
                  </li>
                ))}
              </ul>
            </>
          )}
        </div>
      </div>
    </section>
  );
}
