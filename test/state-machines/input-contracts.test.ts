import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRuntime, type Runtime } from '../../local/runtime.js';
import { StateMachineInputs } from '../../state-machines/inputs.js';
import { listStateMachines, STATE_MACHINES_DIR } from '../../state-machines/substitutions.js';

interface Example {
  title: string;
  description: string;
  input: unknown;
  /** The execution name to start it under, when another example refers to it (a run id). */
  name?: string;
}
const machines = listStateMachines().map((m) => m.name);
const examplesOf = (name: string): Example[] => (JSON.parse(readFileSync(join(STATE_MACHINES_DIR, `${name}.examples.json`), 'utf8')) as { examples: Example[] }).examples;

describe('state machine input contracts (state-machines/<name>.md + <name>.examples.json)', () => {
  it.each(machines)('%s: has a written contract, examples, and every example matches its input schema', (name) => {
    expect(existsSync(join(STATE_MACHINES_DIR, `${name}.md`))).toBe(true);
    const schema = StateMachineInputs[name as keyof typeof StateMachineInputs];
    expect(schema, `no schema for ${name} in state-machines/inputs.ts`).toBeDefined();
    const examples = examplesOf(name);
    expect(examples.length).toBeGreaterThan(0);
    for (const ex of examples) {
      expect(ex.title.length * ex.description.length).toBeGreaterThan(0);
      const parsed = schema.safeParse(ex.input);
      expect([ex.title, parsed.success ? 'ok' : parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')]).toEqual([ex.title, 'ok']);
    }
  });
});

describe('every example runs past its first Task on the local runtime', () => {
  let rt: Runtime;
  beforeAll(async () => {
    // Real time: token waits keep their minutes, so each execution stays parked where its first Task left it.
    rt = await startRuntime({ memory: true, port: 0, quiet: true, timeScale: 1, schedules: false });
  });
  afterAll(async () => rt?.stop());

  it('serves the contract and the examples to the console', async () => {
    const res = await fetch(`${rt.url}/console/api/state-machines`, { headers: { authorization: `Bearer ${rt.consoleToken}` } });
    const body = (await res.json()) as { name: string; inputContract: string; examples: Example[] }[];
    expect(body.map((m) => m.name).sort()).toEqual([...machines].sort());
    for (const m of body) {
      expect(m.inputContract.startsWith(`# ${m.name}`)).toBe(true);
      expect(m.examples).toEqual(examplesOf(m.name));
    }
  });

  const start = async (stateMachine: string, ex: Example): Promise<string> => {
    const res = await fetch(`${rt.url}/console/api/executions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${rt.consoleToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ stateMachine, input: ex.input, ...(ex.name ? { name: ex.name } : {}) }),
    });
    expect(res.status).toBe(200);
    return ((await res.json()) as { executionArn: string }).executionArn;
  };

  it.each(machines.flatMap((name) => examplesOf(name).map((ex, i) => [name, i, ex.title] as const)))('%s example %i (%s)', async (name, i) => {
    const example = examplesOf(name)[i]!;
    // An example that names another example's execution (a run id) needs that one to have run (idempotent by name).
    for (const other of machines) {
      for (const before of examplesOf(other)) {
        if (before.name && before !== example && JSON.stringify(example.input).includes(JSON.stringify(before.name))) await start(other, before);
      }
    }
    await rt.idle(60_000);
    const executionArn = await start(name, example);
    await rt.idle(60_000);
    const { events } = rt.stepFunctions.getExecutionHistory({ executionArn, maxResults: 1000 });
    const types = events.map((e) => e.type);
    const record = rt.execution(executionArn)!;
    // The first Task was scheduled and nothing failed: the input got through the states before it and the handler took it.
    expect(types).toContain('TaskScheduled');
    expect([record.status, record.error ?? 'no error', types.filter((t) => /Failed$/.test(t))]).toEqual([expect.stringMatching(/^(RUNNING|SUCCEEDED)$/), 'no error', []]);
    if (record.status === 'RUNNING') await rt.stepFunctions.stopExecution({ executionArn });
  });
});
