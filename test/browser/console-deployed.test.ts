import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDeployedConsole, type DeployedConsole } from '../../local/console-deployed/server.js';
import { resolveStack } from '../../local/console-deployed/stack.js';
import { hasChromium, openSeededConsole, type ConsoleSession } from './harness.js';

/**
 * `eum-social console --stack-url …` in a browser, against the local runtime as if it were a deployed
 * stack (Step Functions through its AWS endpoint, actions signed to its /actions): the executions it
 * shows are the runtime's, and a twin-only view explains itself instead of failing.
 */
describe.skipIf(!hasChromium)('deployed-stack console in a browser', () => {
  let s: ConsoleSession;
  let dc: DeployedConsole;
  beforeAll(async () => {
    s = await openSeededConsole(['backbone', 'templates']);
    await s.rt.idle();
    dc = await startDeployedConsole(await resolveStack({ stackUrl: `${s.rt.url}/actions`, region: 'local', endpointUrl: s.rt.url }));
  });
  afterAll(async () => {
    await dc?.close();
    await s?.close();
  });

  it('shows the stack’s executions and an execution’s graph', async () => {
    const { page, rt } = s;
    await page.goto(`${dc.consoleUrl}#/executions`);
    expect(page.url()).not.toContain('token=');
    const all = await rt.executions();
    expect(all.length).toBeGreaterThan(0);
    await expect.poll(() => page.getByText(`${all.length} executions`).count()).toBe(1);
    await expect.poll(() => page.getByText('Deployed stack').count()).toBe(1);
    expect(await page.getByRole('link', { name: /Events \(twin only\)/ }).count()).toBe(1);
    await s.shot('deployed-executions');
    expect(await s.axe()).toEqual([]);

    const one = all.find((e) => e.stateMachine === 'template-approval')!;
    await page.goto(`${dc.url}/console/#/executions/${encodeURIComponent(one.executionArn)}`);
    // The graph's nodes carry their status word, as on the twin.
    await expect.poll(() => page.locator('.react-flow__node').count(), { timeout: 10_000 }).toBeGreaterThan(3);
    await expect.poll(() => page.getByText('ChooseTick').count()).toBeGreaterThan(0);
    await s.shot('deployed-execution');
  });

  it('an operator view reads the stack through the signed actions API', async () => {
    const { page, rt } = s;
    const templates = (await rt.action({ action: 'list_templates' })).body.templates as { name: string }[];
    expect(templates.length).toBeGreaterThan(0);
    await page.goto(`${dc.url}/console/#/templates`);
    await expect.poll(() => page.locator('tr[data-template]').count(), { timeout: 10_000 }).toBe(templates.length);
    expect(await page.locator('table').first().textContent()).toContain(templates[0]!.name);
    await s.shot('deployed-templates');
  });

  it('a twin-only view says it is not available on a deployed stack, and where to look instead', async () => {
    const { page } = s;
    await page.goto(`${dc.url}/console/#/journey/evt-anything`);
    const notice = page.locator('.not-deployed');
    await expect.poll(() => notice.count()).toBe(1);
    expect(await notice.textContent()).toMatch(/Not available on a deployed stack\..*CloudWatch Logs Insights/);
    await page.goto(`${dc.url}/console/#/customer`);
    await expect.poll(async () => (await page.locator('.not-deployed').textContent()) ?? '').toMatch(/WhatsApp Manager/);
    await page.goto(`${dc.url}/console/#/events`);
    await expect.poll(async () => (await page.locator('.not-deployed').textContent()) ?? '').toMatch(/EventBridge does not list the events/);
    await s.shot('deployed-not-available');
    expect(await s.axe()).toEqual([]);
  });
});
