import './charts.css';
import type { ReactElement, ReactNode } from 'react';
import { ResponsiveContainer } from 'recharts';

/**
 * Shared by the operator views (templates, quality, analytics, payments): every chart comes with
 * its numbers as a table under it and as CSV, so nothing is only a picture.
 */
export interface Column<T> {
  key: string;
  label: string;
  /** The cell as text (table and CSV); default: the row's value under `key`. */
  value?: (row: T) => string | number | null | undefined;
  /** The cell in the table only (links, badges); default: `value`. */
  render?: (row: T) => ReactNode;
  numeric?: boolean;
}

const cellText = <T,>(row: T, c: Column<T>): string => {
  const v = c.value ? c.value(row) : (row as Record<string, unknown>)[c.key];
  return v === null || v === undefined ? '' : String(v);
};

/** RFC 4180: a field with a comma, quote or line break is quoted, quotes doubled; CRLF between records. */
export function toCsv<T>(rows: T[], columns: Column<T>[]): string {
  const field = (s: string) => (/[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
  const lines = [columns.map((c) => field(c.label)).join(','), ...rows.map((r) => columns.map((c) => field(cellText(r, c))).join(','))];
  return `${lines.join('\r\n')}\r\n`;
}

export function downloadCsv<T>(fileName: string, rows: T[], columns: Column<T>[]): void {
  const blob = new Blob([toCsv(rows, columns)], { type: 'text/csv;charset=utf-8' });
  const a = document.createElement('a');
  a.href = URL.createObjectURL(blob);
  a.download = fileName.endsWith('.csv') ? fileName : `${fileName}.csv`;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(a.href), 1000);
}

/** The numbers of a chart as a plain table (scrolls past `maxHeight`). */
export function DataTable<T>({
  rows,
  columns,
  label,
  maxHeight = 260,
  rowKey,
}: {
  rows: T[];
  columns: Column<T>[];
  label: string;
  maxHeight?: number;
  rowKey?: (row: T, i: number) => string;
}) {
  return (
    <section className="chart-table" style={{ maxHeight }} tabIndex={0} aria-label={label}>
      <table className="grid">
        <thead>
          <tr>
            {columns.map((c) => (
              <th key={c.key} scope="col" className={c.numeric ? 'num' : undefined}>
                {c.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.length === 0 && (
            <tr>
              <td colSpan={columns.length} className="muted">
                No rows.
              </td>
            </tr>
          )}
          {rows.map((r, i) => (
            <tr key={rowKey ? rowKey(r, i) : i}>
              {columns.map((c) => (
                <td key={c.key} className={c.numeric ? 'num' : undefined}>
                  {c.render ? c.render(r) : cellText(r, c)}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

/**
 * A chart with its title, a one-line description (what the chart shows, for screen readers too),
 * the chart itself, the same rows as a table under it and a "Download CSV" button.
 */
export function ChartWithTable<T>({
  title,
  description,
  rows,
  columns,
  csvName,
  height = 300,
  legend,
  children,
  tableMaxHeight,
  rowKey,
}: {
  title: string;
  description: string;
  rows: T[];
  columns: Column<T>[];
  csvName: string;
  height?: number;
  /** Drawn between the chart and the table (e.g. a key for colour bands). */
  legend?: ReactNode;
  /** One recharts chart element (it is put in a ResponsiveContainer). */
  children: ReactNode;
  tableMaxHeight?: number;
  rowKey?: (row: T, i: number) => string;
}) {
  return (
    <figure className="chart-panel" aria-label={title}>
      <div className="chart-head">
        <figcaption>
          <strong>{title}</strong> <span className="muted">{description}</span>
        </figcaption>
        <button type="button" onClick={() => downloadCsv(csvName, rows, columns)} disabled={rows.length === 0}>
          Download CSV
        </button>
      </div>
      <div className="chart-box" style={{ height }} role="img" aria-label={`${title}: ${description}. The numbers are in the table below.`}>
        {rows.length === 0 ? (
          <div className="empty">Nothing recorded yet.</div>
        ) : (
          <ResponsiveContainer width="100%" height="100%">
            {children as ReactElement}
          </ResponsiveContainer>
        )}
      </div>
      {legend}
      <DataTable rows={rows} columns={columns} label={`${title} (table)`} maxHeight={tableMaxHeight} rowKey={rowKey} />
    </figure>
  );
}

/** Time axis ticks: `MM-DD HH:mm` in UTC, like the rest of the console. */
export const timeTick = (ms: number): string => new Date(ms).toISOString().slice(5, 16).replace('T', ' ');

/** Colours with enough contrast on white, one meaning each across the views. */
export const CHART_COLORS = {
  green: '#15803d',
  yellow: '#a16207',
  red: '#b91c1c',
  blue: '#1d4ed8',
  purple: '#7e22ce',
  grey: '#4b5563',
  teal: '#0f766e',
  orange: '#c2410c',
} as const;
