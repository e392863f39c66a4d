import '../operator/operator.css';
import { useCallback, useEffect, useRef, useState } from 'react';
import type { ApiError } from '../api';
import { callAction, useAction } from '../operator/action-call';
import { formatMoney } from '../operator/money';
import { href, setQuery } from '../router';
import { AnySelect, ErrorBanner, Grid, HeaderRow, Page, Status, Time, VirtualTable } from '../ui';

export interface PaymentRow {
  paymentId: string;
  referenceId: string;
  waId: string;
  amountMinor: number;
  amountPaidMinor: number;
  refundedMinor: number;
  amountDueMinor?: number;
  currency: string;
  description: string;
  status: string;
  expireBy: string;
  createdAt: string;
  updatedAt: string;
  shortUrl?: string;
  paymentLinkId?: string;
  linkMessageKey?: string;
  executionName?: string;
  /** The next timer of a payment still open (reminder, expiry check…), when list_payments gives it. */
  nextTimer?: NextTimer | null;
}
/** `list_payments` rows carry `nextTimer: {kind: "reminder" | "expiry", at}` while open. */
export interface NextTimer {
  kind?: string;
  name?: string;
  state?: string;
  at?: string;
  dueAt?: string;
  until?: string;
  /** The time passed and no outcome yet: stuck until the lifecycle reconciles. */
  overdue?: boolean;
}

/** `open` = created or partially paid; `refunded` = any refund settled (list_payments). */
const STATUSES = ['open', 'creating', 'created', 'partially_paid', 'paid', 'expired', 'cancelled', 'refunded'];

/** `#/payments?status=&customer=&from=&to=`: payment requests across customers, newest first. */
export function PaymentsView({ query }: { query: URLSearchParams }) {
  const filters = { status: query.get('status') ?? '', customer: query.get('customer') ?? '', from: query.get('from') ?? '', to: query.get('to') ?? '' };
  const input: Record<string, unknown> = {};
  if (filters.status) input.status = filters.status;
  if (filters.customer) input.wa_id = filters.customer;
  // Days from the filter become the UTC day's bounds (list_payments takes ISO-8601 times).
  if (filters.from) input.from = filters.from.length === 10 ? `${filters.from}T00:00:00Z` : filters.from;
  if (filters.to) input.to = filters.to.length === 10 ? `${filters.to}T23:59:59.999Z` : filters.to;
  const key = JSON.stringify(input);
  const [rows, setRows] = useState<PaymentRow[]>([]);
  const [cursor, setCursor] = useState<string>();
  const [error, setError] = useState<ApiError>();
  const [loaded, setLoaded] = useState(false);
  // One request per page: a repeat of the one in flight is dropped, an answer for an older filter is ignored.
  const inFlight = useRef<string | undefined>(undefined);
  const seq = useRef(0);
  const load = useCallback(
    async (after?: string) => {
      const tag = `${key}|${JSON.stringify(after ?? null)}`;
      if (inFlight.current === tag) return;
      inFlight.current = tag;
      const mine = ++seq.current;
      const r = await callAction<{ payments: PaymentRow[]; nextCursor?: string }>('list_payments', { ...JSON.parse(key), limit: 100, ...(after ? { cursor: after } : {}) });
      if (mine !== seq.current) return;
      inFlight.current = undefined;
      setLoaded(true);
      if (!r.ok) return setError(r.error);
      setError(undefined);
      setRows((prev) => (after ? [...prev, ...r.data.payments] : r.data.payments));
      setCursor(r.data.nextCursor);
    },
    [key],
  );
  useEffect(() => {
    setRows([]);
    setCursor(undefined);
    setLoaded(false);
    void load();
  }, [load]);
  const [customerDraft, setCustomerDraft] = useState(filters.customer);
  useEffect(() => setCustomerDraft(filters.customer), [filters.customer]);
  return (
    <Page title="Payments">
      <form
        className="filters"
        onSubmit={(e) => {
          e.preventDefault();
          setQuery({ customer: customerDraft.trim() });
        }}
      >
        <AnySelect label="Status" value={filters.status} options={STATUSES} onChange={(status) => setQuery({ status })} />
        <label>
          Customer (wa_id)
          <input
            value={customerDraft}
            placeholder="any (Enter to apply)"
            onChange={(e) => setCustomerDraft(e.target.value)}
            onBlur={() => setQuery({ customer: customerDraft.trim() })}
          />
        </label>
        <label>
          Created from (UTC day)
          <input type="date" value={filters.from.slice(0, 10)} onChange={(e) => setQuery({ from: e.target.value })} />
        </label>
        <label>
          Created to (UTC day)
          <input type="date" value={filters.to.slice(0, 10)} onChange={(e) => setQuery({ to: e.target.value })} />
        </label>
      </form>
      <ErrorBanner error={error} />
      <WaitingTable customer={filters.customer} />
      <h2>All payment requests {loaded ? `(${rows.length}${cursor ? '+' : ''})` : ''}</h2>
      <VirtualTable
        label="Payment requests"
        rows={rows}
        height={Math.min(480, 34 + Math.max(rows.length, 1) * 30)}
        onNearEnd={cursor ? () => void load(cursor) : undefined}
        // Fixed columns sized to their content, so the description keeps ~160 px of the ~1050 px beside the navigation at 1280 px wide.
        colWidths={['180px', '135px', '90px', '90px', '90px', '125px', 'auto', '185px']}
        header={<HeaderRow columns={['Reference', 'Status', 'Amount', 'Paid', 'Refunded', 'Customer', 'Description', 'Created']} />}
        renderRow={(p) => (
          <tr key={p.paymentId} data-reference={p.referenceId}>
            <td>
              <a href={href(['payments', p.referenceId])}>{p.referenceId}</a>
            </td>
            <td>
              <Status value={p.status} />
            </td>
            <td className="num">{formatMoney(p.amountMinor, p.currency)}</td>
            <td className="num">{formatMoney(p.amountPaidMinor, p.currency)}</td>
            <td className="num">{p.refundedMinor ? formatMoney(p.refundedMinor, p.currency) : '—'}</td>
            <td>
              <a href={href(['customer', p.waId])}>{p.waId}</a>
            </td>
            <td title={p.description}>{p.description}</td>
            <td>
              <Time at={p.createdAt} />
            </td>
          </tr>
        )}
      />
    </Page>
  );
}

