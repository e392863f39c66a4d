import { useEffect, useState } from 'react';
import { api, toApiError, type ApiError } from '../api';
import { href } from '../router';
import { ErrorBanner, FieldError, Json, Page, Status, useApi } from '../ui';

interface JsonSchema {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  enum?: unknown[];
  const?: unknown;
  description?: string;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  format?: string;
  default?: unknown;
  anyOf?: JsonSchema[];
  items?: JsonSchema;
}
interface ActionInfo {
  name: string;
  status: string;
  summary: string;
  needs: string[];
  runbook: string[];
  schema: JsonSchema;
}
interface ActionAnswer {
  status: number;
  answer: unknown;
  causedEvents: { eventId: string; detailType: string }[];
}

const storeKey = (name: string) => `eum-console.action.${name}`;

export function ActionsView({ name }: { name: string | undefined }) {
  const { result } = useApi<{ actions: ActionInfo[] }>('/console/api/actions');
  const actions = result?.ok ? result.data.actions : [];
  const current = actions.find((a) => a.name === name);
  return (
    <Page title="Actions">
      {result && !result.ok && <ErrorBanner error={result.error} />}
      <div className="cols3">
        <nav aria-label="Actions" className="panel" style={{ maxHeight: 'calc(100vh - 90px)', overflow: 'auto' }} tabIndex={0}>
          <ul style={{ listStyle: 'none', margin: 0, padding: 0 }}>
            {actions.map((a) => (
              <li key={a.name} style={{ padding: '3px 0', display: 'flex', justifyContent: 'space-between', gap: 6 }}>
                <a href={href(['actions', a.name])} aria-current={a.name === name ? 'page' : undefined} style={{ fontWeight: a.name === name ? 700 : 400 }}>
                  {a.name}
                </a>{' '}
                <Status value={a.status} />
              </li>
            ))}
          </ul>
        </nav>
        <div>{current ? <ActionForm key={current.name} action={current} /> : <p className="muted">Choose an action.</p>}</div>
      </div>
    </Page>
  );
}

function fieldKind(s: JsonSchema): 'enum' | 'string' | 'number' | 'boolean' | 'json' {
  if (s.enum) return 'enum';
  const t = Array.isArray(s.type) ? s.type.find((x) => x !== 'null') : s.type;
  if (t === 'string') return 'string';
  if (t === 'integer' || t === 'number') return 'number';
  if (t === 'boolean') return 'boolean';
  return 'json';
}

function limits(s: JsonSchema): string {
  const out: string[] = [];
  if (s.minLength !== undefined) out.push(`≥ ${s.minLength} chars`);
  if (s.maxLength !== undefined) out.push(`≤ ${s.maxLength} chars`);
  if (s.minimum !== undefined) out.push(`≥ ${s.minimum}`);
  if (s.exclusiveMinimum !== undefined) out.push(`> ${s.exclusiveMinimum}`);
  if (s.maximum !== undefined) out.push(`≤ ${s.maximum}`);
  if (s.exclusiveMaximum !== undefined) out.push(`< ${s.exclusiveMaximum}`);
  if (s.pattern) out.push(`pattern ${s.pattern}`);
  if (s.format) out.push(s.format);
  return out.join(', ');
}

