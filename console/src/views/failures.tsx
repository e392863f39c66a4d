import { useState } from 'react';
import { api, apiFirst, type ApiError } from '../api';
import { href, setQuery } from '../router';
import { ErrorBanner, FieldError, Json, Page, Time, useApi } from '../ui';

interface DeadLetter {
  id: string;
  rule: string;
  target: { kind: string; name: string };
  event: { id: string; 'detail-type': string; detail: any; time: string };
  error: string;
  attempts: number;
  failedAt: string;
}

/** Dead letters (redrive all or selected) and archive replay with a dry-run count first. */
export function FailuresView({ query }: { query: URLSearchParams }) {
  const { result, reload } = useApi<{ deadLetters: DeadLetter[] } | DeadLetter[]>(['/console/api/dlq', '/dlq'], ['dead-letter']);
  const letters = result?.ok ? (Array.isArray(result.data) ? result.data : result.data.deadLetters) : [];
  const [picked, setPicked] = useState<Set<string>>(new Set());
  const [error, setError] = useState<ApiError>();
  const [outcome, setOutcome] = useState<string>();
  const open = query.get('letter');

  const redrive = async (ids?: string[]) => {
    setError(undefined);
    const r = await apiFirst<{ redriven: string[]; failedAgain: string[] }>(['/console/api/dlq/redrive', '/dlq/redrive'], { body: ids ? { ids } : {} });
    if (!r.ok) return setError(r.error);
    setOutcome(`Redriven: ${r.data.redriven?.length ?? 0}; failed again: ${r.data.failedAgain?.length ?? 0}`);
    setPicked(new Set());
    reload();
  };
  return (
    <Page title="Failures">
      {result && !result.ok && <ErrorBanner error={result.error} />}
      <h2>Dead letters ({letters.length})</h2>
      <div className="toolbar">
        <button type="button" className="primary" disabled={!letters.length} onClick={() => void redrive()}>
          Redrive all
        </button>
        <button type="button" disabled={!picked.size} onClick={() => void redrive([...picked])}>
          Redrive selected ({picked.size})
        </button>
        {outcome && (
          <span role="status" className="status status-ok">
            {outcome}
          </span>
        )}
      </div>
      <ErrorBanner error={error} />
      <section className="vtable" style={{ maxHeight: 320 }} tabIndex={0} aria-label="Dead letters">
        <table className="grid">
          <thead>
            <tr>
              <th scope="col">
                <span className="sr-only">Select</span>
              </th>
              <th scope="col">Failed at</th>
              <th scope="col">Rule → target</th>
              <th scope="col">Event</th>
              <th scope="col">Attempts</th>
              <th scope="col">Reason</th>
            </tr>
          </thead>
          <tbody>
            {letters.map((d) => (
              <tr key={d.id} className={`clickable${open === d.id ? ' selected' : ''}`} onClick={() => setQuery({ letter: d.id })}>
                {/* biome-ignore lint/a11y/useKeyWithClickEvents: the cell only keeps a click on the checkbox from opening the row; the checkbox is the keyboard control */}
                <td onClick={(e) => e.stopPropagation()}>
                  <input
                    type="checkbox"
                    aria-label={`select dead letter ${d.id}`}
                    checked={picked.has(d.id)}
                    onChange={(e) => {
                      const next = new Set(picked);
                      if (e.target.checked) next.add(d.id);
                      else next.delete(d.id);
                      setPicked(next);
                    }}
                  />
                </td>
                <td>
                  <Time at={d.failedAt} />
                </td>
                <td>
                  {d.rule} → {d.target.kind} {d.target.name}
                </td>
                <td>
                  {d.event['detail-type']} <a href={href(['journey', String(d.event.detail?.eventId ?? d.event.id)])}>journey</a>
                </td>
                <td>{d.attempts}</td>
                <td title={d.error}>{d.error}</td>
              </tr>
            ))}
            {!letters.length && (
              <tr>
                <td colSpan={6} className="empty">
                  No dead letters.
                </td>
              </tr>
            )}
          </tbody>
        </table>
      </section>
      {open && letters.find((d) => d.id === open) && <Json value={letters.find((d) => d.id === open)!.event} label="dead-lettered event" />}
      <Replay />
    </Page>
  );
}

function Replay() {
  const [from, setFrom] = useState(new Date(Date.now() - 3_600_000).toISOString());
  const [to, setTo] = useState(new Date().toISOString());
  const [count, setCount] = useState<number>();
  const [error, setError] = useState<ApiError>();
  const [done, setDone] = useState<string>();
  const run = async (dryRun: boolean) => {
    setError(undefined);
    setDone(undefined);
    const r = await api<{ count: number; replayName?: string }>('/console/api/replay', { body: { from, to, dryRun } });
    if (!r.ok) return setError(r.error);
    if (dryRun) setCount(r.data.count);
    else setDone(`Replayed ${r.data.count} event(s) as ${r.data.replayName ?? 'a replay'}`);
  };
  return (
    <section aria-labelledby="replay-h">
      <h2 id="replay-h">Archive replay</h2>
      <form
        className="filters"
        onSubmit={(e) => {
          e.preventDefault();
          void run(true);
        }}
      >
        <label>
          From (ISO-8601)
          <input value={from} onChange={(e) => (setFrom(e.target.value), setCount(undefined))} />
          <FieldError error={error} field="from" />
        </label>
        <label>
          To (ISO-8601)
          <input value={to} onChange={(e) => (setTo(e.target.value), setCount(undefined))} />
          <FieldError error={error} field="to" />
        </label>
        <button type="submit">Dry run: count</button>
        <button type="button" className="primary" disabled={count === undefined} onClick={() => void run(false)}>
          {count === undefined ? 'Replay (dry run first)' : `Replay ${count} event(s)`}
        </button>
        {count !== undefined && <span data-testid="replay-count">{count} event(s) in range</span>}
      </form>
      {error && !error.field && <ErrorBanner error={error} />}
      {done && (
        <div className="banner banner-ok" role="status">
          {done}
        </div>
      )}
    </section>
  );
}
