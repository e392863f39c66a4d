import { useCallback, useEffect, useRef, useState } from 'react';
import { api, toApiError, type ApiResult, type StreamKind } from '../api';
import { useLive } from '../ui';

/**
 * The operator views read everything through the action registry (`POST /console/api/actions`),
 * never through twin-only routes, so the same views work against a deployed stack.
 * The route answers `{status, answer, causedEvents}` with the action's own HTTP status.
 */
export async function callAction<T = any>(action: string, input: Record<string, unknown> = {}): Promise<ApiResult<T>> {
  const r = await api<{ status: number; answer: T }>('/console/api/actions', { body: { action, ...input } });
  const reply = r.ok ? r.data : r.raw?.answer !== undefined ? (r.raw as { status: number; answer: T }) : undefined;
  if (!reply) return r.ok ? { ok: false, status: r.status, error: { error: 'BadAnswer', message: 'the actions route answered without an answer' } } : r;
  if (reply.status >= 400) {
    const error = toApiError(reply.status, reply.answer);
    // Domain refusals name their field in `details.field` (ActionError details).
    const details = (reply.answer as { error?: { details?: { field?: unknown } } })?.error?.details;
    if (!error.field && typeof details?.field === 'string') error.field = details.field;
    return { ok: false, status: reply.status, error, raw: reply.answer };
  }
  return { ok: true, status: reply.status, data: reply.answer };
}

/** An action read that re-runs when its input changes and when a stream kind it shows arrives. */
export function useAction<T>(action: string, input: Record<string, unknown> | undefined, live: StreamKind[] = []) {
  const key = input ? JSON.stringify(input) : undefined;
  const [result, setResult] = useState<ApiResult<T>>();
  const seq = useRef(0);
  const reload = useCallback(() => {
    if (!key) return;
    const mine = ++seq.current;
    void callAction<T>(action, JSON.parse(key)).then((r) => mine === seq.current && setResult(r));
  }, [action, key]);
  useEffect(() => {
    setResult(undefined);
    reload();
  }, [reload]);
  // Operator reads are heavier than the twin's lists: poll slowly when there is no stream.
  useLive(live, reload, 10_000);
  return { result, reload };
}
