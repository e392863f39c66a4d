import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { guidanceFor } from '../../functions/domain/templates/guidance.js';
import { checkTemplate } from '../../functions/domain/templates/validate.js';
import { hasChromium, openSeededConsole, type ConsoleSession } from './harness.js';

/**
 * The operator's Templates and Quality views against the seeded demo, in Debian's chromium: the
 * rejected template's timeline with Meta's reason and the fix; the form's field errors and preview as
 * you type, then a submit followed live to its approval; the quality downgrade on the chart with its
 * alert, its rows as CSV. Each view is screenshotted (1280×800) and checked by axe.
 */
interface EumSandboxView {
  setReviewPlan(plan: { outcome: string; delayMs?: number; reason?: string }, templateName?: string): void;
  triggerTemplateQuality(input: { templateName: string; rating: 'GREEN' | 'YELLOW' | 'RED' }): void;
  setTemplateStatus(templateName: string, status: string, opts?: { reason?: string }): unknown;
  phoneNumber: { id: string; metaPhoneNumberId: string };
}

// Reviews and webhooks run through the whole pipeline on 2 shared cores: generous waits, one minute per test.
describe.skipIf(!hasChromium)('operator views: templates and quality', { timeout: 60_000 }, () => {
  let s: ConsoleSession;
  let eum: EumSandboxView;
  beforeAll(async () => {
    s = await openSeededConsole(['templates', 'quality-analytics']);
    eum = s.rt.sandboxes.eum as unknown as EumSandboxView;
  }, 240_000);
  afterAll(async () => s?.close());

  const noSeriousA11yIssues = async () => expect(await s.axe()).toEqual([]);
  const templates = async () =>
    (await s.rt.action({ action: 'list_templates' })).body.templates as { name: string; language: string; status: string; reason?: string; metaTemplateId: string }[];

  it('catalogue: filters live in the URL; a review waiting now shows its time against 48 h', async () => {
    const { page, rt } = s;
    // One template Meta does not review by itself: it waits in "Reviews waiting now".
    const waiting = `waiting_review_${Date.now().toString(36)}`;
    eum.setReviewPlan({ outcome: 'SILENT' }, waiting);
    const created = await rt.action({
      action: 'create_template',
      name: waiting,
      language: 'en_US',
      category: 'UTILITY',
      components: [{ type: 'BODY', text: 'Hi {{1}}, your table is ready.', example: { body_text: [['Asha']] } }],
    });
    expect(created.statusCode).toBe(200);

    await s.open('#/templates');
    const review = page.locator(`[data-review="${waiting}"]`);
    await review.waitFor();
    expect(await review.textContent()).toMatch(/\d+(\.\d+)? (ms|s|min) of 48 h · times out at /);
    const all = await templates();
    await expect.poll(() => page.locator('tr[data-template]').count(), { timeout: 10_000 }).toBe(all.length);
    await s.shot('templates');
    await noSeriousA11yIssues();

    await page.getByLabel('Status').selectOption('REJECTED');
    await expect.poll(() => page.url(), { timeout: 10_000 }).toContain('status=REJECTED');
    const rejected = all.filter((t) => t.status === 'REJECTED');
    expect(rejected.length).toBeGreaterThan(0);
    await expect.poll(() => page.locator('tr[data-template]').count(), { timeout: 10_000 }).toBe(rejected.length);
    await page.reload();
    expect(await page.getByLabel('Status').inputValue()).toBe('REJECTED');
  });

  it('the rejected template’s timeline shows Meta’s reason and what to do', async () => {
    const { page, rt } = s;
    const bad = (await templates()).find((t) => t.status === 'REJECTED')!;
    await s.open(`#/templates?status=REJECTED`);
    await page.locator(`tr[data-template="${bad.name}"] a`).click();
    await page.waitForURL(new RegExp(`#/templates/${bad.name}/${bad.language}`));
    const timeline = page.getByTestId('template-timeline');
    const rejectedItem = timeline.locator('li[data-status="REJECTED"]');
    await rejectedItem.waitFor();
    const text = (await rejectedItem.textContent()) ?? '';
    expect(text).toContain(`Meta’s reason: ${bad.reason}`);
    expect(text).toContain(guidanceFor('REJECTED', bad.reason));
    // Every stored status is on the timeline in order, the submission first; the same status seen by two paths is one step.
    const stored = (await rt.action({ action: 'get_template', meta_template_id: bad.metaTemplateId })).body.history as { status: string; at: string }[];
    const steps = stored
      .sort((a, b) => a.at.localeCompare(b.at) || Number(b.status === 'PENDING') - Number(a.status === 'PENDING'))
      .map((h) => h.status)
      .filter((st, i, all) => st !== all[i - 1]);
    expect(await timeline.locator('li[data-status]').evaluateAll((els) => els.map((e) => e.getAttribute('data-status')))).toEqual(steps);
    expect(await timeline.locator('li[data-status]').first().textContent()).toContain('Submitted for review (v1)');
    expect(await page.getByTestId('template-guidance').textContent()).toContain(guidanceFor('REJECTED', bad.reason));
    await s.shot('template-timeline');
    await noSeriousA11yIssues();

    // Fixed as Meta's guidance says (resubmitted as MARKETING): the edit is a new version on the same timeline.
    eum.setReviewPlan({ outcome: 'APPROVED', delayMs: 30_000 }, bad.name);
    const storedBody = ((await rt.action({ action: 'get_template', meta_template_id: bad.metaTemplateId })).body.template.components as { type: string; text: string }[]).find(
      (c) => c.type === 'BODY',
    )!.text;
    await page.getByRole('link', { name: 'Edit (new version)' }).click();
    await page.waitForURL(/\/edit$/);
    expect(await page.getByLabel('Body', { exact: true }).inputValue()).toBe(storedBody);
    await page.getByLabel('Category', { exact: true }).selectOption('MARKETING');
    await page.getByRole('button', { name: 'Submit the edit for review' }).click();
    await page.waitForURL(/\?execution=/);
    await expect.poll(() => page.getByTestId('approval-follow').textContent(), { timeout: 20_000 }).toContain('Review finished: approved');
    const titles = await timeline.locator('li[data-status] strong:first-child').allTextContents();
    expect(titles).toEqual(expect.arrayContaining(['Submitted for review (v1)', 'Rejected by Meta', 'Edited: v2 submitted for review', 'Approved by Meta']));
    expect(titles.indexOf('Edited: v2 submitted for review')).toBeGreaterThan(titles.indexOf('Rejected by Meta'));
    await s.shot('template-timeline-edited');
  });

  it('form: the API’s checks as you type, beside the field; the preview follows; submit follows the approval live', async () => {
    const { page } = s;
    await s.open('#/templates/new');
    const name = page.getByLabel('Name', { exact: true });
    await name.fill('Order Ready');
    const nameError = page.locator('[data-field-error="name"]');
    await nameError.waitFor();
    const expected = checkTemplate({ name: 'Order Ready', language: 'en_US', category: 'UTILITY', components: [{ type: 'BODY', text: 'x' }] }).issues.find(
      (i) => i.field === 'name',
    )!;
    expect(await nameError.textContent()).toBe(expected.rule);
    expect(await name.getAttribute('aria-invalid')).toBe('true');

    // A variable at the end of the body breaks a rule; the preview shows the text with the sample in place.
    const body = page.getByLabel('Body', { exact: true });
    await body.fill('Hello {{1}}, your parcel is out for delivery.');
    await page.getByLabel('{{1}}').fill('Ravi');
    await expect.poll(() => page.getByTestId('template-preview').textContent(), { timeout: 10_000 }).toContain('Hello Ravi, your parcel is out for delivery.');
    await body.fill('Your parcel is with {{1}}');
    await expect
      .poll(() => page.locator('[data-field-error="body.text"]').textContent(), { timeout: 10_000 })
      .toContain('a variable cannot be at the start or the end of the text');
    await expect.poll(() => page.getByTestId('template-preview').textContent(), { timeout: 10_000 }).toContain('Your parcel is with Ravi');
    await body.fill('Hello {{1}}, your parcel is out for delivery.');

    // A URL button with a bad URL: the error sits beside it; the button shows in the preview.
    await page.getByRole('button', { name: 'Add button' }).first().click();
    await page.getByLabel('Button 1', { exact: true }).selectOption('URL');
    await page.getByLabel('Button 1 text').fill('Track parcel');
    await page.getByLabel('Button 1 URL').fill('ftp://example.com/track');
    await expect.poll(() => page.locator('[data-field-error="buttons.buttons[0].url"]').textContent(), { timeout: 10_000 }).toContain('an http(s) URL');
    await expect.poll(() => page.getByTestId('template-preview').locator('[data-button-type="URL"]').textContent(), { timeout: 10_000 }).toContain('Track parcel');
    await s.shot('template-form-errors');
    await page.getByLabel('Button 1 URL').fill('https://example.com/track');
    const good = `parcel_out_${Date.now().toString(36)}`;
    await name.fill(good);
    await expect.poll(() => page.getByTestId('check-summary').textContent(), { timeout: 10_000 }).toBe('Passes the project’s checks.');
    await s.shot('template-form');
    await noSeriousA11yIssues();

    // Meta approves a little later: the template page follows the wait until the outcome.
    eum.setReviewPlan({ outcome: 'APPROVED', delayMs: 60_000 }, good);
    await page.getByRole('button', { name: 'Submit for review' }).click();
    await page.waitForURL(new RegExp(`#/templates/${good}/en_US\\?execution=`));
    const follow = page.getByTestId('approval-follow');
    await follow.waitFor();
    expect(await follow.getByRole('link').getAttribute('href')).toMatch(/^#\/executions\/arn/);
    await expect.poll(() => follow.textContent(), { timeout: 20_000 }).toContain('Review finished: approved');
    expect(await page.getByTestId('template-timeline').locator('li[data-status="APPROVED"]').count()).toBe(1);
  });

  it('quality: the downgrade is on the chart with its alert; the rows download as CSV; read now', async () => {
    const { page, rt } = s;
    const phone = eum.phoneNumber;
    const history = (await rt.action({ action: 'get_quality_history', phoneNumberId: phone.id, limit: 100 })).body.entries as {
      event: string | null;
      currentLimit: string;
      previousLimit: string;
    }[];
    const downgrade = history.find((e) => e.event === 'DOWNGRADE')!;
    expect(downgrade).toBeDefined();

    // With no subject in the URL, the only phone number the system knows is chosen.
    await s.open('#/quality');
    await expect.poll(() => page.url(), { timeout: 10_000 }).toContain(`phone=${phone.metaPhoneNumberId}`);
    // The picker lists the numbers linked in EUM (the sandbox's one), each with its name and EUM's rating, the shown one pressed.
    const linked = (await rt.action({ action: 'list_phone_numbers' })).body.phoneNumbers as {
      eumPhoneNumberId: string;
      displayPhoneNumber: string;
      displayPhoneNumberName: string;
      qualityRating: string;
    }[];
    expect(linked.map((p) => p.eumPhoneNumberId)).toEqual([phone.id]);
    const picker = page.getByTestId('phone-picker');
    await expect
      .poll(() => picker.getByRole('button').allTextContents(), { timeout: 10_000 })
      .toEqual(linked.map((p) => `${p.displayPhoneNumber} · ${p.displayPhoneNumberName} ${p.qualityRating.toLowerCase()}`));
    expect(await picker.getByRole('button', { pressed: true }).count()).toBe(1);
    const label = `downgrade: limit ${downgrade.previousLimit.replace('TIER_', '')}→${downgrade.currentLimit.replace('TIER_', '')}`;
    // The alert is a marked line on the chart, with its label.
    await expect.poll(() => page.locator('.quality-alert-label').allTextContents(), { timeout: 10_000 }).toContain(label);
    const table = page.getByRole('region', { name: 'Rating and messaging limit over time (table)' });
    await expect.poll(() => table.locator('tbody tr').count(), { timeout: 10_000 }).toBe(history.length);
    expect(await table.textContent()).toContain('DOWNGRADE');
    expect(await page.getByTestId('quality-alerts').textContent()).toContain('The messaging limit went down');
    await s.shot('quality');
    await noSeriousA11yIssues();

    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Download CSV' }).click();
    const csv = readFileSync((await (await download).path())!, 'utf8')
      .trim()
      .split('\r\n');
    expect(csv[0]).toBe('When (UTC),Meta event,Rating,Previous rating,Messaging limit,Previous limit,Flagged,Alert,Source');
    expect(csv.length).toBe(history.length + 1);
    expect(csv.some((line) => line.includes(',DOWNGRADE,') && line.includes(downgrade.currentLimit) && line.includes(label))).toBe(true);

    await page.getByRole('button', { name: 'Read current value now' }).click();
    await expect.poll(() => page.getByRole('status').filter({ hasText: 'EUM says' }).count(), { timeout: 10_000 }).toBe(1);
  });

  it('quality of a template: its score falls to RED, Meta pauses it; both are marked on the chart; the catalogue shows the score', async () => {
    const { page, rt } = s;
    const t = (await templates()).find((x) => x.status === 'APPROVED' && x.name.startsWith('order_ready_'))!;
    eum.triggerTemplateQuality({ templateName: t.name, rating: 'YELLOW' });
    await expect.poll(async () => (await rt.action({ action: 'get_quality_history', templateId: t.metaTemplateId })).body.current?.rating, { timeout: 25_000 }).toBe('YELLOW');
    // Meta's webhooks carry whole seconds, and two changes in the same second are ordered by event id
    // (RED sorts before YELLOW): the drop is sent in the next second, as it would be in life.
    await new Promise((r) => setTimeout(r, 1020 - (Date.now() % 1000)));
    eum.triggerTemplateQuality({ templateName: t.name, rating: 'RED' });
    await expect.poll(async () => (await rt.action({ action: 'get_quality_history', templateId: t.metaTemplateId })).body.current?.rating, { timeout: 25_000 }).toBe('RED');
    eum.setTemplateStatus(t.name, 'PAUSED', { reason: 'LOW_QUALITY' });
    await expect.poll(async () => (await rt.action({ action: 'get_template', meta_template_id: t.metaTemplateId })).body.template.status, { timeout: 25_000 }).toBe('PAUSED');

    await s.open(`#/quality?template=${t.metaTemplateId}`);
    const labels = () => page.locator('.quality-alert-label').allTextContents();
    await expect.poll(labels, { timeout: 25_000 }).toContain('downgrade: rating YELLOW→RED');
    expect((await labels()).some((l) => l.startsWith('paused'))).toBe(true);
    expect(await page.getByTestId('current-rating').textContent()).toBe('red');
    expect(await page.getByTestId('quality-alerts').textContent()).toContain('paused');
    await s.shot('quality-template');
    await noSeriousA11yIssues();

    await s.open(`#/templates?q=${t.name}`);
    const row = page.locator(`tr[data-template="${t.name}"]`);
    await expect.poll(() => row.textContent(), { timeout: 10_000 }).toContain('paused');
    expect(await row.locator('td').nth(4).textContent()).toBe('red');
  });
});
