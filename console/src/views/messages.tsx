import { useCallback, useEffect, useRef, useState } from 'react';
import type { ApiError } from '../api';
import { callAction, useAction } from '../operator/action-call';
import { addDaysUtc } from '../operator/format';
import { href } from '../router';
import { ErrorBanner, Json, Page, Status, Time, VirtualTable, HeaderRow } from '../ui';

/** A `list_messages` row (console/OPERATOR-API.md). */
interface Message {
  messageId: string;
  messageKey: string;
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

/**
 * `#/messages?phone=&code=&status=&from=&to=`: stored messages over list_messages, newest first, paged.
 * list_messages reads one phone number's days; without `phone` the view asks every phone number
 * get_analytics covers and merges their pages.
 */
export function MessagesView({ query }: { query: URLSearchParams }) {
  const today = new Date().toISOString().slice(0, 10);
  const filters = {
    phone: query.get('phone') ?? '',
    code: query.get('code') ?? '',
    status: query.get('status') ?? '',
    from: query.get('from') || addDaysUtc(today, -29),
    to: query.get('to') || today,
  };
  const { result: covered } = useAction<{ phoneNumberIds: string[] }>('get_analytics', filters.phone ? undefined : { phoneNumberId: 'all', from: filters.from, to: filters.to });
  const phones = filters.phone ? [filters.phone] : covered?.ok ? covered.data.phoneNumberIds : undefined;
  const key = phones ? JSON.stringify({ phones, input: listInput(filters) }) : undefined;
  const [rows, setRows] = useState<Message[]>([]);
  // The next cursor of each phone number still having pages.
  const [cursors, setCursors] = useState<Record<string, string>>({});
  const [error, setError] = useState<ApiError>();
  const [loaded, setLoaded] = useState(false);
  // One request per page: a repeat of the one in flight is dropped, an answer for an older filter is ignored.
  const inFlight = useRef<string | undefined>(undefined);
  const seq = useRef(0);
  const load = useCallback(
    async (after?: Record<string, string>) => {
      const tag = `${key}|${JSON.stringify(after ?? null)}`;
      if (!key || inFlight.current === tag) return;
      inFlight.current = tag;
      const mine = ++seq.current;
      const { phones: all, input } = JSON.parse(key) as { phones: string[]; input: Record<string, unknown> };
      const targets = after ? Object.keys(after) : all;
      const pages = await Promise.all(
        targets.map((phone) => callAction<MessagePage>('list_messages', { ...input, phoneNumberId: phone, limit: 100, ...(after?.[phone] ? { cursor: after[phone] } : {}) })),
      );
      if (mine !== seq.current) return;
      inFlight.current = undefined;
      setLoaded(true);
      const failed = pages.find((r) => !r.ok);
      if (failed && !failed.ok) return setError(failed.error);
      setError(undefined);
      const next: Record<string, string> = {};
      const fresh: Message[] = [];
      pages.forEach((r, i) => {
        if (!r.ok) return;
        fresh.push(...r.data.messages);
        if (r.data.nextCursor) next[targets[i]!] = r.data.nextCursor;
      });
      const newestFirst = (a: Message, b: Message) => b.createdAt.localeCompare(a.createdAt);
      setRows((prev) => (after ? [...prev, ...fresh] : fresh).sort(newestFirst));
      setCursors(next);
    },
    [key],
  );
  useEffect(() => {
    setRows([]);
    setCursors({});
    setLoaded(false);
    void load();
  }, [load]);
  const more = Object.keys(cursors).length > 0;
  const what = [
    filters.code && `failed with ${filters.code}`,
    filters.status && `status ${filters.status}`,
    filters.phone && `from ${filters.phone}`,
    (filters.from || filters.to) && `${filters.from || '…'} to ${filters.to || '…'}`,
  ]
    .filter(Boolean)
    .join(', ');
  return (
    <Page title={`Messages${what ? ` — ${what}` : ''}`} actions={<a href={href(['analytics'], { phone: filters.phone, from: filters.from, to: filters.to })}>Back to analytics</a>}>
      <ErrorBanner error={error ?? (covered && !covered.ok ? covered.error : undefined)} />
      <p className="muted" role="status">
        {loaded ? `${rows.length}${more ? '+' : ''} message(s)` : covered && !covered.ok ? '' : 'Loading…'}
      </p>
      <VirtualTable
        label="Messages"
        rows={rows}
        height={`min(calc(100vh - 120px), ${34 + Math.max(rows.length, 1) * 30}px)`}
        onNearEnd={more ? () => void load(cursors) : undefined}
        colWidths={['190px', '90px', '130px', '100px', 'auto', '200px', '80px']}
        header={<HeaderRow columns={['Created', 'Direction', 'Customer', 'Status', 'Error', 'Template / type', 'Detail']} />}
        renderRow={(m) => (
          <tr key={m.messageKey} data-message-id={m.messageId}>
            <td>
              <Time at={m.createdAt} />
            </td>
            <td>{m.direction}</td>
            <td>{m.waId ? <a href={href(['customer', m.waId])}>{m.waId}</a> : '—'}</td>
            <td>
              <Status value={m.status} />
            </td>
            <td data-error-code={m.errorCode ?? ''} title={m.errorTitle ?? undefined}>
              {m.errorCode ? `${m.errorCode}${m.errorTitle ? ` — ${m.errorTitle}` : ''}` : '—'}
            </td>
            <td title={m.template ?? m.type}>{m.template ? `template ${m.template}` : (m.type ?? '')}</td>
            <td>
              <a href={href(['messages', m.messageKey])} aria-label={`open message ${m.messageId}`}>
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
  const out: Record<string, unknown> = {};
  // A failure code's messages are the failed ones with that code.
  if (f.code) Object.assign(out, { status: 'failed', errorCode: f.code });
  if (f.status) out.status = f.status;
  out.from = f.from;
  out.to = f.to;
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
