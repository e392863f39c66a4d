import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runScenarios } from '../../local/demo/harness.js';
import { hasChromium, openConsole, type ConsoleSession } from './harness.js';

/**
 * Every view of the console against a real in-memory runtime, in a real chromium: each test does
 * what the view is for, takes a 1280×800 screenshot and runs axe (no serious or critical violation).
 */
describe.skipIf(!hasChromium)('console in a browser', () => {
  let s: ConsoleSession;
  beforeAll(async () => {
    s = await openConsole();
    // The demo's backbone scenario: messages out, status webhooks in, executions.
    const results = await runScenarios(s.rt, { quiet: true, only: ['backbone'] });
    expect(results.every((r) => r.ok), JSON.stringify(results)).toBe(true);
  });
  afterAll(async () => s?.close());

  it('executions: lists them, filters by machine in the URL, searches by subject', async () => {
    await s.open('#/executions');
    const { page } = s;
    await page.getByRole('table').locator('tbody tr').first().waitFor();
    const executions = await s.rt.executions();
    expect(executions.length).toBeGreaterThan(0);
    await s.shot('executions');
    expect(await s.axe()).toEqual([]);
  });
});
