import { useState } from 'react';
import { api, enc, type ApiError } from '../api';
import { href } from '../router';
import { ErrorBanner, FieldError, Page, Status, Time, useApi } from '../ui';

interface Conversation {
  customer: string;
  name?: string;
  lastAt?: string;
  count?: number;
}
interface ChatMessage {
  messageId?: string;
  wamid?: string;
  direction: 'in' | 'out';
  type?: string;
  text?: string;
  status?: string;
  at?: string;
  eventId?: string;
  buttons?: { id: string; title: string }[];
  flowToken?: string;
  [k: string]: unknown;
}

const TICKS: Record<string, string> = { sent: '✓', delivered: '✓✓', read: '✓✓', failed: '!' };

/** A WhatsApp-style conversation per customer phone, and the sandboxes' controls. */
export function CustomerView({ customer, query }: { customer: string | undefined; query: URLSearchParams }) {
  const list = useApi<{ conversations: Conversation[] } | Conversation[]>('/console/api/sandbox/conversations', ['message']);
  const conversations = list.result?.ok ? (Array.isArray(list.result.data) ? list.result.data : list.result.data.conversations) : [];
  const chosen = customer ?? conversations[0]?.customer;
  return (
    <Page title="Customer & sandboxes">
      {list.result && !list.result.ok && (
        <ErrorBanner
          error={list.result.status === 404 ? 'This runtime has no sandbox routes (/console/api/sandbox/*) yet.' : list.result.error}
          title="Sandboxes unavailable"
        />
      )}
      <div className="cols3">
        <nav className="panel" aria-label="Conversations">
          <h2 style={{ marginTop: 0 }}>Customers</h2>
          <ul style={{ listStyle: 'none', padding: 0, margin: 0 }}>
            {conversations.map((c) => (
              <li key={c.customer} style={{ padding: '3px 0' }}>
                <a href={href(['customer', c.customer])} aria-current={c.customer === chosen ? 'page' : undefined}>
                  +{c.customer}
                </a>{' '}
                <span className="muted">{c.name ?? ''} {c.count !== undefined ? `(${c.count})` : ''}</span>
              </li>
            ))}
            {conversations.length === 0 && <li className="muted">No conversation yet.</li>}
          </ul>
        </nav>
        <div>{chosen ? <Chat customer={chosen} /> : <p className="muted">No customer yet: send a message with an action.</p>}</div>
      </div>
      <SandboxControls query={query} />
    </Page>
  );
}

function Chat({ customer }: { customer: string }) {
  const { result, reload } = useApi<{ messages: ChatMessage[] } | ChatMessage[]>(`/console/api/sandbox/conversations/${enc(customer)}`, ['message', 'bus-event']);
  const messages = result?.ok ? (Array.isArray(result.data) ? result.data : result.data.messages) : [];
  const [text, setText] = useState('');
  const [error, setError] = useState<ApiError>();
  const post = async (path: string, body: Record<string, unknown>) => {
    setError(undefined);
    const r = await api(`/console/api/sandbox/${path}`, { body: { customer, ...body } });
    if (!r.ok) return setError(r.error);
    reload();
  };
  return (
    <section aria-label={`Conversation with ${customer}`}>
      <div className="chat" tabIndex={0} role="log" aria-label="Messages">
        {messages.map((m, i) => (
          <div key={m.messageId ?? m.wamid ?? i} className={`bubble ${m.direction === 'out' ? 'out' : 'in'}`} data-direction={m.direction}>
            <div>{m.text ?? `[${m.type ?? 'message'}]`}</div>
            {m.buttons?.length ? (
              <div className="toolbar">
                {m.buttons.map((b) => (
                  <button key={b.id} onClick={() => void post('customer/tap', { id: b.id, title: b.title, replyTo: m.wamid })}>
                    {b.title}
                  </button>
                ))}
              </div>
            ) : null}
            {m.flowToken && (
              <button onClick={() => void post('customer/flow', { flowToken: m.flowToken, response: {} })}>Complete the Flow</button>
            )}
            <div className="meta">
              <Time at={m.at} />{' '}
              {m.direction === 'out' && m.status && (
                <span className={`ticks ${m.status}`} aria-label={m.status}>
                  {TICKS[m.status] ?? ''} {m.status}
                </span>
              )}{' '}
              {m.eventId && <a href={href(['journey', m.eventId])}>journey</a>}
            </div>
          </div>
        ))}
        {messages.length === 0 && <p className="muted">No messages.</p>}
      </div>
      <form
        className="toolbar"
        onSubmit={(e) => {
          e.preventDefault();
          if (text.trim()) void post('customer/reply', { text }).then(() => setText(''));
        }}
      >
        <label htmlFor="reply" className="sr-only">
          Reply as the customer
        </label>
        <input id="reply" style={{ flex: 1 }} placeholder="Reply as the customer…" value={text} onChange={(e) => setText(e.target.value)} />
        <button className="primary" type="submit">
          Send as customer
        </button>
        <button type="button" onClick={() => void post('customer/cart', { items: [{ productRetailerId: 'sku-1', quantity: 1, itemPrice: 49900, currency: 'INR' }] })}>
          Send a cart
        </button>
      </form>
      <FieldError error={error} field="text" />
      {error && error.field !== 'text' && <ErrorBanner error={error} />}
    </section>
  );
}

