import { useCallback, useEffect, useRef, useState, type ReactNode } from 'react';
import { apiFirst, consoleMode, NOT_ON_DEPLOYED_STACK, onStream, type ApiError, type ApiResult, type ConsoleMode, type StreamKind } from './api';

const STATUS_CLASS: Record<string, string> = {
  SUCCEEDED: 'ok',
  succeeded: 'ok',
  ok: 'ok',
  read: 'ok',
  delivered: 'ok',
  supported: 'ok',
  paid: 'ok',
  FAILED: 'bad',
  failed: 'bad',
  TIMED_OUT: 'bad',
  error: 'bad',
  stub: 'bad',
  'dead-lettered': 'bad',
  'target-failed': 'bad',
  RUNNING: 'run',
  running: 'run',
  retrying: 'run',
  sent: 'run',
  partial: 'run',
  waiting: 'wait',
  caught: 'warn',
  ABORTED: 'muted',
  INTERRUPTED: 'muted',
  stopped: 'muted',
};

/** Status with its word, never colour alone. */
export function Status({ value }: { value: string | undefined }) {
  if (!value) return null;
  return <span className={`status status-${STATUS_CLASS[value] ?? 'muted'}`}>{value.toLowerCase().replace(/_/g, ' ')}</span>;
}

export function Json({ value, label, maxHeight }: { value: unknown; label?: string; maxHeight?: number }) {
  const text = value === undefined ? '—' : typeof value === 'string' ? prettyMaybe(value) : JSON.stringify(value, null, 2);
  return (
    // biome-ignore lint/a11y/useSemanticElements: a named, focusable, scrollable block of preformatted JSON; it must stay a <pre> (whitespace, .json styles), and <fieldset> is for form controls
    <pre className="json" tabIndex={0} role="group" aria-label={label ?? 'JSON'} style={maxHeight ? { maxHeight } : undefined}>
      {text}
    </pre>
  );
}

function prettyMaybe(text: string): string {
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return text;
  }
}

export function Time({ at, short }: { at: string | number | undefined; short?: boolean }) {
  if (at === undefined || at === null || at === '') return <span>—</span>;
  const d = new Date(at);
  if (Number.isNaN(d.getTime())) return <span>{String(at)}</span>;
  return (
    <time dateTime={d.toISOString()} title={d.toISOString()}>
      {short ? d.toISOString().slice(11, 23) : d.toISOString().replace('T', ' ').slice(0, 23)}
    </time>
  );
}

export function ErrorBanner({ error, title }: { error: ApiError | string | undefined; title?: string }) {
  if (!error) return null;
  const e = typeof error === 'string' ? { error: 'Error', message: error } : error;
  // A deployed stack has no such data (journeys, buses, sandboxes…): say so and where to look, not as a failure.
  if (e.error === NOT_ON_DEPLOYED_STACK) {
    return (
      <div className="banner banner-info not-deployed" role="status">
        <strong>Not available on a deployed stack.</strong> {e.message}
      </div>
    );
  }
  return (
    <div className="banner banner-bad" role="alert">
      <strong>{title ?? e.error}</strong> {e.message}
    </div>
  );
}

/** The API's message for one field, shown beside it. */
export function FieldError({ error, field }: { error: ApiError | undefined; field: string }) {
  const messages = fieldMessages(error, field);
  if (!messages.length) return null;
  return (
    <div className="field-error" role="alert" data-field-error={field}>
      {messages.join('; ')}
    </div>
  );
}

