import { useCallback, useEffect, useRef, useState } from 'react';
import { api, toApiError, type ApiError, type StreamKind } from '../api';
import { useLive } from '../ui';

/**
 * The operator views read everything through actions (`POST /console/api/actions`), never through
 * routes only the twin has: the same views work against a deployed stack, whose actions API the
 * console proxies there.
 */
export type ActionResult<T> = { ok: true; data: T; causedEvents: { eventId: string; detailType: string }[] } | { ok: false; status: number; error: ApiError };

export async function callAction<T = any>(action: string, input: Record<string, unknown> = {}): Promise<ActionResult<T>> {
  const r = await api<{ status: number; answer: T; causedEvents: { eventId: string; detailType: string }[] }>('/console/api/actions', { body: { action, ...input } });
  // The route answers with the action's own status; a refused action still carries its answer.
  const reply = r.ok ? r.data : r.raw?.answer !== undefined ? r.raw : undefined;
  if (!reply) return { ok: false, status: r.status, error: r.ok ? { error: 'Error', message: 'empty answer' } : r.error };
  if (reply.status >= 400) return { ok: false, status: reply.status, error: toApiError(reply.status, reply.answer) };
  return { ok: true, data: reply.answer as T, causedEvents: reply.causedEvents ?? [] };
}

/** An action read that re-runs when its input changes and when `live` stream kinds arrive (or every 3 s without the stream). */
export function useAction<T>(action: string | undefined, input: Record<string, unknown> = {}, live: StreamKind[] = []): { result: ActionResult<T> | undefined; reload: () => void } {
  const key = action ? JSON.stringify([action, input]) : '';
  const [result, setResult] = useState<ActionResult<T>>();
  const seq = useRef(0);
  const reload = useCallback(() => {
    if (!key) return;
    const [name, body] = JSON.parse(key) as [string, Record<string, unknown>];
    const mine = ++seq.current;
    void callAction<T>(name, body).then((r) => mine === seq.current && setResult(r));
  }, [key]);
  useEffect(() => {
    setResult(undefined);
    reload();
  }, [reload]);
  useLive(live, reload);
  return { result, reload };
}

/** Milliseconds → `2 h 05 min`, `3 d 4 h`, `45 s`. */
export function duration(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min`;
  const h = Math.floor(m / 60);
  if (h < 48) return `${h} h ${String(m % 60).padStart(2, '0')} min`;
  return `${Math.floor(h / 24)} d ${h % 24} h`;
}
