import AxeBuilder from '@axe-core/playwright';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { expect } from 'vitest';
import { buildConsole } from '../../console/build.js';
import { runScenarios } from '../../local/demo/harness.js';
import { startRuntime, type Runtime, type RuntimeOptions } from '../../local/runtime.js';

export const SCREENSHOTS = join(dirname(fileURLToPath(import.meta.url)), 'screenshots');
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const hasChromium = existsSync(CHROMIUM);

export interface ConsoleSession {
  rt: Runtime;
  browser: BrowserContext;
  page: Page;
  /** Opens a console view (`#/…`) with the token in the URL, as `npm start` prints it. */
  open(hash: string): Promise<void>;
  /** A 1280×800 screenshot into the git-ignored screenshots folder. */
  shot(name: string): Promise<string>;
  /** Serious and critical axe violations of the page as it is now. */
  axe(): Promise<{ id: string; impact?: string | null; help: string; nodes: string[] }[]>;
  close(): Promise<void>;
}

/** One in-memory runtime and one headless chromium for a test file. */
export async function openConsole(options: RuntimeOptions = {}): Promise<ConsoleSession> {
  await buildConsole();
  const rt = await startRuntime({ memory: true, port: 0, timeScale: 0.001, quiet: true, ...options });
  const profile = mkdtempSync(join(tmpdir(), 'eum-console-chromium-'));
  // A fresh profile (--user-data-dir) per file: playwright passes it when given as the persistent context's folder.
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    viewport: { width: 1280, height: 800 },
    acceptDownloads: true,
  });
  const page = context.pages()[0] ?? (await context.newPage());
  const pageErrors: string[] = [];
  page.on('pageerror', (err) => pageErrors.push(err.message));
  mkdirSync(SCREENSHOTS, { recursive: true });
  let tokenSent = false;
  return {
    rt,
    browser: context,
    page,
    async open(hash) {
      // The first load carries the token; the console moves it to sessionStorage.
      const url = tokenSent ? `${rt.url}/console/${hash}` : `${rt.url}/console/?token=${rt.consoleToken}${hash}`;
      tokenSent = true;
      await page.goto(url);
      if (pageErrors.length) throw new Error(`page errors: ${pageErrors.join('; ')}`);
    },
    async shot(name) {
      const file = join(SCREENSHOTS, `${name}.png`);
      await page.screenshot({ path: file });
      return file;
    },
    async axe() {
      const result = await new AxeBuilder({ page: page as never }).analyze();
      return result.violations
        .filter((v) => v.impact === 'serious' || v.impact === 'critical')
        .map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 3).map((n) => n.target.join(' ')) }));
    },
    async close() {
      await context.close().catch(() => undefined);
      await rt.stop();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** openConsole, seeded as `npm start` seeds it with the demo scenarios named; fails if one of them does. */
export async function openSeededConsole(scenarios: string[]): Promise<ConsoleSession> {
  const s = await openConsole();
  const results = await runScenarios(s.rt, { quiet: true, only: scenarios });
  expect(
    results.filter((r) => !r.ok),
    JSON.stringify(results),
  ).toEqual([]);
  return s;
}
