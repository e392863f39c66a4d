import { useCallback, useEffect, useRef, useState } from 'react';
import { api, type ApiError } from '../api';
import { href, navigate, setQuery } from '../router';
import { AnySelect, ErrorBanner, Page, Status, Time, useApi, useConsoleMode, useLive, VirtualTable, HeaderRow, useDebouncedApply } from '../ui';

export interface ExecutionItem {
  executionArn: string;
  stateMachine: string;
  name: string;
  status: string;
  startDate: string;
  stopDate?: string;
  error?: string;
  startedBy?: string;
  subject?: Record<string, unknown>;
}

interface Page_ {
  executions: ExecutionItem[];
  total: number;
  nextCursor?: string;
}

const STATUSES = ['RUNNING', 'SUCCEEDED', 'FAILED', 'TIMED_OUT', 'ABORTED', 'INTERRUPTED'];
const PAGE = 200;

/** Newest first, filtered on the server, paged as the table scrolls; refreshed live. */
export function ExecutionsView({ query }: { query: URLSearchParams }) {
  const filters = { machine: query.get('machine') ?? '', status: query.get('status') ?? '', q: query.get('q') ?? '', from: query.get('from') ?? '', to: query.get('to') ?? '' };
  const qs = new URLSearchParams(Object.entries(filters).filter(([, v]) => v)).toString();
  const [rows, setRows] = useState<ExecutionItem[]>([]);
  const [total, setTotal] = useState(0);
  const [error, setError] = useState<ApiError>();
  const [loaded, setLoaded] = useState(false);
  const cursor = useRef<string | undefined>(undefined);
  const loading = useRef(false);
  const [search, setSearch] = useState(filters.q);
  const deployed = useConsoleMode().mode === 'deployed';
  const machines = useApi<{ stateMachines: { name: string }[] }>('/console/api/health').result;
  const machineNames = machines?.ok ? machines.data.stateMachines.map((m) => m.name) : filters.machine ? [filters.machine] : [];

  const loadFirst = useCallback(async () => {
    // A refresh keeps as many rows as are already shown, so live updates do not shrink the list.
    const r = await api<Page_>(`/console/api/executions?${qs}&limit=${Math.max(PAGE, Math.min(1000, rowsRef.current.length))}`);
    if (!r.ok) return setError(r.error);
    setError(undefined);
    setRows(r.data.executions);
    setTotal(r.data.total);
    cursor.current = r.data.nextCursor;
    setLoaded(true);
  }, [qs]);
  const rowsRef = useRef(rows);
  rowsRef.current = rows;

  useEffect(() => {
    rowsRef.current = [];
    setLoaded(false);
    void loadFirst();
  }, [loadFirst]);
  useLive(['execution'], () => void loadFirst());

  const loadMore = useCallback(async () => {
    if (!cursor.current || loading.current) return;
    loading.current = true;
    const r = await api<Page_>(`/console/api/executions?${qs}&limit=${PAGE}&cursor=${cursor.current}`);
    loading.current = false;
    if (!r.ok) return setError(r.error);
    cursor.current = r.data.nextCursor;
    setRows((prev) => [...prev, ...r.data.executions]);
  }, [qs]);

  useDebouncedApply(search, filters.q, (q) => setQuery({ q: q || undefined }));

  return (
    <Page
      title="Executions"
      actions={
        <a className="button primary" href={href(['start'], { machine: filters.machine || undefined })}>
          Start execution
        </a>
      }
    >
      <search>
        <form className="filters" onSubmit={(e) => e.preventDefault()}>
          <AnySelect label="State machine" anyLabel="all" value={filters.machine} options={machineNames} onChange={(machine) => setQuery({ machine })} />
          <AnySelect label="Status" anyLabel="all" value={filters.status} options={STATUSES} onChange={(status) => setQuery({ status })} />
          <label>
            Started from
            <input type="datetime-local" value={toLocalInput(filters.from)} onChange={(e) => setQuery({ from: fromLocalInput(e.target.value) })} />
          </label>
          <label>
            to
            <input type="datetime-local" value={toLocalInput(filters.to)} onChange={(e) => setQuery({ to: fromLocalInput(e.target.value) })} />
          </label>
          <label style={{ flex: 1 }}>
            Subject
            {/* On a deployed stack ListExecutions has no input: the search covers execution names and ARNs. */}
            <input
              type="search"
              value={search}
              placeholder={deployed ? 'execution name or ARN (a deployed stack lists no inputs)' : 'template name, payment reference or link id, phone number id, event id'}
              onChange={(e) => setSearch(e.target.value)}
            />
          </label>
          <span className="muted" aria-live="polite">
            {loaded ? `${total.toLocaleString()} execution${total === 1 ? '' : 's'}` : 'loading…'}
          </span>
        </form>
      </search>
      <ErrorBanner error={error} />
      {loaded && rows.length === 0 ? (
        <div className="empty">No execution matches these filters.</div>
      ) : (
        <VirtualTable
          label="Executions"
          rows={rows}
          height="calc(100vh - 150px)"
          onNearEnd={loadMore}
          colWidths={['110px', '150px', '26%', '20%', '175px', '175px', 'auto']}
          header={<HeaderRow columns={['Status', 'State machine', 'Subject', 'Name', 'Started', 'Ended', 'Error']} />}
          renderRow={(e) => (
            <tr key={e.executionArn} className="clickable" onClick={() => navigate(['executions', e.executionArn])}>
              <td>
                <Status value={e.status} />
              </td>
              <td>{e.stateMachine}</td>
              <td className="mono" title={JSON.stringify(e.subject ?? {})}>
                {subjectLine(e.subject)}
              </td>
              <td>
                <a href={href(['executions', e.executionArn])}>{e.name}</a>
              </td>
              <td>
                <Time at={e.startDate} />
              </td>
              <td>
                <Time at={e.stopDate} />
              </td>
              <td>{e.error ?? ''}</td>
            </tr>
          )}
        />
      )}
    </Page>
  );
}

export const subjectLine = (s: Record<string, unknown> | undefined) =>
  s
    ? Object.entries(s)
        .filter(([k]) => k !== 'eventId')
        .map(([k, v]) => `${k}=${String(v)}`)
        .join(' ')
    : '';

function toLocalInput(iso: string): string {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  return new Date(d.getTime() - d.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
}
function fromLocalInput(v: string): string | undefined {
  return v ? new Date(v).toISOString() : undefined;
}
