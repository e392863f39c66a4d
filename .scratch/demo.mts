import { startRuntime } from '../local/runtime.js';
import { runScenarios, formatSummary } from '../local/demo/harness.js';
const rt = await startRuntime({ memory: true, port: 0, timeScale: 0.001, quiet: true });
const r = await runScenarios(rt, { only: ['backbone'] });
console.log(formatSummary(r));
await rt.stop();