export function fieldMessages(error: ApiError | undefined, field: string): string[] {
  if (!error) return [];
  const out: string[] = [];
  const top = (f: string) => f.split(/[.[]/)[0];
  for (const i of error.issues ?? []) if (top(i.field) === field) out.push(`${i.field}: ${i.rule}`);
  if (!error.issues?.length && error.field && top(error.field) === field) out.push(error.message);
  return out;
}

/** A labelled filter select whose empty choice (`any` unless named otherwise) filters nothing. */
export function AnySelect({
  label,
  value,
  options,
  onChange,
  anyLabel = 'any',
}: {
  label: string;
  value: string;
  options: readonly string[];
  onChange: (value: string) => void;
  anyLabel?: string;
}) {
  return (
    <label>
      {label}
      <select value={value} onChange={(e) => onChange(e.target.value)}>
        <option value="">{anyLabel}</option>
        {options.map((s) => (
          <option key={s}>{s}</option>
        ))}
      </select>
    </label>
  );
}

/** Applies `draft` 300 ms after it stops changing, unless it is already what is `applied` (a filter typed into the URL). */
export function useDebouncedApply(draft: string, applied: string, apply: (value: string) => void): void {
  // biome-ignore lint/correctness/useExhaustiveDependencies: debounces typing only: re-running when the URL's q changes (back/forward, a link) would write the stale draft back over it
  useEffect(() => {
    if (draft === applied) return;
    const t = setTimeout(() => apply(draft), 300);
    return () => clearTimeout(t);
  }, [draft]);
}

/** A table's header row: one column header per name. */
export function HeaderRow({ columns }: { columns: readonly string[] }) {
  return (
    <tr>
      {columns.map((c) => (
        <th key={c} scope="col">
          {c}
        </th>
      ))}
    </tr>
  );
}

/** A plain `grid` table: one header row of column names, then the given body rows. */
export function Grid({ columns, children }: { columns: readonly string[]; children: ReactNode }) {
  return (
    <table className="grid">
      <thead>
        <HeaderRow columns={columns} />
      </thead>
      <tbody>{children}</tbody>
    </table>
  );
}

export function Page({ title, actions, children }: { title: ReactNode; actions?: ReactNode; children: ReactNode }) {
  return (
    <>
      <header className="page-head">
        <h1>{title}</h1>
        <div className="page-actions">{actions}</div>
      </header>
      {children}
    </>
  );
}

/**
 * A GET that re-runs when `path` changes and, when `live` names stream kinds, after those
 * arrive (debounced) — or every 3 s while no stream is available.
 */
export function useApi<T>(path: string | string[] | undefined, live: StreamKind[] = []): { result: ApiResult<T> | undefined; reload: () => void } {
  const key = Array.isArray(path) ? path.join('\n') : path;
  const [result, setResult] = useState<ApiResult<T>>();
  const seq = useRef(0);
  const reload = useCallback(() => {
    if (!key) return;
    const mine = ++seq.current;
    void apiFirst<T>(key.split('\n')).then((r) => mine === seq.current && setResult(r));
  }, [key]);
  useEffect(() => {
    setResult(undefined);
    reload();
  }, [reload]);
  useLive(live, reload);
  return { result, reload };
}

/** Local twin or deployed stack (asked once per page load). */
export function useConsoleMode(): ConsoleMode {
  const [mode, setMode] = useState<ConsoleMode>({ mode: 'local' });
  useEffect(() => void consoleMode().then(setMode), []);
  return mode;
}

export function useLive(kinds: StreamKind[], onChange: () => void, pollMs = 3000): void {
  const key = kinds.join(',');
  const cb = useRef(onChange);
  cb.current = onChange;
  useEffect(() => {
    if (!key) return;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let gotStream = false;
    const off = onStream((kind) => {
      gotStream = true;
      if (!key.split(',').includes(kind) || timer) return;
      timer = setTimeout(() => {
        timer = undefined;
        cb.current();
      }, 400);
    });
    // Until a stream message arrives (or on a runtime without the stream), poll.
    const poll = setInterval(() => !gotStream && cb.current(), pollMs);
    return () => {
      off();
      clearInterval(poll);
      if (timer) clearTimeout(timer);
    };
  }, [key, pollMs]);
}

/**
 * A windowed table body: only the rows in view (plus a margin) are in the DOM, so 10,000 rows
 * scroll as fast as 50. Rows have a fixed height.
 */
export function VirtualTable<T>({
  rows,
  rowHeight = 30,
  height,
  header,
  renderRow,
  onNearEnd,
  label,
  colWidths,
}: {
  rows: T[];
  rowHeight?: number;
  height: number | string;
  header: ReactNode;
  renderRow: (row: T, index: number) => ReactNode;
  onNearEnd?: () => void;
  label: string;
  /** Fixed column widths (the table does not grow past its box); omit for automatic widths. */
  colWidths?: string[];
}) {
  const box = useRef<HTMLElement>(null);
  const [scrollTop, setScrollTop] = useState(0);
  const [viewport, setViewport] = useState(800);
  useEffect(() => {
    const el = box.current;
    if (!el) return;
    const ro = new ResizeObserver(() => setViewport(el.clientHeight));
    ro.observe(el);
    return () => ro.disconnect();
  }, []);
  const overscan = 10;
  const first = Math.max(0, Math.floor(scrollTop / rowHeight) - overscan);
  const last = Math.min(rows.length, Math.ceil((scrollTop + viewport) / rowHeight) + overscan);
  useEffect(() => {
    if (onNearEnd && last >= rows.length - overscan && rows.length > 0) onNearEnd();
  }, [last, rows.length, onNearEnd]);
  return (
    <section className="vtable" ref={box} style={{ height }} tabIndex={0} aria-label={label} onScroll={(e) => setScrollTop((e.target as HTMLElement).scrollTop)}>
      <table className="grid" style={colWidths ? { tableLayout: 'fixed' } : undefined}>
        {colWidths && (
          <colgroup>
            {colWidths.map((w, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: the widths are positional (one per column) and re-rendered whole; they have no other identity
              <col key={i} style={{ width: w }} />
            ))}
          </colgroup>
        )}
        <thead>{header}</thead>
        <tbody>
          {/* biome-ignore lint/a11y/noAriaHiddenOnFocusable: an empty spacer row with no tabindex or content; nothing in it can take focus */}
          {first > 0 && <tr aria-hidden="true" style={{ height: first * rowHeight }} />}
          {rows.slice(first, last).map((row, i) => renderRow(row, first + i))}
          {/* biome-ignore lint/a11y/noAriaHiddenOnFocusable: an empty spacer row with no tabindex or content; nothing in it can take focus */}
          {last < rows.length && <tr aria-hidden="true" style={{ height: (rows.length - last) * rowHeight }} />}
        </tbody>
      </table>
    </section>
  );
}

export function download(name: string, value: unknown): void {
  const blob = new Blob([JSON.stringify(value, null, 2)], { type: 'application/json' });
  const a = document.createElement('a');
  a.href = URL.createObjectURL(blob);
  a.download = name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(a.href), 1000);
}

export const short = (s: string | undefined, n = 12) => (!s ? '' : s.length > n ? `${s.slice(0, n)}…` : s);
export const arnName = (arn: string) => arn.split(':').pop() ?? arn;
