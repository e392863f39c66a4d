import { startRuntime } from '../local/runtime.js';
import { runScenarios } from '../local/demo/harness.js';
const rt = await startRuntime({ memory: true, port: 0, timeScale: 0.001, quiet: true });
const t0 = Date.now();
const origIdle = rt.idle;
rt.idle = async (ms?: number) => { const s = Date.now(); await origIdle(ms); console.log('idle took', Date.now() - s, 'ms at', Date.now() - t0); };
const origAction = rt.action;
rt.action = async (b: any) => { const s = Date.now(); const r = await origAction(b); console.log('action', b.action, Date.now() - s, 'ms'); return r; };
await runScenarios(rt, { only: ['quality-analytics'] });
for (const e of rt.stepFunctions.list()) {
  const h = e.history; let prev = Date.parse(e.startDate);
  for (const ev of h) { const t = Date.parse(ev.timestamp); if (t - prev > 200) console.log(e.stateMachine, ev.type, ev.state, 'gap', t - prev); prev = t; }
  console.log(e.stateMachine, e.status, Date.parse(e.stopDate!) - Date.parse(e.startDate), 'ms');
}
await rt.stop();
