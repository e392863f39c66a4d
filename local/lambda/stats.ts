import type { FunctionStats } from './bundle-invoker.js';

/** One line per function of a bundles-mode run: invocations, cold starts and their init times. */
export function formatFunctionStats(stats: Record<string, FunctionStats>): string {
  const rows = Object.entries(stats).sort(([a], [b]) => a.localeCompare(b));
  const width = Math.max(8, ...rows.map(([n]) => n.length));
  const lines = rows.map(([name, s]) => {
    const init = s.initMs.length ? `init ${Math.round(Math.min(...s.initMs))}–${Math.round(Math.max(...s.initMs))} ms` : 'no init';
    return `  ${name.padEnd(width)}  ${String(s.invocations).padStart(4)} invocation(s)  ${String(s.coldStarts).padStart(3)} cold start(s), ${init}${s.timeouts ? `, ${s.timeouts} timeout(s)` : ''}`;
  });
  return [`functions (each from its bundle, own process):`, ...lines].join('\n');
}
