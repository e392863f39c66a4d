/**
 * The console's only door to the runtime: every request carries `Authorization: Bearer <token>`.
 * The token arrives once in `?token=` (the URL `npm start` prints), is kept in sessionStorage and
 * removed from the address bar.
 */
const TOKEN_KEY = 'eum-console-token';

export function adoptTokenFromUrl(): void {
  const url = new URL(window.location.href);
  const token = url.searchParams.get('token');
  if (token) {
    sessionStorage.setItem(TOKEN_KEY, token);
    url.searchParams.delete('token');
    history.replaceState(history.state, '', url.pathname + (url.search || '') + url.hash);
  }
}

export const token = (): string => sessionStorage.getItem(TOKEN_KEY) ?? '';

export interface ApiError {
  error: string;
  message: string;
  field?: string;
  /** Field-level issues (the action registry's `{field, rule}`). */
  issues?: { field: string; rule: string }[];
}

export type ApiResult<T> = { ok: true; status: number; data: T } | { ok: false; status: number; error: ApiError; raw?: any };

/** Normalizes the error shapes of the runtime ({error, message, field} and the actions' {error: {code, message, details}}). */
export function toApiError(status: number, body: any): ApiError {
  if (body && typeof body.error === 'object' && body.error) {
    const e = body.error;
    return { error: String(e.code ?? 'Error'), message: String(e.message ?? ''), field: e.field, issues: e.details?.issues };
  }
  if (body && typeof body.error === 'string') return { error: body.error, message: String(body.message ?? body.error), field: body.field, issues: body.issues };
  return { error: `HTTP ${status}`, message: typeof body === 'string' ? body : JSON.stringify(body) };
}

export async function api<T = any>(path: string, init: { method?: string; body?: unknown } = {}): Promise<ApiResult<T>> {
  let res: Response;
  try {
    res = await fetch(path, {
      method: init.method ?? (init.body === undefined ? 'GET' : 'POST'),
      headers: { authorization: `Bearer ${token()}`, ...(init.body !== undefined ? { 'content-type': 'application/json' } : {}) },
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
    });
  } catch (err) {
    return { ok: false, status: 0, error: { error: 'NetworkError', message: `the runtime does not answer (${(err as Error).message})` } };
  }
  const text = await res.text();
  let body: any = text;
  try {
    body = text ? JSON.parse(text) : {};
  } catch {
    // not JSON
  }
  return res.ok ? { ok: true, status: res.status, data: body as T } : { ok: false, status: res.status, error: toApiError(res.status, body), raw: body };
}

/** The first route that exists: the console's own, then the runtime's older JSON endpoint. */
export async function apiFirst<T = any>(paths: string[], init: { method?: string; body?: unknown } = {}): Promise<ApiResult<T>> {
  let last: ApiResult<T> | undefined;
  for (const p of paths) {
    last = await api<T>(p, init);
    if (last.ok || last.status !== 404) return last;
  }
  return last!;
}

export const enc = encodeURIComponent;

// ------------------------------------------------------------------------------- mode

/** What a console route answers when only the twin has its data (`eum-social console --stack…`). */
export const NOT_ON_DEPLOYED_STACK = 'NotAvailableOnDeployedStack';

export interface ConsoleMode {
  mode: 'local' | 'deployed';
  stack?: string | null;
  region?: string;
  actionsUrl?: string;
}

let modeRequest: Promise<ConsoleMode> | undefined;

/** Local twin or deployed stack, asked once; a runtime without the route is the twin. */
export function consoleMode(): Promise<ConsoleMode> {
  return (modeRequest ??= api<ConsoleMode>('/console/api/mode').then((r) => (r.ok ? r.data : { mode: 'local' })));
}

// ------------------------------------------------------------------------------- live stream

export type StreamKind = 'bus-event' | 'execution' | 'dead-letter' | 'message';
type Listener = (kind: StreamKind, data: any) => void;
const listeners = new Set<Listener>();
let started = false;
export let streamState: 'connecting' | 'live' | 'polling' = 'connecting';
const stateListeners = new Set<(s: typeof streamState) => void>();

export function onStream(listener: Listener): () => void {
  listeners.add(listener);
  if (!started) {
    started = true;
    void runStream();
  }
  return () => listeners.delete(listener);
}

export function onStreamState(l: (s: typeof streamState) => void): () => void {
  stateListeners.add(l);
  return () => stateListeners.delete(l);
}

function setState(s: typeof streamState) {
  streamState = s;
  for (const l of stateListeners) l(s);
}

/** `text/event-stream` over fetch (EventSource cannot send the Authorization header); reconnects. */
async function runStream(): Promise<void> {
  for (;;) {
    try {
      const res = await fetch('/console/api/stream', { headers: { authorization: `Bearer ${token()}`, accept: 'text/event-stream' } });
      if (res.status === 501) {
        // A deployed stack has no stream: the views poll.
        setState('polling');
        return;
      }
      if (!res.ok || !res.body) {
        // No stream on this runtime (yet): the views poll instead.
        setState('polling');
        await sleep(res.status === 404 ? 15_000 : 3_000);
        continue;
      }
      setState('live');
      await parseEventStream(res.body, (kind, data) => {
        for (const l of listeners) l(kind as StreamKind, data);
      });
    } catch {
      // dropped: reconnect
    }
    setState('polling');
    await sleep(2_000);
  }
}

export async function parseEventStream(body: ReadableStream<Uint8Array>, onMessage: (event: string, data: unknown) => void): Promise<void> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return;
    buffer += decoder.decode(value, { stream: true }).replace(/\r\n/g, '\n');
    let cut: number;
    while ((cut = buffer.indexOf('\n\n')) >= 0) {
      const block = buffer.slice(0, cut);
      buffer = buffer.slice(cut + 2);
      let event = 'message';
      const data: string[] = [];
      for (const line of block.split('\n')) {
        if (line.startsWith(':')) continue;
        if (line.startsWith('event:')) event = line.slice(6).trim();
        else if (line.startsWith('data:')) data.push(line.slice(5).replace(/^ /, ''));
      }
      if (!data.length) continue;
      let parsed: unknown = data.join('\n');
      try {
        parsed = JSON.parse(parsed as string);
      } catch {
        // plain text data
      }
      onMessage(event, parsed);
    }
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
