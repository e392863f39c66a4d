import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Runtime } from '../runtime.js';

export interface Scenario {
  name: string;
  run(rt: Runtime): Promise<{ ok: boolean; summary: string }>;
}

export interface ScenarioResult {
  name: string;
  ok: boolean;
  summary: string;
  ms: number;
  file: string;
}

export const SCENARIOS_DIR = join(dirname(fileURLToPath(import.meta.url)), 'scenarios');

/** Every `scenario` exported by `local/demo/scenarios/*.ts`, backbone first, then by file name. */
export async function loadScenarios(dir = SCENARIOS_DIR): Promise<{ file: string; scenario: Scenario }[]> {
  let files: string[];
  try {
    files = readdirSync(dir).filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts') && !f.endsWith('.test.ts'));
  } catch {
    return [];
  }
  files.sort((a, b) => (a === 'backbone.ts' ? -1 : b === 'backbone.ts' ? 1 : a.localeCompare(b)));
  const out: { file: string; scenario: Scenario }[] = [];
  for (const file of files) {
    const mod = (await import(pathToFileURL(join(dir, file)).href)) as { scenario?: Scenario };
    if (mod.scenario && typeof mod.scenario.run === 'function') out.push({ file, scenario: mod.scenario });
  }
  return out;
}

/**
 * Runs scenarios one after another against a runtime; a scenario that throws or exceeds its time
 * budget is a failure with the reason, and the next one still runs.
 */
export async function runScenarios(
  rt: Runtime,
  opts: { quiet?: boolean; only?: string[]; timeoutMs?: number; dir?: string; onProgress?: (line: string) => void } = {},
): Promise<ScenarioResult[]> {
  const say = opts.onProgress ?? (opts.quiet ? () => undefined : (line: string) => console.log(line));
  const all = await loadScenarios(opts.dir);
  const chosen = all.filter(({ scenario }) => !opts.only?.length || opts.only.includes(scenario.name));
  const results: ScenarioResult[] = [];
  for (const [i, { file, scenario }] of chosen.entries()) {
    say(`[${i + 1}/${chosen.length}] ${scenario.name} …`);
    const started = Date.now();
    let result: { ok: boolean; summary: string };
    // A long scenario (review waits, link expiry) still shows signs of life.
    const ticker = setInterval(() => say(`      … still running (${Math.round((Date.now() - started) / 1000)} s)`), 10_000);
    ticker.unref?.();
    try {
      result = await withTimeout(scenario.run(rt), opts.timeoutMs ?? 120_000, scenario.name);
    } catch (err) {
      result = { ok: false, summary: `threw: ${(err as Error)?.message ?? String(err)}` };
    } finally {
      clearInterval(ticker);
    }
    const r = { name: scenario.name, ok: result.ok, summary: result.summary, ms: Date.now() - started, file };
    results.push(r);
    say(`      ${r.ok ? 'PASS' : 'FAIL'} ${r.summary} (${(r.ms / 1000).toFixed(1)} s)`);
  }
  return results;
}

export function formatSummary(results: ScenarioResult[]): string {
  const rows = results.map((r) => [r.ok ? 'PASS' : 'FAIL', r.name, `${(r.ms / 1000).toFixed(1)} s`, r.summary]);
  const head = ['', 'scenario', 'time', 'end state'];
  const widths = head.map((h, i) => Math.min(60, Math.max(h.length, ...rows.map((r) => r[i]!.length))));
  const line = (cells: string[]) => cells.map((c, i) => (i === 3 ? c : c.padEnd(widths[i]!))).join('  ');
  const passed = results.filter((r) => r.ok).length;
  return [line(head), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line), '', `${passed}/${results.length} scenarios passed`].join('\n');
}

function withTimeout<T>(p: Promise<T>, ms: number, name: string): Promise<T> {
  return new Promise((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(`${name} did not finish within ${ms / 1000} s`)), ms);
    p.then(
      (v) => (clearTimeout(t), resolve(v)),
      (e) => (clearTimeout(t), reject(e)),
    );
  });
}
