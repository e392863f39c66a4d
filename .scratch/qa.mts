import { startRuntime } from '../local/runtime.js';
import { runScenarios, formatSummary } from '../local/demo/harness.js';
const rt = await startRuntime({ memory: true, port: 0, timeScale: 0.001, quiet: false });
const iv = setInterval(async () => { console.log('busy', rt.bus && (await fetch(rt.url + '/health').then(r => r.json())), (await rt.executions()).map(e => e.stateMachine + ':' + e.status)); }, 3000);
const r = await runScenarios(rt, { only: ['quality-analytics'], timeoutMs: 20000 });
console.log(formatSummary(r));
clearInterval(iv);
await rt.stop();
