import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildConsole } from '../console/build.js';
import { startRuntime } from '../local/runtime.js';
import { log, percentile, pool, progress, round, type BenchOptions, type Result } from './lib.js';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/**
 * The console at scale, in Debian's chromium: first render of the executions view over 10,000
 * executions (paged server query + windowed table), and the lag from PutEvents to the row showing in
 * the events view while 100 events/s stream in.
 */
export async function benchConsole(opts: BenchOptions): Promise<Result[]> {
  if (!existsSync(CHROMIUM)) return [{ name: 'console.first_render_10k', value: null, unit: `not measured: no chromium at ${CHROMIUM}` }];
  const { chromium } = await import('playwright-core');
  await buildConsole();
  const executions = opts.quick ? 2_000 : 10_000;
  const rate = 100;
  const seconds = opts.quick ? 3 : 10;

  const dir = mkdtempSync(join(tmpdir(), 'eum-bench-console-'));
  writeFileSync(join(dir, 'pass-only.asl.json'), JSON.stringify({ StartAt: 'Done', States: { Done: { Type: 'Pass', Result: { templateName: 'bench' }, End: true } } }));
  const rt = await startRuntime({ memory: true, port: 0, quiet: true, timeScale: 1, sandboxes: false, stateMachinesDir: dir, rules: [], scheduleDefinitions: [] });
  const profile = mkdtempSync(join(tmpdir(), 'eum-bench-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    viewport: { width: 1280, height: 800 },
  });
  try {
    const arn = `arn:aws:states:local:000000000000:stateMachine:${rt.stepFunctions.machineNames()[0]}`;
    const bar = progress(`starting ${executions} executions`, executions);
    await pool([...Array(executions).keys()], 16, async (i) => {
      await rt.stepFunctions.startExecution({ stateMachineArn: arn, name: `bench-${i}`, input: JSON.stringify({ phoneNumberId: `phone-${i}` }) });
      bar.tick();
    });
    bar.done();
    await rt.idle(120_000);

    const page = context.pages()[0] ?? (await context.newPage());
    const label = `${executions.toLocaleString('en-US')} executions`;
    // First render: navigation to the table's first rows and the total, cold (a fresh page).
    const renders: number[] = [];
    for (let i = 0; i < 3; i++) {
      const t0 = Date.now();
      await page.goto(`${rt.url}/console/?token=${rt.consoleToken}#/executions`);
      await page.locator('table.grid tbody tr td').first().waitFor();
      await page.getByText(label).waitFor();
      renders.push(Date.now() - t0);
    }
    const rowsInDom = await page.locator('table.grid tbody tr:not([aria-hidden])').count();

    // Stream lag: PutEvents at `rate`/s; a MutationObserver in the page notes when each id shows up.
    await page.goto(`${rt.url}/console/#/events`);
    await page.locator('h1', { hasText: 'Events' }).waitFor();
    // (A string: this runs in the page, not in Node.)
    await page.evaluate(`(() => {
      const seen = (window.__seen = {});
      new MutationObserver(() => {
        for (const m of document.body.innerText.matchAll(/bench-evt-(\\d+)/g)) seen[m[1]] ??= Date.now();
      }).observe(document.body, { childList: true, subtree: true, characterData: true });
    })()`);
    const sentAt: number[] = [];
    const total = rate * seconds;
    const started = Date.now();
    for (let i = 0; i < total; i++) {
      const due = started + (i * 1000) / rate;
      const wait = due - Date.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      sentAt[i] = Date.now();
      await rt.putEvent('bench.tick', { eventId: `bench-evt-${i}` });
    }
    await page.waitForTimeout(4000);
    const seen = (await page.evaluate('window.__seen')) as Record<string, number>;
    // Freshness: event i counts as shown once it or any newer event is on screen (rows scroll past at 100/s).
    const firstSeenFrom: number[] = [];
    let earliest = Infinity;
    for (let i = total - 1; i >= 0; i--) {
      if (seen[i] !== undefined) earliest = Math.min(earliest, seen[i]!);
      firstSeenFrom[i] = earliest;
    }
    const lags = sentAt.map((t, i) => firstSeenFrom[i]! - t).filter((v) => Number.isFinite(v));
    const shown = Object.keys(seen).length;
    log(`  console: first render ${renders.join('/')} ms, ${rowsInDom} rows in the DOM, stream lag p50 ${percentile(lags, 0.5)} ms over ${shown}/${total} events`);
    return [
      {
        name: `console.executions_first_render_${executions}`,
        value: round(percentile(renders, 0.5), 0),
        unit: 'ms (median of 3 cold loads)',
        target: '< 2000 ms',
        met: percentile(renders, 0.5) < 2000,
      },
      { name: 'console.executions_rows_in_dom', value: rowsInDom, unit: `rows (of ${executions}; windowed)` },
      { name: `console.stream_lag_p50_at_${rate}_per_s`, value: lags.length ? round(percentile(lags, 0.5), 0) : null, unit: 'ms from PutEvents until it (or a newer event) shows' },
      {
        name: `console.stream_lag_p95_at_${rate}_per_s`,
        value: lags.length ? round(percentile(lags, 0.95), 0) : null,
        unit: 'ms',
        target: '< 3000 ms',
        met: lags.length > 0 && percentile(lags, 0.95) < 3000,
      },
      { name: 'console.stream_events_shown', value: shown, unit: `of ${total} ids seen on screen (the rest scrolled past between refreshes)` },
    ];
  } finally {
    await context.close().catch(() => undefined);
    await rt.stop();
    rmSync(dir, { recursive: true, force: true });
    rmSync(profile, { recursive: true, force: true });
  }
}