/** Templates, quality, payment links, fault injection. */
function SandboxControls({ query }: { query: URLSearchParams }) {
  const [error, setError] = useState<ApiError>();
  const [done, setDone] = useState<string>();
  const [template, setTemplate] = useState(query.get('template') ?? '');
  const [reason, setReason] = useState('');
  const [link, setLink] = useState(query.get('link') ?? '');
  const [amount, setAmount] = useState('');
  const [rating, setRating] = useState('YELLOW');
  const post = async (path: string, body: Record<string, unknown>, label: string) => {
    setError(undefined);
    setDone(undefined);
    const r = await api(`/console/api/sandbox/${path}`, { body });
    if (!r.ok) return setError(r.error);
    setDone(`${label}: done`);
  };
  return (
    <section aria-labelledby="sandbox-h">
      <h2 id="sandbox-h">Sandbox controls</h2>
      {done && (
        <div className="banner banner-ok" role="status">
          {done}
        </div>
      )}
      {error && !error.field && <ErrorBanner error={error} />}
      <div className="cols">
        <div className="panel">
          <h2 style={{ marginTop: 0 }}>Templates</h2>
          <div className="field">
            <label htmlFor="tpl">Template name</label>
            <input id="tpl" value={template} onChange={(e) => setTemplate(e.target.value)} />
            <FieldError error={error} field="template" />
          </div>
          <div className="field">
            <label htmlFor="tpl-reason">Rejection reason</label>
            <input id="tpl-reason" value={reason} placeholder="e.g. PROMOTIONAL" onChange={(e) => setReason(e.target.value)} />
            <FieldError error={error} field="reason" />
          </div>
          <div className="toolbar">
            <button onClick={() => void post('templates/approve', { template }, 'approve')}>Approve</button>
            <button onClick={() => void post('templates/reject', { template, reason }, 'reject')}>Reject</button>
            <label htmlFor="rating" className="sr-only">
              Quality rating
            </label>
            <select id="rating" value={rating} onChange={(e) => setRating(e.target.value)}>
              <option>GREEN</option>
              <option>YELLOW</option>
              <option>RED</option>
            </select>
            <button onClick={() => void post('quality/template', { template, rating }, 'template quality')}>Set template quality</button>
            <button onClick={() => void post('quality/phone', { rating }, 'phone quality')}>Set phone quality</button>
          </div>
        </div>
        <div className="panel">
          <h2 style={{ marginTop: 0 }}>Payment links</h2>
          <div className="field">
            <label htmlFor="link">Payment link id</label>
            <input id="link" value={link} placeholder="plink_…" onChange={(e) => setLink(e.target.value)} />
            <FieldError error={error} field="linkId" />
          </div>
          <div className="field">
            <label htmlFor="amount">Amount (minor units, for a partial payment or refund)</label>
            <input id="amount" type="number" value={amount} onChange={(e) => setAmount(e.target.value)} />
            <FieldError error={error} field="amount" />
          </div>
          <div className="toolbar">
            <button onClick={() => void post('payments/pay', { linkId: link }, 'pay')}>Pay</button>
            <button onClick={() => void post('payments/pay', { linkId: link, amount: Number(amount) }, 'partly pay')}>Partly pay</button>
            <button onClick={() => void post('payments/fail', { linkId: link }, 'fail')}>Fail</button>
            <button onClick={() => void post('payments/expire', { linkId: link }, 'expire')}>Expire</button>
            <button onClick={() => void post('payments/refund', { linkId: link, ...(amount ? { amount: Number(amount) } : {}) }, 'refund')}>Refund</button>
          </div>
          <h2>Fault injection</h2>
          <div className="toolbar">
            <button onClick={() => void post('faults', { on: true }, 'faults on')}>Faults on</button>
            <button onClick={() => void post('faults', { on: false }, 'faults off')}>Faults off</button>
            <Status value={undefined} />
          </div>
        </div>
      </div>
      <p className="muted">
        Set a link or template in the URL: <code>#/customer?template=…&amp;link=…</code>. <a href={href(['events'], { q: 'payment' })}>Payment events</a>
      </p>
    </section>
  );
}
