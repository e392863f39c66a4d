import { useEffect, useMemo, useState } from 'react';
import { api, apiFirst, enc, type ApiError } from '../api';
import { href, navigate, setQuery } from '../router';
import { download, ErrorBanner, Grid, Json, Page, Status, Time, useApi, useConsoleMode } from '../ui';
import { StateGraph, type StateView } from './graph';
import { type ExecutionItem, subjectLine } from './executions';

interface ExecutionDetail {
  execution: ExecutionItem & { input: unknown; output?: unknown; cause?: string };
  definition: any;
  states: Record<string, StateView & { input?: unknown; output?: unknown; error?: string; cause?: unknown }>;
  waitingFor: { state: string; kind: string; since: string; resource?: string; subject?: Record<string, unknown>; until?: string }[];
  history: { timestamp: string; type: string; state?: string; stateType?: string; input?: unknown; output?: unknown; error?: string; cause?: unknown }[];
}

export function ExecutionView({ arn, query }: { arn: string; query: URLSearchParams }) {
  const { result, reload } = useApi<ExecutionDetail>(`/console/api/executions/${enc(arn)}`, ['execution']);
  const deployed = useConsoleMode().mode === 'deployed';
  const [actionError, setActionError] = useState<ApiError>();
  const [notice, setNotice] = useState<string>();
  const selected = query.get('state') ?? undefined;
  const detail = result?.ok ? result.data : undefined;
  const firstFailed = useMemo(() => (detail ? Object.entries(detail.states).find(([, s]) => s.status === 'failed')?.[0] : undefined), [detail]);
  const chosen = selected ?? firstFailed ?? (detail ? lastState(detail) : undefined);
  // The stream announces status changes only: follow a running execution's steps by polling.
  const running = detail?.execution.status === 'RUNNING';
  useEffect(() => {
    if (!running) return;
    const t = setInterval(reload, 1000);
    return () => clearInterval(t);
  }, [running, reload]);

  if (result && !result.ok) return <ErrorBanner error={result.error} title="Cannot load this execution" />;
  if (!detail) return <p className="muted">loading…</p>;
  const e = detail.execution;
  const state = chosen ? detail.states[chosen] : undefined;

  const act = async (what: 'stop' | 'redrive') => {
    setActionError(undefined);
    const r = await api(`/console/api/executions/${enc(arn)}/${what}`, { body: what === 'stop' ? { error: 'Console.Stopped', cause: 'stopped from the console' } : {} });
    if (!r.ok) return setActionError(r.error);
    setNotice(what === 'stop' ? 'Stop requested.' : 'Redriven from the failed state.');
    reload();
  };
  const exportHistory = async () => {
    const r = await apiFirst([`/console/api/executions/${enc(arn)}/history`]);
    if (!r.ok) return setActionError(r.error);
    download(`${e.name}.history.json`, r.data);
  };

  return (
    <Page
      title={
        <>
          {e.stateMachine} / <span className="mono">{e.name}</span> <Status value={e.status} />
        </>
      }
      actions={
        <>
          {e.status === 'RUNNING' && (
            <button type="button" className="danger" onClick={() => void act('stop')}>
              Stop
            </button>
          )}
          {['FAILED', 'TIMED_OUT', 'ABORTED'].includes(e.status) && (
            <button type="button" onClick={() => void act('redrive')}>
              Redrive
            </button>
          )}
          <button type="button" onClick={() => navigate(['start'], { machine: e.stateMachine, from: e.executionArn })}>
            Re-run with edited input
          </button>
          <button type="button" onClick={() => void exportHistory()}>
            Export history JSON
          </button>
        </>
      }
    >
      <dl className="kv">
        <dt>Started</dt>
        <dd>
          <Time at={e.startDate} />
        </dd>
        <dt>Ended</dt>
        <dd>
          <Time at={e.stopDate} />
        </dd>
        <dt>Subject</dt>
        <dd className="mono">{subjectLine(e.subject) || '—'}</dd>
        <dt>Started by</dt>
        <dd>
          {e.startedBy ? (
            <a href={href(['journey', e.startedBy])}>journey of event {e.startedBy}</a>
          ) : deployed ? (
            'not recorded by Step Functions (see the rule targets in CloudWatch)'
          ) : (
            'the console or an action (no event)'
          )}
        </dd>
        <dt>ARN</dt>
        <dd className="mono">{e.executionArn}</dd>
      </dl>
      {notice && (
        <div className="banner banner-ok" role="status">
          {notice}
        </div>
      )}
      <ErrorBanner error={actionError} />
      {e.error && (
        <div className="banner banner-bad" role="alert" data-testid="error-banner">
          <strong>{e.error}</strong> {e.cause}
        </div>
      )}
      {detail.waitingFor.map((w) => (
        <div key={w.state} className="banner banner-wait" data-testid="waiting-for">
          <strong>Waiting in {w.state}</strong>:{' '}
          {w.kind === 'task-token' ? (
            <>
              task token parked under <span className="mono">{subjectLine(w.subject) || 'this state’s input'}</span>
            </>
          ) : w.kind === 'timer' ? (
            'a Wait timer'
          ) : (
            'a task'
          )}{' '}
          since <Time at={w.since} />
          {w.until && (
            <>
              , until <Time at={w.until} /> at the latest
            </>
          )}
        </div>
      ))}
      <h2>Graph</h2>
      <StateGraph definition={detail.definition} states={detail.states} selected={chosen} onSelect={(s) => setQuery({ state: s })} />
      <h2>
        State {chosen ?? '—'} {state && <Status value={state.status} />}
      </h2>
      {state?.error && (
        <div className="banner banner-bad">
          <strong>{state.error}</strong> {typeof state.cause === 'string' ? state.cause : JSON.stringify(state.cause)}
        </div>
      )}
      <div className="cols">
        <div>
          <h2>Input</h2>
          <Json value={state ? state.input : e.input} label={`input of ${chosen ?? 'the execution'}`} />
        </div>
        <div>
          <h2>Output</h2>
          <Json value={state ? state.output : e.output} label={`output of ${chosen ?? 'the execution'}`} />
        </div>
      </div>
      <h2>History ({detail.history.length} events)</h2>
      <section className="vtable" style={{ maxHeight: 360 }} tabIndex={0} aria-label="History">
        <Grid columns={['#', 'Time', 'Type', 'State', 'Error']}>
          {detail.history.map((h, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: an immutable snapshot from the API, re-rendered whole; its entries have no identity of their own (texts and timestamps may repeat)
            <tr key={i} className={`clickable${h.state && h.state === chosen ? ' selected' : ''}`} onClick={() => h.state && setQuery({ state: h.state })}>
              <td>{i + 1}</td>
              <td>
                <Time at={h.timestamp} />
              </td>
              <td>{h.type}</td>
              <td>{h.state ?? ''}</td>
              <td>{h.error ? `${h.error}: ${typeof h.cause === 'string' ? h.cause : JSON.stringify(h.cause ?? '')}` : ''}</td>
            </tr>
          ))}
        </Grid>
      </section>
    </Page>
  );
}

function lastState(d: ExecutionDetail): string | undefined {
  for (let i = d.history.length - 1; i >= 0; i--) if (d.history[i]!.state) return d.history[i]!.state;
  return undefined;
}
