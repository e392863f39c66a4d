import { useState } from 'react';
import type { ApiError } from '../api';
import { callAction, useAction } from '../operator/action-call';
import { formatMoney } from '../operator/money';
import { href } from '../router';
import { ErrorBanner, FieldError, HeaderRow, Page, Status, Time } from '../ui';
import { timerText, type PaymentRow } from './payments';
import { buildTimeline, compareRows, type LinkMessageStatus, type PaymentAnswer } from './payment-timeline';

/** `#/payments/<reference>`: one payment's timeline, stored vs Razorpay, and refund. */
export function PaymentView({ reference }: { reference: string }) {
  const { result, reload } = useAction<PaymentAnswer>('get_payment', { reference_id: reference, compare: true }, ['bus-event']);
  const data = result?.ok ? result.data : undefined;
  const p = data?.payment;
  const { result: linkMessage } = useAction<{ history: LinkMessageStatus[] }>('get_message', p?.linkMessageKey && !data?.timeline ? { messageKey: p.linkMessageKey } : undefined, [
    'message',
  ]);
  return (
    <Page title={`Payment ${reference}`} actions={p ? <a href={href(['customer', p.waId], { payment: p.paymentId })}>Conversation with {p.waId}</a> : undefined}>
      {result && !result.ok && <ErrorBanner error={result.error} />}
      {p && data && (
        <>
          <Summary p={p} />
          <div className="split payment-split">
            <section aria-labelledby="timeline-h">
              <h2 id="timeline-h">Timeline</h2>
              <Timeline data={data} linkMessage={linkMessage?.ok ? linkMessage.data.history : []} />
            </section>
            <div style={{ marginTop: 16 }}>
              <Compare data={data} />
              <Refund data={data} onDone={reload} />
            </div>
          </div>
        </>
      )}
    </Page>
  );
}

function Summary({ p }: { p: PaymentRow }) {
  const m = (n: number | undefined) => formatMoney(n, p.currency);
  return (
    <dl className="kv kv-wide panel" aria-label="Stored payment" data-testid="payment-summary">
      <dt>Status</dt>
      <dd>
        <Status value={p.status} />
      </dd>
      <dt>Amount</dt>
      <dd data-field="amountMinor">{m(p.amountMinor)}</dd>
      <dt>Paid</dt>
      <dd data-field="amountPaidMinor">{m(p.amountPaidMinor)}</dd>
      <dt>Due</dt>
      <dd data-field="amountDueMinor">{m(p.amountDueMinor ?? p.amountMinor - p.amountPaidMinor)}</dd>
      <dt>Refunded</dt>
      <dd data-field="refundedMinor">{m(p.refundedMinor)}</dd>
      <dt>Description</dt>
      <dd>{p.description}</dd>
      <dt>Link</dt>
      <dd>
        {p.paymentLinkId ?? '—'} {p.shortUrl && <span className="muted">{p.shortUrl}</span>}
      </dd>
      <dt>Expires</dt>
      <dd>
        <Time at={p.expireBy} />
      </dd>
      {p.nextTimer !== undefined && (
        <>
          <dt>Next timer</dt>
          <dd>{timerText(p.nextTimer)}</dd>
        </>
      )}
      {p.executionName && (
        <>
          <dt>Lifecycle</dt>
          <dd>
            <a href={href(['executions'], { q: p.paymentId })}>{p.executionName}</a>
          </dd>
        </>
      )}
    </dl>
  );
}

function Timeline({ data, linkMessage }: { data: PaymentAnswer; linkMessage: LinkMessageStatus[] }) {
  const entries = buildTimeline(data, linkMessage);
  const cur = data.payment.currency;
  return (
    <ol className="pay-timeline" aria-label="Payment timeline">
      {entries.map((e, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: timeline entries have no id and at+kind can repeat, so the index disambiguates; the list is re-rendered whole
        <li key={`${e.at}-${e.kind}-${i}`} className={`pt pt-${e.tone}`} data-kind={e.kind}>
          <span className="pt-time">
            <Time at={e.at} />
          </span>
          <span className="pt-label">{e.label}</span>
          <span className="pt-amount" data-amount-minor={e.amountMinor}>
            {e.amountMinor !== undefined ? formatMoney(e.amountMinor, cur) : ''}
          </span>
          <span className="muted pt-note">{e.note}</span>
        </li>
      ))}
    </ol>
  );
}