/** A form generated from the action's JSON Schema (from its zod schema); the last input is kept per action. */
function ActionForm({ action }: { action: ActionInfo }) {
  const props = Object.entries(action.schema.properties ?? {}).filter(([k]) => k !== 'action');
  const required = new Set(action.schema.required ?? []);
  const [values, setValues] = useState<Record<string, string>>(() => {
    try {
      return JSON.parse(localStorage.getItem(storeKey(action.name)) ?? '{}');
    } catch {
      return {};
    }
  });
  const [error, setError] = useState<ApiError>();
  const [answer, setAnswer] = useState<ActionAnswer>();
  const [busy, setBusy] = useState(false);
  useEffect(() => localStorage.setItem(storeKey(action.name), JSON.stringify(values)), [action.name, values]);

  const submit = async () => {
    setError(undefined);
    setAnswer(undefined);
    const body: Record<string, unknown> = { action: action.name };
    for (const [k, s] of props) {
      const v = values[k];
      if (v === undefined || v === '') continue;
      const kind = fieldKind(s);
      if (kind === 'number') body[k] = Number(v);
      else if (kind === 'boolean') body[k] = v === 'true';
      else if (kind === 'json') {
        try {
          body[k] = JSON.parse(v);
        } catch (err) {
          return setError({
            error: 'ValidationError',
            message: `${k}: not JSON (${(err as Error).message})`,
            issues: [{ field: k, rule: `not JSON (${(err as Error).message})` }],
          });
        }
      } else body[k] = v;
    }
    setBusy(true);
    const r = await api<ActionAnswer>('/console/api/actions', { body });
    setBusy(false);
    // The route answers with the action's own status; a refused action still carries its answer.
    const reply: ActionAnswer | undefined = r.ok ? r.data : r.raw?.answer !== undefined ? r.raw : undefined;
    if (!reply) return setError(r.ok ? undefined : r.error);
    if (reply.status >= 400) setError(toApiError(reply.status, reply.answer));
    setAnswer(reply);
  };

  return (
    <div>
      <h2 style={{ marginTop: 0 }}>
        {action.name} <Status value={action.status} />
      </h2>
      <p>{action.summary}</p>
      {action.needs.length > 0 && <p className="muted">Needs: {action.needs.join('; ')}</p>}
      {action.runbook.length > 0 && (
        <div className="banner banner-info">
          <strong>Runbook</strong> ({action.status === 'stub' ? 'this action is a stub: do it in Meta’s tools' : 'the rest of it in Meta’s tools'})
          <ol>
            {action.runbook.map((r, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: an immutable snapshot from the API, re-rendered whole; its entries have no identity of their own (texts and timestamps may repeat)
              <li key={i}>{r}</li>
            ))}
          </ol>
        </div>
      )}
      <form
        className="panel"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        {props.length === 0 && <p className="muted">No input besides the action name.</p>}
        {props.map(([k, s]) => {
          const id = `f-${k}`;
          const kind = fieldKind(s);
          const help = [s.description, limits(s)].filter(Boolean).join(' — ');
          const set = (v: string) => setValues((prev) => ({ ...prev, [k]: v }));
          return (
            <div className="field" key={k}>
              <span>
                <label htmlFor={id}>{k}</label> {required.has(k) && <span className="req">required</span>}
              </span>
              {kind === 'enum' ? (
                <select id={id} aria-required={required.has(k)} value={values[k] ?? ''} onChange={(e) => set(e.target.value)}>
                  <option value="">—</option>
                  {s.enum!.map((v) => (
                    <option key={String(v)}>{String(v)}</option>
                  ))}
                </select>
              ) : kind === 'boolean' ? (
                <select id={id} value={values[k] ?? ''} onChange={(e) => set(e.target.value)}>
                  <option value="">—</option>
                  <option value="true">true</option>
                  <option value="false">false</option>
                </select>
              ) : kind === 'json' ? (
                <textarea
                  id={id}
                  aria-required={required.has(k)}
                  rows={4}
                  value={values[k] ?? ''}
                  placeholder={jsonPlaceholder(s)}
                  onChange={(e) => set(e.target.value)}
                  spellCheck={false}
                />
              ) : (
                <input
                  id={id}
                  aria-required={required.has(k)}
                  type={kind === 'number' ? 'number' : 'text'}
                  value={values[k] ?? ''}
                  min={s.minimum}
                  max={s.maximum}
                  onChange={(e) => set(e.target.value)}
                />
              )}
              {help && <span className="help">{help}</span>}
              <FieldError error={error} field={k} />
            </div>
          );
        })}
        {error && !error.issues?.length && <ErrorBanner error={error} />}
        <div className="toolbar">
          <button className="primary" type="submit" disabled={busy}>
            {busy ? 'Running…' : `Run ${action.name}`}
          </button>
          <button type="button" onClick={() => setValues({})}>
            Clear
          </button>
        </div>
      </form>
      {answer && (
        <section aria-label="Answer">
          <h2>Answer: HTTP {answer.status}</h2>
          {answer.causedEvents.length > 0 && (
            <p>
              Events it caused:{' '}
              {answer.causedEvents.map((e) => (
                <a key={e.eventId} href={href(['journey', e.eventId])} style={{ marginRight: 8 }}>
                  {e.detailType} ({e.eventId})
                </a>
              ))}
            </p>
          )}
          <Json value={answer.answer} label="action answer" />
        </section>
      )}
    </div>
  );
}

function jsonPlaceholder(s: JsonSchema): string {
  const t = Array.isArray(s.type) ? s.type.join('|') : (s.type ?? (s.anyOf ? 'one of several shapes' : 'value'));
  return `JSON (${t})`;
}
