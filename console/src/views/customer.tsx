import { useEffect, useRef, useState } from 'react';
import { api, enc, type ApiError } from '../api';
import { href } from '../router';
import { ErrorBanner, FieldError, Page, Time, useApi } from '../ui';
import type { ConversationMessage as ChatMessage, ConversationItem } from '../../../local/console-api/conversation-types';

const TICKS: Record<string, string> = { accepted: '🕓', sent: '✓', delivered: '✓✓', read: '✓✓', failed: '✕', received: '' };

/** A WhatsApp-style conversation per customer phone, and the sandboxes' controls. */
export function CustomerView({ customer, query }: { customer: string | undefined; query: URLSearchParams }) {
  const list = useApi<{ conversations: ConversationItem[] }>('/console/api/sandbox/conversations', ['message']);
  const conversations = list.result?.ok ? list.result.data.conversations : [];
  const chosen = customer ?? conversations[0]?.customer;
  return (
    <Page title="Customer & sandboxes">
      {list.result && !list.result.ok && (
        <ErrorBanner error={list.result.status === 404 ? 'This runtime has no sandbox routes (/console/api/sandbox/*).' : list.result.error} title="Sandboxes unavailable" />
      )}
      <div className="cols3">
        <nav className="panel" aria-label="Conversations">
          <h2 style={{ marginTop: 0 }}>Customers</h2>
          <ul style={{ listStyle: 'none', padding: 0, margin: 0 }}>
            {conversations.map((c) => (
              <li key={c.customer} style={{ padding: '4px 0' }}>
                <a href={href(['customer', c.customer])} aria-current={c.customer === chosen ? 'page' : undefined}>
                  +{c.customer}
                </a>{' '}
                <span className="muted">
                  {c.name ?? ''} ({c.messages})
                </span>
                <div className="muted" style={{ fontSize: 12, overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' }}>
                  {c.lastText}
                </div>
              </li>
            ))}
            {conversations.length === 0 && <li className="muted">No conversation yet.</li>}
          </ul>
        </nav>
        <div>{chosen ? <Chat key={chosen} customer={chosen} /> : <p className="muted">No customer yet: send a message with an action.</p>}</div>
      </div>
      <SandboxControls query={query} />
    </Page>
  );
}

function Chat({ customer }: { customer: string }) {
  const { result, reload } = useApi<{ customer: string; name?: string; messages: ChatMessage[] }>(`/console/api/sandbox/conversations/${enc(customer)}`, ['message', 'bus-event']);
  const messages = result?.ok ? result.data.messages : [];
  const log = useRef<HTMLDivElement>(null);
  // Newest at the bottom, in view, as in a phone.
  // biome-ignore lint/correctness/useExhaustiveDependencies: messages.length is the trigger: scroll to the newest message whenever one arrives
  useEffect(() => {
    if (log.current) log.current.scrollTop = log.current.scrollHeight;
  }, [messages.length]);
  const [text, setText] = useState('');
  const [error, setError] = useState<ApiError>();
  const post = async (what: string, body: Record<string, unknown>) => {
    setError(undefined);
    const r = await api(`/console/api/sandbox/customers/${enc(customer)}/${what}`, { body });
    if (!r.ok) {
      setError(r.error);
      return false;
    }
    reload();
    return true;
  };
  return (
    <section aria-label={`Conversation with +${customer}`}>
      <h2 style={{ marginTop: 0 }}>
        +{customer} {result?.ok && result.data.name ? `· ${result.data.name}` : ''}
      </h2>
      <div className="chat" tabIndex={0} role="log" aria-label="Messages" ref={log}>
        {messages.map((m) => (
          <div key={`${m.direction}:${m.id}`} className={`bubble ${m.direction}`} data-direction={m.direction}>
            <div>{m.text ?? `[${m.type}]`}</div>
            {m.templateName && <div className="muted">template {m.templateName}</div>}
            <Replies m={m} post={post} />
            <div className="meta">
              <Time at={m.at} />{' '}
              {m.direction === 'out' && (
                <span className={`ticks ${m.status}`} title={(m.statuses ?? []).join(' → ')}>
                  {TICKS[m.status] ?? ''} {m.status}
                </span>
              )}{' '}
              <a href={href(['events'], { q: m.id })} title="the events of this message, each with its journey">
                events
              </a>
            </div>
          </div>
        ))}
        {messages.length === 0 && <p className="muted">No messages.</p>}
      </div>
      <form
        className="toolbar"
        onSubmit={(e) => {
          e.preventDefault();
          void post('text', { text }).then((ok) => ok && setText(''));
        }}
      >
        <label htmlFor="reply" className="sr-only">
          Reply as the customer
        </label>
        <input id="reply" style={{ flex: 1 }} placeholder="Reply as the customer…" value={text} onChange={(e) => setText(e.target.value)} />
        <button className="primary" type="submit">
          Send as customer
        </button>
        <label htmlFor="media" className="button" title="a photo, voice note, video or document, as the customer">
          Send a file…
        </label>
        <input
          id="media"
          type="file"
          className="sr-only"
          onChange={(e) => {
            const file = e.target.files?.[0];
            e.target.value = '';
            if (file) void fileToMedia(file).then((media) => post('media', media));
          }}
        />
      </form>
      <FieldError error={error} field="text" />
      {error && error.field !== 'text' && <ErrorBanner error={error} />}
    </section>
  );
}

/** A picked file as the sandbox's media body: its kind from the MIME type (WhatsApp's media kinds), the bytes base64. */
async function fileToMedia(file: File): Promise<Record<string, unknown>> {
  const type = file.type || 'application/octet-stream';
  const kind = type === 'image/webp' ? 'sticker' : type.startsWith('image/') ? 'image' : type.startsWith('audio/') ? 'audio' : type.startsWith('video/') ? 'video' : 'document';
  const bytes = new Uint8Array(await file.arrayBuffer());
  let binary = '';
  for (const b of bytes) binary += String.fromCharCode(b);
  return {
    kind,
    mimeType: type,
    dataBase64: btoa(binary),
    ...(kind === 'document' ? { filename: file.name } : {}),
    ...(kind === 'audio' && type.includes('ogg') ? { voice: true } : {}),
  };
}

/** What the customer can answer to one business message: its buttons, its Flow, its catalog. */
function Replies({ m, post }: { m: ChatMessage; post: (what: string, body: Record<string, unknown>) => Promise<boolean> }) {
  if (m.direction !== 'out') return null;
  const interactive = (m.message as { interactive?: any } | undefined)?.interactive;
  const buttons: { id: string; title: string }[] = (interactive?.action?.buttons ?? []).map((b: any) => b.reply ?? b).filter((b: any) => b?.id);
  const flowToken: string | undefined = interactive?.type === 'flow' ? interactive.action?.parameters?.flow_token : undefined;
  const catalogId: string | undefined = interactive?.action?.catalog_id;
  const firstProduct: string | undefined = interactive?.action?.product_retailer_id ?? interactive?.action?.sections?.[0]?.product_items?.[0]?.product_retailer_id;
  if (!buttons.length && !flowToken && !catalogId) return null;
  return (
    <div className="toolbar">
      {buttons.map((b) => (
        <button key={b.id} type="button" onClick={() => void post('button', { id: b.id, title: b.title, replyTo: m.id })}>
          {b.title}
        </button>
      ))}
      {flowToken && (
        <button type="button" onClick={() => void post('flow', { flowToken, response: { completed_from: 'console' }, replyTo: m.id })}>
          Complete the Flow
        </button>
      )}
      {catalogId && (
        <button
          type="button"
          onClick={() => void post('order', { catalogId, items: [{ productRetailerId: firstProduct ?? 'sku-1', quantity: 1, itemPrice: 499, currency: 'INR' }] })}
        >
          Send a cart
        </button>
      )}
    </div>
  );
}

/** Templates, quality, payment links, fault injection. */
function SandboxControls({ query }: { query: URLSearchParams }) {
  const [error, setError] = useState<ApiError>();
  const [done, setDone] = useState<string>();
  const [template, setTemplate] = useState(query.get('template') ?? '');
  const [reason, setReason] = useState('');
  const [link, setLink] = useState(query.get('link') ?? '');
  const [payment, setPayment] = useState(query.get('payment') ?? '');
  const [amount, setAmount] = useState('');
  const [rating, setRating] = useState('YELLOW');
  const post = async (path: string, body: Record<string, unknown>, label: string) => {
    setError(undefined);
    setDone(undefined);
    const r = await api(`/console/api/sandbox/${path}`, { body });
    if (!r.ok) return setError(r.error);
    setDone(`${label}: done`);
  };
  const amountBody = () => (amount ? { amount: Number(amount) } : {});
  return (
    <section aria-labelledby="sandbox-h">
      <h2 id="sandbox-h">Sandbox controls</h2>
      {done && (
        <div className="banner banner-ok" role="status">
          {done}
        </div>
      )}
      {error && !['name', 'reason', 'amount', 'rating'].includes(error.field ?? '') && <ErrorBanner error={error} />}
      <div className="cols">
        <div className="panel">
          <h2 style={{ marginTop: 0 }}>Templates and quality</h2>
          <div className="field">
            <label htmlFor="tpl">Template name</label>
            <input id="tpl" value={template} onChange={(e) => setTemplate(e.target.value)} />
            <FieldError error={error} field="name" />
          </div>
          <div className="field">
            <label htmlFor="tpl-reason">Rejection reason</label>
            <input id="tpl-reason" value={reason} placeholder="INVALID_FORMAT, PROMOTIONAL, …" onChange={(e) => setReason(e.target.value)} />
            <FieldError error={error} field="reason" />
          </div>
          <div className="toolbar">
            <button type="button" disabled={!template} onClick={() => void post(`templates/${enc(template)}/approve`, {}, 'approve')}>
              Approve
            </button>
            <button type="button" disabled={!template} onClick={() => void post(`templates/${enc(template)}/reject`, reason ? { reason } : {}, 'reject')}>
              Reject
            </button>
          </div>
          <div className="toolbar">
            <label htmlFor="rating">Quality</label>
            <select id="rating" value={rating} onChange={(e) => setRating(e.target.value)}>
              <option>GREEN</option>
              <option>YELLOW</option>
              <option>RED</option>
            </select>
            <button type="button" disabled={!template} onClick={() => void post(`templates/${enc(template)}/quality`, { rating }, 'template quality')}>
              Set template quality
            </button>
            <button
              type="button"
              onClick={() => void post('phone/quality', { event: rating === 'GREEN' ? 'UPGRADE' : rating === 'RED' ? 'DOWNGRADE' : 'FLAGGED', rating }, 'phone quality')}
            >
              Set phone quality
            </button>
          </div>
          <FieldError error={error} field="rating" />
        </div>
        <div className="panel">
          <h2 style={{ marginTop: 0 }}>Payments</h2>
          <div className="field">
            <label htmlFor="link">Payment link id</label>
            <input id="link" value={link} placeholder="plink_…" onChange={(e) => setLink(e.target.value)} />
          </div>
          <div className="field">
            <label htmlFor="amount">Amount in minor units (partial payment or refund; empty = all)</label>
            <input id="amount" type="number" value={amount} onChange={(e) => setAmount(e.target.value)} />
            <FieldError error={error} field="amount" />
          </div>
          <div className="toolbar">
            <button type="button" disabled={!link} onClick={() => void post(`payment-links/${enc(link)}/pay`, amountBody(), amount ? 'partly pay' : 'pay')}>
              {amount ? 'Partly pay' : 'Pay'}
            </button>
            <button type="button" disabled={!link} onClick={() => void post(`payment-links/${enc(link)}/fail`, {}, 'fail')}>
              Fail
            </button>
            <button type="button" disabled={!link} onClick={() => void post(`payment-links/${enc(link)}/expire`, {}, 'expire')}>
              Expire
            </button>
          </div>
          <div className="field">
            <label htmlFor="payment">Payment id (refund)</label>
            <input id="payment" value={payment} placeholder="pay_…" onChange={(e) => setPayment(e.target.value)} />
          </div>
          <button type="button" disabled={!payment} onClick={() => void post(`payments/${enc(payment)}/refund`, amountBody(), 'refund')}>
            Refund
          </button>
          <h2>Fault injection</h2>
          <div className="toolbar">
            <button type="button" onClick={() => void post('faults', { aws: { targets: { rate: 0.5 }, putEvents: { rate: 0.1 } } }, 'faults on (targets 50 %, PutEvents 10 %)')}>
              Faults on
            </button>
            <button type="button" onClick={() => void post('faults', { aws: null, eum: null, razorpay: null }, 'faults off')}>
              Faults off
            </button>
          </div>
        </div>
      </div>
    </section>
  );
}