function Compare({ data }: { data: PaymentAnswer }) {
  const rows = compareRows(data);
  if (!rows) {
    return (
      <section aria-labelledby="compare-h" className="panel">
        <h2 id="compare-h" style={{ marginTop: 0 }}>
          Stored vs Razorpay
        </h2>
        <p className="muted">get_payment gave no Razorpay comparison{data.gateway?.error ? `: ${data.gateway.error}` : '.'}</p>
      </section>
    );
  }
  const differing = rows.filter((r) => r.differs).length;
  return (
    <section aria-labelledby="compare-h" className="panel">
      <h2 id="compare-h" style={{ marginTop: 0 }}>
        Stored vs Razorpay {differing ? <span className="status status-bad">{differing} difference(s)</span> : <span className="status status-ok">match</span>}
      </h2>
      <table className="grid compare" aria-label="Stored vs Razorpay">
        <thead>
          <HeaderRow columns={['Field', 'Stored', 'Razorpay']} />
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.field} className={r.differs ? 'differs' : undefined} data-differs={r.differs ? 'true' : 'false'}>
              <th scope="row">
                {r.field}
                {r.differs && <span className="sr-only"> (differs)</span>}
              </th>
              <td>{r.stored}</td>
              <td>{r.razorpay}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

/** Refund from the page: the action's own checks apply, its field errors show beside the field. */
function Refund({ data, onDone }: { data: PaymentAnswer; onDone: () => void }) {
  const p = data.payment;
  const captured = data.attempts.filter((a) => a.status === 'captured' || a.status === 'refunded');
  const refundable = captured.reduce((n, a) => n + Math.max(0, a.amountMinor - Math.max(a.refundedMinor, a.refundReservedMinor ?? 0)), 0);
  const [amount, setAmount] = useState('');
  const [reference, setReference] = useState(() => `refund-${Date.now().toString(36)}`);
  const [attempt, setAttempt] = useState('');
  const [error, setError] = useState<ApiError>();
  const [done, setDone] = useState<string>();
  const [busy, setBusy] = useState(false);
  const submit = async () => {
    setError(undefined);
    setDone(undefined);
    const minor = amount.trim() === '' ? undefined : toMinor(amount.trim());
    if (minor === null) return setError({ error: 'ValidationError', message: 'amount: a number of rupees with at most 2 decimals (e.g. 120.50)', field: 'amount' });
    setBusy(true);
    const r = await callAction<{ refund: { refundId?: string; status: string; amountMinor: number }; duplicate?: boolean }>('refund_payment', {
      payment_id: p.paymentId,
      refund_reference: reference,
      ...(minor !== undefined ? { amount: minor } : {}),
      ...(attempt ? { razorpay_payment_id: attempt } : {}),
    });
    setBusy(false);
    if (!r.ok) return setError(r.error);
    setDone(
      `Refund ${r.data.refund.refundId ?? reference}: ${r.data.refund.status}, ${formatMoney(r.data.refund.amountMinor, p.currency)}${r.data.duplicate ? ' (already made)' : ''}`,
    );
    setReference(`refund-${Date.now().toString(36)}`);
    onDone();
  };
  return (
    <section aria-labelledby="refund-h" className="panel" style={{ marginTop: 10 }}>
      <h2 id="refund-h" style={{ marginTop: 0 }}>
        Refund
      </h2>
      <p className="muted">
        Refundable now: <strong data-testid="refundable">{formatMoney(refundable, p.currency)}</strong> (captured − refunded)
      </p>
      <form
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        <div className="field">
          <label htmlFor="refund-amount">Amount ({p.currency === 'INR' ? '₹' : p.currency})</label>
          <input id="refund-amount" inputMode="decimal" value={amount} placeholder="everything refundable" onChange={(e) => setAmount(e.target.value)} />
          <span className="help">{amount && toMinor(amount.trim()) !== null ? `= ${toMinor(amount.trim())} paise` : 'empty: the whole refundable amount'}</span>
          <FieldError error={error} field="amount" />
        </div>
        <div className="field">
          <label htmlFor="refund-reference">Refund reference</label>
          <input id="refund-reference" value={reference} onChange={(e) => setReference(e.target.value)} />
          <span className="help">the idempotency key: the same reference never refunds twice</span>
          <FieldError error={error} field="refund_reference" />
        </div>
        {captured.length > 1 && (
          <div className="field">
            <label htmlFor="refund-attempt">Razorpay payment</label>
            <select id="refund-attempt" value={attempt} onChange={(e) => setAttempt(e.target.value)}>
              <option value="">—</option>
              {captured.map((a) => (
                <option key={a.razorpayPaymentId} value={a.razorpayPaymentId}>
                  {a.razorpayPaymentId} ({formatMoney(a.amountMinor, p.currency)})
                </option>
              ))}
            </select>
            <FieldError error={error} field="razorpay_payment_id" />
          </div>
        )}
        {error && !['amount', 'refund_reference', 'razorpay_payment_id'].includes(error.field ?? '') && !error.issues?.length && <ErrorBanner error={error} />}
        <button type="submit" className="danger" disabled={busy}>
          {busy ? 'Refunding…' : 'Refund'}
        </button>
        {done && (
          <div className="banner banner-ok" role="status">
            {done}
          </div>
        )}
      </form>
    </section>
  );
}

/** "1,234.05" → 123405 exactly (no float arithmetic); null when it is not an amount. */
export function toMinor(text: string): number | null {
  const m = /^(\d{1,12})(?:\.(\d{1,2}))?$/.exec(text.replace(/[,₹\s]/g, ''));
  if (!m) return null;
  return Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0'));
}
