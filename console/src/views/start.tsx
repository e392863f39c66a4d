import { useEffect, useState } from 'react';
import { api, enc, type ApiError } from '../api';
import { navigate, setQuery } from '../router';
import { ErrorBanner, FieldError, Page } from '../ui';

interface MachineInfo {
  name: string;
  arn?: string;
  inputContract?: string;
  examples?: { title: string; description?: string; input: unknown }[];
}

/** Start an execution: the input editor is pre-filled from the machine's documented examples, or from an execution to re-run. */
export function StartView({ query }: { query: URLSearchParams }) {
  const [machines, setMachines] = useState<MachineInfo[]>([]);
  const [loadError, setLoadError] = useState<ApiError>();
  const machine = query.get('machine') ?? '';
  const from = query.get('from') ?? '';
  const exampleIndex = Number(query.get('example') ?? 0);
  const [input, setInput] = useState('{}');
  const [name, setName] = useState('');
  const [error, setError] = useState<ApiError>();
  const [busy, setBusy] = useState(false);
  const [prefill, setPrefill] = useState<string>();

  useEffect(() => {
    void (async () => {
      const r = await api<MachineInfo[] | { stateMachines: MachineInfo[] }>('/console/api/state-machines');
      if (r.ok) return setMachines(Array.isArray(r.data) ? r.data : r.data.stateMachines);
      // Older runtime: the names from health, without examples.
      const h = await api<{ stateMachines: { name: string }[] }>('/console/api/health');
      if (h.ok) setMachines(h.data.stateMachines.map((m) => ({ name: m.name })));
      else setLoadError(h.error);
    })();
  }, []);

  const info = machines.find((m) => m.name === machine);
  useEffect(() => {
    if (from) {
      void api<{ execution: { input: unknown } }>(`/console/api/executions/${enc(from)}`).then((r) => r.ok && setInput(JSON.stringify(r.data.execution.input, null, 2)));
    } else if (info?.examples?.[exampleIndex]) {
      setInput(JSON.stringify(info.examples[exampleIndex]!.input, null, 2));
    } else if (info) {
      // No documented example for this machine: start from the input of its latest execution.
      void api<{ executions: { executionArn: string }[] }>(`/console/api/executions?machine=${enc(info.name)}&limit=1`).then(async (r) => {
        const latest = r.ok ? r.data.executions[0] : undefined;
        if (!latest) return;
        const e = await api<{ execution: { input: unknown } }>(`/console/api/executions/${enc(latest.executionArn)}`);
        if (e.ok) {
          setInput(JSON.stringify(e.data.execution.input, null, 2));
          setPrefill(`pre-filled with the input of ${latest.executionArn.split(':').pop()} (no documented example)`);
        }
      });
    }
  }, [from, info, exampleIndex]);

  const start = async () => {
    setError(undefined);
    let parsed: unknown;
    try {
      parsed = JSON.parse(input);
    } catch (err) {
      return setError({ error: 'ValidationError', message: `input: not JSON (${(err as Error).message})`, field: 'input' });
    }
    if (!machine) return setError({ error: 'ValidationError', message: 'stateMachine: choose one', field: 'stateMachine' });
    setBusy(true);
    const r = await api<{ executionArn: string }>('/console/api/executions', { body: { stateMachine: machine, ...(name ? { name } : {}), input: parsed } });
    setBusy(false);
    if (!r.ok) return setError(r.error);
    navigate(['executions', r.data.executionArn]);
  };

  return (
    <Page title={from ? 'Re-run with edited input' : 'Start execution'}>
      <ErrorBanner error={loadError} />
      <form
        className="panel"
        onSubmit={(e) => {
          e.preventDefault();
          void start();
        }}
      >
        <div className="field">
          <label htmlFor="start-machine">
            State machine <span className="req">*</span>
          </label>
          <select id="start-machine" value={machine} onChange={(e) => setQuery({ machine: e.target.value || undefined, example: undefined, from: undefined })}>
            <option value="">choose…</option>
            {machines.map((m) => (
              <option key={m.name}>{m.name}</option>
            ))}
          </select>
          <FieldError error={error} field="stateMachine" />
        </div>
        {!!info?.examples?.length && !from && (
          <div className="field">
            <label htmlFor="start-example">Example input</label>
            <select id="start-example" value={exampleIndex} onChange={(e) => setQuery({ example: e.target.value })}>
              {info.examples.map((x, i) => (
                // biome-ignore lint/suspicious/noArrayIndexKey: the option value is the example's index (?example= in the URL), so the index is its identity
                <option key={i} value={i}>
                  {x.title}
                </option>
              ))}
            </select>
            {info.examples[exampleIndex]?.description && <span className="help">{info.examples[exampleIndex]!.description}</span>}
          </div>
        )}
        <div className="field">
          <label htmlFor="start-name">Execution name (optional; same name + same input = same execution)</label>
          <input id="start-name" value={name} onChange={(e) => (setName(e.target.value), setError(undefined))} />
          <FieldError error={error} field="name" />
        </div>
        <div className="field">
          <label htmlFor="start-input">
            Input (JSON) <span className="req">*</span>
          </label>
          {prefill && <span className="help">{prefill}</span>}
          <textarea id="start-input" rows={18} value={input} onChange={(e) => (setInput(e.target.value), setError(undefined))} spellCheck={false} />
          <FieldError error={error} field="input" />
        </div>
        {error && !error.field && !error.issues?.length && <ErrorBanner error={error} />}
        <button className="primary" type="submit" disabled={busy}>
          {busy ? 'Starting…' : 'Start'}
        </button>
      </form>
      {info?.inputContract && (
        <>
          <h2>Input contract</h2>
          <pre className="panel" style={{ whiteSpace: 'pre-wrap' }}>
            {info.inputContract}
          </pre>
        </>
      )}
    </Page>
  );
}
