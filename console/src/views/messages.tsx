import { useCallback, useEffect, useRef, useState } from 'react';
import type { ApiError } from '../api';
import { callAction, useAction } from '../operator/action-call';
import { href } from '../router';
import { ErrorBanner, Json, Page, Status, Time, VirtualTable } from '../ui';

/** A `list_messages` row (console/OPERATOR-API.md). */
interface Message {
  messageId: string;
  direction: string;
  waId?: string;
  type?: string;
  template?: string;
  status?: string;
  errorCode?: string | number | null;
  errorTitle?: string | null;
  createdAt: string;
  statusAt?: string;
}
interface MessagePage {
  messages: Message[];
  nextCursor?: string;
}

/** `#/messages?phone=&code=&from=&to=`: stored messages over list_messages, newest first, paged. */
export function MessagesView({ query }: { query: URLSearchParams }) {
  const filters = { phone: query.get('phone') ?? '', code: query.get('code') ?? '', status: query.get('status') ?? '', from: query.get('from') ?? '', to: query.get('to') ?? '' };
  const input = listInput(filters);
  const key = JSON.stringify(input);
  const [rows, setRows] = useState<Message[]>([]);
  const [cursor, setCursor] = useState<string>();
  const [error, setError] = useState<ApiError>();
  const [loaded, setLoaded] = useState(false);
  const loading = useRef(false);
  const load = useCallback(
    async (after?: string) => {
      if (loading.current) return;
      loading.current = true;
      const r = await callAction<MessagePage>('list_messages', { ...JSON.parse(key), limit: 100, ...(after ? { cursor: after } : {}) });
      loading.current = false;
      setLoaded(true);
      if (!r.ok) return setError(r.error);
      setError(undefined);
      setRows((prev) => (after ? [...prev, ...r.data.messages] : r.data.messages));
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
  const what = [filters.code && `failed with ${filters.code}`, filters.status && `status ${filters.status}`, filters.phone && `from ${filters.phone}`, (filters.from || filters.to) && `${filters.from || '…'} to ${filters.to || '…'}`].filter(Boolean).join(', ');
  return (
    <Page title={`Messages${what ? ` — ${what}` : ''}`} actions={<a href={href(['analytics'], { phone: filters.phone, from: filters.from, to: filters.to })}>Back to analytics</a>}>
      <ErrorBanner error={error} />
      <p className="muted" role="status">
        {loaded ? `${rows.length}${cursor ? '+' : ''} message(s)` : 'Loading…'}
      </p>
      <VirtualTable
        label="Messages"
        rows={rows}
        height="calc(100vh - 120px)"
        onNearEnd={cursor ? () => void load(cursor) : undefined}
        colWidths={['180px', '90px', '140px', '110px', '90px', 'auto', '80px']}
        header={
          <tr>
            <th scope="col">Created</th>
            <th scope="col">Direction</th>
            <th scope="col">Customer</th>
            <th scope="col">Status</th>
            <th scope="col">Error</th>
            <th scope="col">Template / text</th>
            <th scope="col">Message</th>
          </tr>
        }
        renderRow={(m) => (
          <tr key={m.messageId} data-message-id={m.messageId}>
            <td>
              <Time at={m.createdAt} />
            </td>
            <td>{m.direction}</td>
            <td>{m.waId ? <a href={href(['customer', m.waId])}>{m.waId}</a> : '—'}</td>
            <td>
              <Status value={m.status} />
            </td>
            <td data-error-code={m.errorCode ?? ''} title={m.errorTitle ?? undefined}>
              {m.errorCode ?? '—'}
            </td>
            <td title={m.template ?? m.type}>{m.template ? `template ${m.template}` : (m.type ?? '')}</td>
            <td>
              <a href={href(['messages', m.messageId])} aria-label={`open message ${m.messageId}`}>
                open
              </a>
            </td>
          </tr>
        )}
      />
    </Page>
  );
}

function listInput(f: { phone: string; code: string; status: string; from: string; to: string }): Record<string, unknown> {
  const out: Record<string, unknown> = { phoneNumberId: f.phone || 'all' };
  // A failure code's messages are the failed ones with that code.
  if (f.code) Object.assign(out, { status: 'failed', errorCode: f.code });
  if (f.status) out.status = f.status;
  if (f.from) out.from = f.from;
  if (f.to) out.to = f.to;
  return out;
}

interface MessageDetail {
  message: Message & Record<string, unknown>;
  history: { status: string; at?: string; timestamp?: string; errors?: unknown }[];
}

/** `#/messages/<messageKey>`: one stored message (get_message) with its status history. */
export function MessageView({ messageKey }: { messageKey: string }) {
  const { result } = useAction<MessageDetail>('get_message', { messageKey }, ['message']);
  const m = result?.ok ? result.data.message : undefined;
  return (
    <Page title={`Message ${messageKey}`} actions={m?.waId ? <a href={href(['customer', m.waId])}>Conversation with {m.waId}</a> : undefined}>
      {result && !result.ok && <ErrorBanner error={result.error} />}
      {result?.ok && (
        <div className="cols">
          <section aria-label="Stored message">
            <h2>Stored</h2>
            <Json value={result.data.message} label="stored message" />
          </section>
          <section aria-label="Status history">
            <h2>Status history</h2>
            <Json value={result.data.history} label="status history" />
          </section>
        </div>
      )}
    </Page>
  );
}
