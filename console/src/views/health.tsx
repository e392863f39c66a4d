import { useState } from 'react';
import { api, enc, NOT_ON_DEPLOYED_STACK } from '../api';
import { href } from '../router';
import { ErrorBanner, Grid, Page, Time, useApi } from '../ui';

interface Health {
  stateMachines: { name: string; arn: string; states: number; executions: number; running: number }[];
  stateMachineErrors: { stateMachine: string; error: string }[];
  rules: { name: string; description: string; bus: string; pattern: unknown; target: { kind: string; name: string } }[];
  schedules: { name: string; description: string; expression: string; target: { kind: string; name: string }; nextRun?: string; onTimers: boolean }[];
  inFlight: { work: number; runningExecutions: number; deadLetters: number; events: number };
  /** On a deployed stack (eum-social console --stack…): only the state machines are its own. */
  deployed?: { note: string };
}

export function HealthView() {
  const { result, reload } = useApi<Health>('/console/api/health', ['execution', 'dead-letter']);
  const [ran, setRan] = useState<Record<string, string>>({});
  if (result && !result.ok) return <ErrorBanner error={result.error} />;
  if (!result) return <p className="muted">loading…</p>;
  const h = result.data;
  const runNow = async (name: string) => {
    setRan((r) => ({ ...r, [name]: 'running…' }));
    const res = await api(`/console/api/schedules/${enc(name)}/run`, { body: {} });
    setRan((r) => ({ ...r, [name]: res.ok ? 'ran' : `failed: ${res.error.message}` }));
    reload();
  };
  return (
    <Page title="Health">
      {h.deployed ? (
        <ErrorBanner error={{ error: NOT_ON_DEPLOYED_STACK, message: h.deployed.note }} />
      ) : (
        <dl className="kv panel">
          <dt>Work in flight</dt>
          <dd>{h.inFlight.work}</dd>
          <dt>Running executions</dt>
          <dd>
            <a href={href(['executions'], { status: 'RUNNING' })}>{h.inFlight.runningExecutions}</a>
          </dd>
          <dt>Dead letters</dt>
          <dd>
            <a href={href(['failures'])}>{h.inFlight.deadLetters}</a>
          </dd>
          <dt>Events seen</dt>
          <dd>{h.inFlight.events}</dd>
        </dl>
      )}
      {h.stateMachineErrors.map((e) => (
        <ErrorBanner key={e.stateMachine} error={`${e.stateMachine}: ${e.error}`} title="State machine not loaded" />
      ))}
      <h2>State machines ({h.stateMachines.length} loaded)</h2>
      <Grid columns={['Name', 'States', 'Executions', 'Running', 'ARN']}>
        {h.stateMachines.map((m) => (
          <tr key={m.name}>
            <td>
              <a href={href(['executions'], { machine: m.name })}>{m.name}</a>
            </td>
            <td>{m.states}</td>
            <td>{m.executions}</td>
            <td>{m.running}</td>
            <td className="mono">{m.arn}</td>
          </tr>
        ))}
      </Grid>
      {!h.deployed && (
        <>
          <h2>Schedules</h2>
          <Grid columns={['Name', 'Expression', 'Target', 'Next run', 'Run now']}>
            {h.schedules.map((s) => (
              <tr key={s.name}>
                <td title={s.description}>{s.name}</td>
                <td className="mono">{s.expression}</td>
                <td>
                  {s.target.kind} {s.target.name}
                </td>
                <td>
                  <Time at={s.nextRun} /> {!s.onTimers && <span className="muted">(timers off at this time scale)</span>}
                </td>
                <td>
                  <button type="button" onClick={() => void runNow(s.name)}>
                    Run now<span className="sr-only"> {s.name}</span>
                  </button>{' '}
                  <span role="status">{ran[s.name] ?? ''}</span>
                </td>
              </tr>
            ))}
          </Grid>
          <h2>Rules ({h.rules.length})</h2>
          <Grid columns={['Rule', 'Bus', 'Target', 'Pattern']}>
            {h.rules.map((r) => (
              <tr key={r.name}>
                <td title={r.description}>{r.name}</td>
                <td>{r.bus}</td>
                <td>
                  {r.target.kind} {r.target.name}
                </td>
                <td className="mono" title={JSON.stringify(r.pattern)}>
                  <a href={href(['events'], { pattern: JSON.stringify(r.pattern, null, 2) })}>{JSON.stringify(r.pattern)}</a>
                </td>
              </tr>
            ))}
          </Grid>
        </>
      )}
    </Page>
  );
}