export function timerText(t: NextTimer | null | undefined): string {
  if (!t) return 'no timer';
  const what = t.kind ?? t.name ?? t.state ?? 'timer';
  const at = t.at ?? t.dueAt ?? t.until;
  return `${at ? `${what} at ${at.replace('T', ' ').slice(0, 19)} UTC` : what}${t.overdue ? ' — overdue' : ''}`;
}

/** Open requests (created or partly paid) with their next timer; an overdue timer means stuck. */
function WaitingTable({ customer }: { customer: string }) {
  const { result } = useAction<{ payments: PaymentRow[]; nextCursor?: string | null }>('list_payments', { status: 'open', limit: 100, ...(customer ? { wa_id: customer } : {}) }, [
    'bus-event',
  ]);
  const rows = result?.ok ? result.data.payments : [];
  const stuck = rows.filter((p) => p.nextTimer?.overdue).length;
  const heading = (
    <h2>
      Waiting ({rows.length}
      {result?.ok && result.data.nextCursor ? '+' : ''}){stuck > 0 && <span className="status status-bad"> {stuck} stuck</span>}
    </h2>
  );
  if (result && !result.ok)
    return (
      <>
        {heading}
        <ErrorBanner error={result.error} />
      </>
    );
  if (!rows.length)
    return (
      <>
        {heading}
        <p className="muted">{result ? 'No open payment request.' : 'Loading…'}</p>
      </>
    );
  return (
    <>
      {heading}
      <section className="vtable" style={{ maxHeight: 200 }} tabIndex={0} aria-label="Waiting or stuck payments">
        <Grid columns={['Reference', 'Status', 'Due', 'Next timer', 'Expires']}>
          {rows.map((p) => (
            <tr key={p.paymentId}>
              <td>
                <a href={href(['payments', p.referenceId])}>{p.referenceId}</a>
              </td>
              <td>
                <Status value={p.status} /> {p.nextTimer?.overdue && <span className="status status-bad">stuck</span>}
              </td>
              <td className="num">{formatMoney(p.amountDueMinor ?? p.amountMinor - p.amountPaidMinor, p.currency)}</td>
              <td data-next-timer>{timerText(p.nextTimer)}</td>
              <td>
                <Time at={p.expireBy} />
              </td>
            </tr>
          ))}
        </Grid>
      </section>
    </>
  );
}
